import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import {
	StorageUnavailableError,
	UNAVAILABLE_WRITE,
	UnstorableInputError,
	WriteConflictError
} from '../storage/errors';
import { FileSessionStore } from '../storage/file/sessions';
import type { Hub } from './hub';
import { useHubs } from './testing';

const hubs = useHubs('sandtable-live-');

function createSession(hub: Hub) {
	return hub.create({
		scenarioFile: phishFile(),
		scenarioHash: 'h1',
		title: 'Two writers',
		teams: ['Blue'],
		speed: 1,
		release: 'manual',
		facilitatorId: 'u1'
	});
}

describe('a session with another writer', () => {
	it('runs a command again on the stored log when another writer appended first', async () => {
		// Two hubs over one store stand for two app instances over one database.
		const store = new FileSessionStore(join(hubs.dir, 'sessions'));
		const first = hubs.newHub(store);
		const second = hubs.newHub(store);
		const here = await createSession(first);
		const there = (await second.get(here.id))!;
		expect((await here.execute((s) => command.start(s))).ok).toBe(true);
		// The second copy still ends at the creation: its append is refused, it reloads, retries.
		const joined = await second.join(there, { name: 'Ana', teamId: 'blue', role: 'ic' });
		expect(joined.ok).toBe(true);
		expect(there.state.status).toBe('running');
		expect(Object.values(there.state.participants).map((p) => p.name)).toEqual(['Ana']);
		const stored = (await store.load(here.id))!;
		expect(stored.events.map((e) => e.seq)).toEqual(stored.events.map((_, i) => i + 1));
		expect(stored.events.map((e) => e.type)).toEqual([
			'session.created',
			'clock.started',
			'participant.joined'
		]);
		expect(Object.values(stored.tokens)).toHaveLength(1);
	});

	it('gives up, keeping nothing, when the log keeps moving on', async () => {
		const store = new FileSessionStore(join(hubs.dir, 'sessions'));
		const session = await createSession(hubs.newHub(store));
		const append = vi
			.spyOn(store, 'append')
			.mockRejectedValue(new WriteConflictError('the log moved on'));
		const result = await session.execute((s) => command.start(s));
		expect(result).toMatchObject({ ok: false, status: 503 });
		expect(append).toHaveBeenCalledTimes(13);
		expect(session.state.status).toBe('lobby');
		expect(session.state.seq).toBe(1);
	});
});

describe('a store that cannot take the write', () => {
	it('refuses with 503 "Not saved" while the database is away, keeping nothing, then works', async () => {
		const store = new FileSessionStore(join(hubs.dir, 'sessions'));
		const session = await createSession(hubs.newHub(store));
		const append = vi
			.spyOn(store, 'append')
			.mockRejectedValueOnce(new StorageUnavailableError('gone', { code: 'ECONNREFUSED' }));
		expect(await session.execute((s) => command.start(s))).toEqual({
			ok: false,
			status: 503,
			message: UNAVAILABLE_WRITE
		});
		expect(session.state.status).toBe('lobby');
		expect((await session.execute((s) => command.start(s))).ok).toBe(true);
		expect(append).toHaveBeenCalledTimes(2);
		expect((await store.load(session.id))!.events.map((e) => e.type)).toEqual([
			'session.created',
			'clock.started'
		]);
	});

	it('refuses with 400 a value the store cannot hold (a NUL character in PostgreSQL)', async () => {
		const store = new FileSessionStore(join(hubs.dir, 'sessions'));
		const session = await createSession(hubs.newHub(store));
		vi.spyOn(store, 'append').mockRejectedValueOnce(new UnstorableInputError('nul'));
		expect(await session.execute((s) => command.start(s))).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringMatching(/NUL character/)
		});
		expect(session.state.seq).toBe(1);
	});
});

describe('a team’s last decision', () => {
	it('reaches the team’s ending as soon as it locks, without waiting for another command', async () => {
		const hub = hubs.newHub(new FileSessionStore(join(hubs.dir, 'sessions')));
		const brief = phishFile().injects[0];
		const session = await hub.create({
			scenarioFile: phishFile({
				injects: [
					{
						...brief,
						decisions: [{ ...brief.decisions![0], team: { decider: 'ic' } }]
					}
				],
				attacker: [],
				endings: [{ id: 'done', title: 'Done', outcome: 'good', summary: 'Ready.' }]
			}),
			scenarioHash: 'h1',
			title: 'One decision',
			teams: ['Blue'],
			speed: 1,
			// Manual release: no timer is armed, so nothing but the answer itself can end the team.
			release: 'manual',
			facilitatorId: 'u1'
		});
		const joined = await hub.join(session, { name: 'Ian', teamId: 'blue', role: 'ic' });
		if (!joined.ok) throw new Error(joined.message);
		expect((await session.execute((s) => command.start(s))).ok).toBe(true);
		const released = await session.execute((s, now) =>
			command.release(session.scenario, s, { teamId: 'blue', injectId: 'brief' }, now)
		);
		expect(released.ok).toBe(true);
		expect(session.armed).toBe(false);
		const locked = await session.execute((s) =>
			command.submitResponse(session.scenario, s, {
				responseId: 'r1',
				participantId: joined.participantId,
				injectId: 'brief',
				decisionId: 'ready',
				value: { kind: 'single', optionId: 'yes' }
			})
		);
		expect(locked.ok).toBe(true);
		expect(session.state.teams.blue.decisions['brief/ready']?.status).toBe('locked');
		expect(session.state.teams.blue.ending).toMatchObject({ endingId: 'done' });
		const stored = await new FileSessionStore(join(hubs.dir, 'sessions')).load(session.id);
		expect(stored!.events.at(-1)).toMatchObject({ type: 'team.completed', endingId: 'done' });
	});
});
