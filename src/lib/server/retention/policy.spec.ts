import { describe, expect, it } from 'vitest';
import type { SessionMeta } from '../storage/sessions';
import { DAY_MS, describeRetention, dueForAnonymising } from './policy';

const NOW = Date.UTC(2026, 11, 2, 12);

function meta(id: string, patch: Partial<SessionMeta>): SessionMeta {
	return {
		id,
		joinCode: 'ABCDEFGHJK',
		scenarioId: 'phish',
		scenarioTitle: 'Phish',
		scenarioHash: 'h',
		title: id,
		facilitatorId: 'u1',
		teams: [],
		speed: 1,
		release: 'auto',
		status: 'ended',
		createdAt: 0,
		startedAt: 0,
		endedAt: NOW - 40 * DAY_MS,
		...patch
	};
}

describe('the retention policy', () => {
	const sessions = [
		meta('old', {}),
		meta('older', { endedAt: NOW - 90 * DAY_MS }),
		meta('recent', { endedAt: NOW - 29 * DAY_MS }),
		meta('exactly30', { endedAt: NOW - 30 * DAY_MS }),
		meta('done', { anonymisedAt: NOW - DAY_MS }),
		meta('running', { status: 'running', endedAt: null }),
		meta('lobby', { status: 'lobby', endedAt: null, startedAt: null })
	];

	it('picks ended sessions past the period, not yet anonymised, oldest first', () => {
		expect(dueForAnonymising(sessions, 30, NOW)).toEqual(['older', 'old', 'exactly30']);
	});

	it('follows the clock: a day later the 29-day-old one is due too', () => {
		expect(dueForAnonymising(sessions, 30, NOW + DAY_MS)).toContain('recent');
	});

	it('takes every ended session with a period of 0, and none without a period', () => {
		expect(dueForAnonymising(sessions, 0, NOW).sort()).toEqual(
			['exactly30', 'old', 'older', 'recent'].sort()
		);
		expect(dueForAnonymising(sessions, null, NOW)).toEqual([]);
	});

	it('says the setting in words', () => {
		expect(describeRetention(null)).toMatch(/kept/);
		expect(describeRetention(1)).toMatch(/1 day after/);
		expect(describeRetention(90)).toMatch(/90 days after/);
	});
});
