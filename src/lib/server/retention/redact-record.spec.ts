import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import { verifyRecord } from '#lib/evidence/record.js';
import { RETENTION_ACTOR, redactLog } from '#lib/evidence/redact.js';
import { recordOf } from '../evidence/export';
import { sealer } from '../evidence/installation';
import { loadOrCreateKey, type InstallationKey } from '../evidence/key';
import { scenarioHash } from '../scenarios';
import { Hub } from '../sessions/hub';
import { FileSessionStore } from '../storage/file/sessions';

let dir = '';
let hub: Hub;
let store: FileSessionStore;
let key: InstallationKey;
const lead = { id: 'u-lead', name: 'Lee Lead' };

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-redact-'));
	key = loadOrCreateKey(dir);
	store = new FileSessionStore(join(dir, 'sessions'));
	hub = new Hub(
		store,
		sealer(() => key)
	);
});
afterEach(async () => {
	hub.close();
	await rm(dir, { recursive: true, force: true });
});

/** Two trainees, one chat line naming the other, ended by the lead; the ended session. */
async function played() {
	const file = phishFile();
	const session = await hub.create({
		scenarioFile: file,
		scenarioHash: scenarioHash(file),
		title: 'Retention drill',
		teams: ['Blue'],
		speed: 1,
		release: 'manual',
		facilitatorId: 'u1'
	});
	expect((await hub.join(session, { name: 'Ana Ruiz', teamId: 'blue', role: 'ic' })).ok).toBe(true);
	expect((await hub.join(session, { name: 'Ben Cole', teamId: 'blue', role: 'ic' })).ok).toBe(true);
	expect((await session.execute((s) => command.start(s))).ok).toBe(true);
	const ended = await session.execute((s, now) => command.end(session.scenario, s, now, lead));
	expect(ended.ok).toBe(true);
	return session;
}

describe('an anonymised record (issue 17)', () => {
	it('is re-chained and re-sealed: it verifies, says it was redacted and names nobody', async () => {
		const session = await played();
		const original = await recordOf(session, lead, key, 1_700_000_000_000);
		expect(verifyRecord(original).ok).toBe(true);
		const stored = (await store.load(session.id))!;
		const events = redactLog({
			sessionId: session.id,
			scenarioHash: stored.meta.scenarioHash,
			events: stored.events,
			reason: 'retention',
			by: RETENTION_ACTOR,
			now: 1_800_000_000_000,
			sign: sealer(() => key)
		});
		await store.replace({ ...stored, tokens: {}, events }, stored.events.length);
		hub.forget(session.id);
		const again = (await hub.get(session.id))!;
		expect(Object.values(again.state.participants).map((p) => p.name)).toEqual([
			'Trainee 1',
			'Trainee 2'
		]);
		const record = await recordOf(again, lead, key, 1_800_000_000_001);
		const text = JSON.stringify(record);
		expect(text).not.toMatch(/Ana|Ruiz|Ben|Cole/);
		const verdict = verifyRecord(record);
		expect(verdict.problems).toEqual([]);
		expect(verdict.ok).toBe(true);
		expect(verdict.summary).toMatch(/anonymised \(retention\)/);
		expect(verdict.redacted).toMatchObject({
			reason: 'retention',
			by: RETENTION_ACTOR,
			participants: 2,
			fields: ['participant.joined.name'],
			previous: { events: stored.events.length, finalHash: original.finalHash }
		});
		// The earlier seal is kept as it was, so an auditor with the first export can link the two.
		expect(verdict.redacted!.previous.seals[0]).toEqual(
			original.events.find((e) => e.type === 'record.sealed')!.seal
		);
		expect(verdict.notes.join('\n')).toMatch(/earlier seal is genuine/);
		// Altering the redacted log still shows.
		const tampered = structuredClone(record);
		(tampered.events[1] as { name: string }).name = 'Ana Ruiz';
		expect(verifyRecord(tampered).ok).toBe(false);
	});

	it('refuses to anonymise twice', async () => {
		const session = await played();
		const stored = (await store.load(session.id))!;
		const input = {
			sessionId: session.id,
			scenarioHash: stored.meta.scenarioHash,
			reason: 'manual' as const,
			by: lead,
			now: 1,
			sign: sealer(() => key)
		};
		const once = redactLog({ ...input, events: stored.events });
		expect(() => redactLog({ ...input, events: once })).toThrow(/anonymised already/);
	});
});
