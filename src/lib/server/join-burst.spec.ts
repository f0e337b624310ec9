import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { phishFile } from '#lib/engine/testing.js';

// joinWithCode uses the app's hub on DATA_DIR: point it at a temporary folder before loading it.
const dir = mkdtempSync(join(tmpdir(), 'sandtable-join-burst-'));
process.env.DATA_DIR = dir;
const { joinWithCode, JOIN_LIMITS } = await import('./join');
const { hub, formatJoinCode } = await import('./sessions/hub');

afterAll(() => {
	hub.close();
	rmSync(dir, { recursive: true, force: true });
});

async function openSession() {
	const session = await hub.create({
		scenarioFile: phishFile(),
		scenarioHash: 'h1',
		title: 'Town hall',
		teams: ['Red'],
		speed: 1,
		release: 'manual',
		facilitatorId: 'u1'
	});
	return formatJoinCode(session.meta.joinCode);
}

describe('joining with a code', () => {
	it('lets a whole room join at the same moment from one address', async () => {
		const code = await openSession();
		const room = JOIN_LIMITS.perCode + JOIN_LIMITS.perAddress;
		const joins = await Promise.all(
			Array.from({ length: room }, (_, i) =>
				joinWithCode({ code, name: `Trainee ${i}`, team: 'Red', role: 'analyst' }, '10.7.0.1')
			)
		);
		expect(joins.filter((j) => j.ok)).toHaveLength(room);
	});

	it('still counts failures: wrong codes, then an unknown team, reach the limit', async () => {
		const code = await openSession();
		for (let i = 0; i < JOIN_LIMITS.perAddress - 1; i++) {
			const wrong = await joinWithCode(
				{ code: 'ZZZZZ-ZZZZZ', name: 'Guess', team: 'Red', role: 'analyst' },
				'10.7.0.2'
			);
			expect(wrong).toMatchObject({ ok: false, status: 404 });
		}
		const badTeam = await joinWithCode(
			{ code, name: 'Typo', team: 'Rde', role: 'analyst' },
			'10.7.0.2'
		);
		expect(badTeam).toMatchObject({ ok: false, status: 404 });
		const refused = await joinWithCode(
			{ code, name: 'Late', team: 'Red', role: 'analyst' },
			'10.7.0.2'
		);
		expect(refused).toMatchObject({ ok: false, status: 429 });
	});

	it('does not count a join the server could not take (503) as a failed attempt', async () => {
		const code = await openSession();
		const busy = vi
			.spyOn(hub, 'join')
			.mockResolvedValue({ ok: false, status: 503, message: 'not saved: try again.' });
		for (let i = 0; i < JOIN_LIMITS.perAddress + 5; i++) {
			const join = await joinWithCode(
				{ code, name: `Busy ${i}`, team: 'Red', role: 'analyst' },
				'10.7.0.3'
			);
			expect(join).toMatchObject({ ok: false, status: 503 });
		}
		busy.mockRestore();
		const later = await joinWithCode(
			{ code, name: 'Once it is calm', team: 'Red', role: 'analyst' },
			'10.7.0.3'
		);
		expect(later.ok).toBe(true);
	});
});
