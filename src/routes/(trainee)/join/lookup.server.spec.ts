import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The hub opens DATA_DIR when it is first imported: point it at a scratch folder first, and
// import the app's modules only then.
const dataDir = mkdtempSync(join(tmpdir(), 'sandtable-join-'));
process.env.DATA_DIR = dataDir;

const { phishFile } = await import('#lib/engine/testing.js');
const { JOIN_LIMITS, UNKNOWN_CODE } = await import('#lib/server/join.js');
const { hub } = await import('#lib/server/sessions/hub.js');
const { control } = await import('#lib/server/sessions/service.js');
const { BAD_SHAPE, ENDED, choices, lookUpCode } = await import('./lookup.server');

afterAll(() => {
	hub.close();
	rmSync(dataDir, { recursive: true, force: true });
});

function create(title: string) {
	return hub.create({
		scenarioFile: phishFile(),
		scenarioHash: 'h',
		title,
		teams: ['Red', 'Blue'],
		speed: 1,
		release: 'auto',
		facilitatorId: 'u1'
	});
}

/** A code of the right shape that belongs to no session. */
function wrongCode(code: string): string {
	return code.slice(0, 9) + (code.endsWith('A') ? 'B' : 'A');
}

describe('looking up a join code', () => {
	it('finds an open session however the code is typed, and lists its teams and roles', async () => {
		const session = await create('Drill');
		const typed = `${session.meta.joinCode.slice(0, 5)} - ${session.meta.joinCode.slice(5)}`;
		const found = await lookUpCode(typed.toLowerCase(), '10.0.0.1');
		expect(found.ok && found.session.id).toBe(session.id);
		const offered = choices(session);
		expect(offered.teams).toEqual([
			{ id: 'red', name: 'Red' },
			{ id: 'blue', name: 'Blue' }
		]);
		expect(offered.roles.map((r) => r.name)).toEqual(['Incident commander', 'SOC analyst']);
		expect(offered.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
	});

	it('answers a wrong code with one message, whatever exists, and a malformed one without counting', async () => {
		const session = await create('Drill 2');
		const wrong = await lookUpCode(wrongCode(session.meta.joinCode), '10.0.0.2');
		expect(wrong).toEqual({ ok: false, status: 404, message: UNKNOWN_CODE });
		expect(await lookUpCode('hello', '10.0.0.2')).toEqual({
			ok: false,
			status: 400,
			message: BAD_SHAPE
		});
	});

	it('stops an address after too many wrong codes, even for a right one, but not others', async () => {
		const session = await create('Drill 3');
		const address = '10.0.0.3';
		for (let i = 0; i < JOIN_LIMITS.perAddress; i++) {
			const r = await lookUpCode(wrongCode(session.meta.joinCode), address);
			expect(r.ok || r.status).toBe(404);
		}
		const blocked = await lookUpCode(session.meta.joinCode, address);
		expect(blocked.ok || blocked.status).toBe(429);
		expect(blocked.ok || blocked.retryAfterSeconds).toBeGreaterThan(0);
		// Malformed codes are not attempts: they neither count nor get through.
		expect((await lookUpCode('x', address)).ok || 'refused').toBe('refused');
		const other = await lookUpCode(session.meta.joinCode, '10.0.0.4');
		expect(other.ok).toBe(true);
	});

	it('lets a room behind one address in: found codes give their attempt back', async () => {
		const session = await create('Drill 4');
		for (let i = 0; i < JOIN_LIMITS.perAddress * 2; i++) {
			const r = await lookUpCode(session.meta.joinCode, '10.0.0.5');
			expect(r.ok).toBe(true);
		}
	});

	it('says so when the exact code belongs to a session that has ended', async () => {
		const session = await create('Drill 5');
		expect((await control(session, 'start')).ok).toBe(true);
		expect((await control(session, 'end')).ok).toBe(true);
		const ended = await lookUpCode(session.meta.joinCode, '10.0.0.6');
		expect(ended).toEqual({ ok: false, status: 410, message: ENDED });
	});
});
