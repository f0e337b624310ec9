import { describe, expect, it } from 'vitest';
import { explorePaths } from '#lib/engine/check/paths.js';
import { phishScenario } from '#lib/engine/testing.js';
import type { CatalogueEntry } from '#lib/server/scenarios.js';
import { scenarioSummary, sessionSummary } from './present';

describe('API presenters', () => {
	it('summarises a valid scenario with its covered phases, paths and durations in minutes', () => {
		const scenario = phishScenario();
		const report = explorePaths(scenario);
		const entry = {
			id: 'phish',
			path: '/x/phish.yaml',
			fileName: 'phish.yaml',
			origin: 'bundled',
			valid: true,
			errors: [],
			warnings: [],
			scenario,
			source: scenario.file,
			hash: 'abc',
			report,
			mtimeMs: 0
		} satisfies CatalogueEntry;
		const s = scenarioSummary(entry);
		expect(s.title).toBe('Phish');
		expect(s.paths).toBe(report.paths);
		expect(s.maxMinutes).toBe((report.maxMs ?? 0) / 60_000);
		const used = new Set(scenario.injects.map((i) => i.phase));
		expect(s.phases.map((p) => p.id).every((id) => used.has(id))).toBe(true);
		expect(s.phases.length).toBe(used.size);
		expect(s.endings.reduce((n, e) => n + e.paths, 0)).toBe(
			Object.values(report.endings).reduce((a, b) => a + b, 0)
		);
		expect(JSON.stringify(s)).not.toContain('feedback');
	});

	it('shows a broken file with its errors and nulls for what it could not read', () => {
		const error = { file: 'bad.yaml', line: 3, column: 5, message: 'title: required' };
		const s = scenarioSummary({
			id: 'bad',
			path: '/x/bad.yaml',
			fileName: 'bad.yaml',
			origin: 'uploaded',
			valid: false,
			errors: [error],
			warnings: [],
			mtimeMs: 0
		});
		expect(s).toMatchObject({ id: 'bad', title: null, valid: false, paths: null, hash: null });
		expect(s.errors).toEqual([error]);
	});

	it('lists a session with a readable join code and ISO times', () => {
		const s = sessionSummary(
			{
				id: 'abcdef0123456789',
				joinCode: 'ABCDEFGHJK',
				scenarioId: 'phish',
				scenarioTitle: 'Phish',
				scenarioHash: 'h',
				title: 'Drill',
				facilitatorId: 'u1',
				teams: [{ id: 'red', name: 'Red' }],
				speed: 1,
				release: 'auto',
				status: 'lobby',
				createdAt: 0,
				startedAt: null,
				endedAt: null
			},
			'https://st.example'
		);
		expect(s.joinCode).toBe('ABCDE-FGHJK');
		expect(s.createdAt).toBe('1970-01-01T00:00:00.000Z');
		expect(s.url).toBe('https://st.example/sessions/abcdef0123456789');
		expect(s).not.toHaveProperty('scenarioHash');
	});
});
