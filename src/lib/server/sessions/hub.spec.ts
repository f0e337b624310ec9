import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import { FileSessionRepository } from '../storage/file/session-files';
import { useHubs } from './testing';
import { Hub, formatJoinCode, normaliseJoinCode } from './hub';

const hubs = useHubs('sandtable-hub-');
const newHub = () => hubs.newHub();

async function createSession(hub: Hub) {
	return hub.create({
		scenarioFile: phishFile(),
		scenarioHash: 'h1',
		title: 'Tuesday drill',
		teams: ['Red team', 'Red team', 'Blue'],
		speed: 1,
		release: 'auto',
		facilitatorId: 'u1'
	});
}

describe('live-session hub', () => {
	it('creates a session with a join code and unique team ids, findable by code', async () => {
		const hub = newHub();
		const session = await createSession(hub);
		expect(session.meta.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
		expect(session.state.teamOrder).toEqual(['red-team', 'red-team-2', 'blue']);
		const formatted = formatJoinCode(session.meta.joinCode).toLowerCase();
		expect(normaliseJoinCode(formatted)).toBe(session.meta.joinCode);
		expect((await hub.byJoinCode(formatted))?.id).toBe(session.id);
		expect(await hub.byJoinCode('NOPE')).toBeNull();
	});

	it('acknowledges an answer only once it is in the file', async () => {
		const hub = newHub();
		const session = await createSession(hub);
		const joined = await hub.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' });
		if (!joined.ok) throw new Error(joined.message);
		expect(hub.participant(session, joined.token)?.name).toBe('Ana');
		expect(hub.participant(session, 'stp_forged')).toBeNull();
		await session.execute((s) => command.start(s));
		const result = await session.execute((s) =>
			command.submitResponse(session.scenario, s, {
				responseId: 'r1',
				participantId: joined.participantId,
				injectId: 'brief',
				decisionId: 'ready',
				value: { kind: 'single', optionId: 'yes' }
			})
		);
		expect(result.ok).toBe(true);
		// On disk: the session file and its journal, read as a restarted server would.
		const onDisk = (await new FileSessionRepository(join(hubs.dir, 'sessions')).open(session.id))!
			.data;
		expect(onDisk.events.filter((e) => e.type === 'response.submitted')).toHaveLength(1);
		const raw =
			(await readFile(join(hubs.dir, 'sessions', `${session.id}.json`), 'utf8')) +
			(await readFile(join(hubs.dir, 'sessions', `${session.id}.journal`), 'utf8'));
		expect(raw).not.toContain(joined.token);
		expect(session.response('r1')?.participantId).toBe(joined.participantId);
	});

	it('brings an unfinished session back after a restart, on the same clock', async () => {
		const first = newHub();
		const session = await createSession(first);
		await first.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' });
		await session.execute((s) => command.start(s));
		const before = structuredClone(session.state);
		first.close();
		const second = newHub();
		await second.start();
		const again = await second.get(session.id);
		expect(again?.state.participants).toEqual(before.participants);
		expect(again?.state.teams.blue.releaseOrder).toEqual(['brief']);
		expect((await second.list()).map((m) => [m.id, m.status])).toEqual([[session.id, 'running']]);
	});

	it('keeps its timer set when it wakes before anything is due', async () => {
		// Node's timers run on a cached loop clock that lags Date.now() under load, and long
		// waits are cut into 60 s timers: either way a timer can fire with nothing due yet.
		const hub = newHub();
		const session = await createSession(hub);
		await session.execute((s) => command.start(s));
		await session.tick(); // the briefing, due at 0
		expect(session.armed).toBe(true);
		const seq = session.state.seq;
		await session.wake();
		expect(session.state.seq).toBe(seq);
		expect(session.armed).toBe(true);
	});

	it('lists a session whose file exists but which the index lost', async () => {
		const first = newHub();
		const session = await createSession(first);
		first.close();
		await writeFile(
			join(hubs.dir, 'sessions', 'index.json'),
			JSON.stringify({ version: 1, sessions: [] })
		);
		const second = newHub();
		await second.start();
		expect((await second.list()).map((m) => m.id)).toEqual([session.id]);
	});

	it('refuses an answer it could not save, and keeps nothing of it', async () => {
		const hub = newHub();
		const session = await createSession(hub);
		const joined = await hub.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' });
		if (!joined.ok) throw new Error(joined.message);
		await session.execute((s) => command.start(s));
		await session.tick(); // the briefing, due at 0: nothing else comes due for minutes
		// A directory where the journal should be: the append fails, as on a failing disk.
		await rm(join(hubs.dir, 'sessions', `${session.id}.journal`), { force: true });
		await mkdir(join(hubs.dir, 'sessions', `${session.id}.journal`));
		const result = await session.execute((s) =>
			command.submitResponse(session.scenario, s, {
				responseId: 'r1',
				participantId: joined.participantId,
				injectId: 'brief',
				decisionId: 'ready',
				value: { kind: 'single', optionId: 'yes' }
			})
		);
		expect(result).toMatchObject({ ok: false, status: 503 });
		expect(session.state.responses).toEqual([]);
		expect(session.response('r1')).toBeUndefined();
	});
});
