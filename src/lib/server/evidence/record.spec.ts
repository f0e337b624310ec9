import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import { canonicalJson } from '#lib/engine/scenario/canonical.js';
import { foldHash, link, sessionGenesis } from '#lib/evidence/chain.js';
import {
	serializeRecord,
	signedPart,
	verifyRecord,
	type SignedRecord
} from '#lib/evidence/record.js';
import { exportText } from '#lib/evidence/signing.js';
import { scenarioHash } from '../scenarios';
import { Hub } from '../sessions/hub';
import { FileSessionStore } from '../storage/file/sessions';
import type { StoredSession } from '../storage/sessions';
import { recordOf } from './export';
import { sealer } from './installation';
import { loadOrCreateKey, type InstallationKey } from './key';

let dir = '';
let hub: Hub;
let key: InstallationKey;
const lead = { id: 'u-lead', name: 'Lee Lead' };

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-record-'));
	key = loadOrCreateKey(dir);
	hub = new Hub(
		new FileSessionStore(join(dir, 'sessions')),
		sealer(() => key)
	);
});
afterEach(async () => {
	hub.close();
	await rm(dir, { recursive: true, force: true });
});

/** A short exercise: created, one trainee, started, an observation, ended by the lead. */
async function playedRecord(): Promise<SignedRecord> {
	const file = phishFile();
	const session = await hub.create({
		scenarioFile: file,
		scenarioHash: scenarioHash(file),
		title: 'Evidence drill',
		teams: ['Blue'],
		speed: 1,
		release: 'manual',
		facilitatorId: 'u1'
	});
	expect((await hub.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' })).ok).toBe(true);
	expect((await session.execute((s) => command.start(s))).ok).toBe(true);
	const ended = await session.execute((s, now) => command.end(session.scenario, s, now, lead));
	expect(ended.ok).toBe(true);
	return recordOf(session, lead, key, 1_700_000_000_000);
}

/** The record after `change`, as a fresh copy (the way an edited file is read back). */
function altered(record: SignedRecord, change: (r: SignedRecord) => void): SignedRecord {
	const copy = JSON.parse(serializeRecord(record)) as SignedRecord;
	change(copy);
	return copy;
}

describe('the key', () => {
	it('is created once, private to its owner, and loaded the same afterwards', async () => {
		const again = loadOrCreateKey(dir);
		expect(again.publicKey).toEqual(key.publicKey);
		expect((await stat(key.path)).mode & 0o777).toBe(0o600);
		expect(key.publicKey.fingerprint).toMatch(/^SHA256:[0-9a-f]{64}$/);
	});

	it('stops the start, naming the file, when the key file is damaged', async () => {
		const other = join(dir, 'damaged');
		await mkdir(join(other, 'keys'), { recursive: true });
		await writeFile(join(other, 'keys', 'record-signing.pem'), 'not a key');
		expect(() => loadOrCreateKey(other)).toThrow(
			`${join(other, 'keys', 'record-signing.pem')}: not a private key in PEM form`
		);
	});
});

describe('a session record', () => {
	it('chains every event, seals the end and verifies', async () => {
		const record = await playedRecord();
		expect(record.events[0].prev).toBe(sessionGenesis(record.sessionId, record.scenarioHash));
		expect(record.events.every((e) => typeof e.prev === 'string')).toBe(true);
		const sealed = record.events.at(-1)!;
		expect(sealed.type).toBe('record.sealed');
		if (sealed.type !== 'record.sealed') return;
		expect(sealed.seal.endedBy).toEqual(lead);
		expect(sealed.seal.upToSeq).toBe(sealed.seq - 1);
		expect(sealed.seal.finalHash).toBe(
			foldHash(sessionGenesis(record.sessionId, record.scenarioHash), record.events.slice(0, -1))
		);
		const verdict = verifyRecord(JSON.parse(serializeRecord(record)));
		expect(verdict.problems).toEqual([]);
		expect(verdict.ok).toBe(true);
		expect(verdict.summary).toBe(
			`verified: ${record.events.length} events, sealed by Lee Lead at ${new Date(sealed.seal.sealedAt).toISOString()}, key fingerprint ${key.publicKey.fingerprint}`
		);
	});

	it('keeps chaining after the seal (debrief work), and the export covers it', async () => {
		const record = await playedRecord();
		const session = (await hub.get(record.sessionId))!;
		const noted = await session.execute((s) =>
			command.observe(session.scenario, s, { observationId: 'o1', text: 'good call', by: 'u1' })
		);
		expect(noted.ok).toBe(true);
		const later = await recordOf(session, lead, key);
		expect(later.events.length).toBe(record.events.length + 1);
		expect(verifyRecord(later).ok).toBe(true);
	});

	it('names the event whose content was altered by one byte', async () => {
		const record = await playedRecord();
		const target = record.events[2];
		const verdict = verifyRecord(
			altered(record, (r) => {
				r.events[2].at += 1;
			})
		);
		expect(verdict.ok).toBe(false);
		expect(verdict.problems).toContain(
			`event ${target.seq} (${target.type}) was altered: its hash no longer matches the link stored after it`
		);
		expect(verdict.summary).toContain(`event ${target.seq} (${target.type}) was altered`);
	});

	it('names the last event when it is the one altered', async () => {
		const record = await playedRecord();
		const last = record.events.at(-1)!;
		const verdict = verifyRecord(
			altered(record, (r) => {
				r.events[r.events.length - 1].at += 1;
			})
		);
		expect(verdict.problems[0]).toBe(
			`event ${last.seq} (${last.type}) was altered: its hash no longer matches the link stored after it`
		);
	});

	it('catches a change whose links after it were all rewritten, by the seal and the signature', async () => {
		const record = await playedRecord();
		const rewritten = altered(record, (r) => {
			r.events[1].at += 1;
			const start = sessionGenesis(r.sessionId, r.scenarioHash);
			r.events = link(start, r.events).entries;
			r.finalHash = foldHash(start, r.events);
		});
		const verdict = verifyRecord(rewritten);
		expect(verdict.ok).toBe(false);
		const seal = record.events.at(-1)!;
		expect(verdict.problems).toEqual([
			`event ${seal.seq} (record.sealed): the seal's final hash does not match the log up to event ${seal.seq - 1}`,
			"the export's signature does not match its content"
		]);
	});

	it('names a removed event and events put in another order', async () => {
		const record = await playedRecord();
		const removed = verifyRecord(altered(record, (r) => r.events.splice(1, 1)));
		expect(removed.ok).toBe(false);
		expect(removed.problems[0]).toMatch(/^position 2 holds event 3 .*event 2 was removed/);
		const swapped = verifyRecord(
			altered(record, (r) => ([r.events[1], r.events[2]] = [r.events[2], r.events[1]]))
		);
		expect(swapped.problems[0]).toMatch(/^position 2 holds event 3/);
	});

	it('finds an altered scenario, seal, export signature or key', async () => {
		const record = await playedRecord();
		const scenario = verifyRecord(
			altered(record, (r) => {
				(r.scenario as { title: string }).title += '!';
			})
		);
		expect(scenario.problems).toContain(
			'the scenario snapshot was altered: its hash is not the recorded scenarioHash'
		);
		const seal = verifyRecord(
			altered(record, (r) => {
				const e = r.events.at(-1)!;
				if (e.type === 'record.sealed') e.seal.endedBy = { id: 'x', name: 'Mallory' };
			})
		);
		expect(seal.problems.some((p) => p.includes("the seal's signature does not match"))).toBe(true);
		const title = verifyRecord(altered(record, (r) => (r.title = 'Other')));
		expect(title.problems).toEqual(["the export's signature does not match its content"]);
		// A record re-signed with another key passes on its own, but not against the pinned key.
		const other = loadOrCreateKey(join(dir, 'other'));
		const forged = altered(record, (r) => {
			r.publicKey = other.publicKey.pem;
			r.keyFingerprint = other.publicKey.fingerprint;
		});
		forged.signature = other.sign(exportText(signedPart(forged)));
		const pinned = verifyRecord(forged, { expectedKey: key.publicKey.pem });
		expect(pinned.problems).toContain(
			`signed by key ${other.publicKey.fingerprint}, not by the expected key ${key.publicKey.fingerprint}`
		);
		expect(pinned.problems.some((p) => p.includes('sealed by key'))).toBe(true);
	});

	it('still verifies seals made before a key rotation, with the retired key it carries', async () => {
		const before = await playedRecord();
		await mkdir(join(dir, 'keys', 'retired'));
		await rename(key.path, join(dir, 'keys', 'retired', 'old.pem'));
		const rotated = loadOrCreateKey(dir);
		expect(rotated.publicKey.fingerprint).not.toBe(key.publicKey.fingerprint);
		expect(Object.keys(rotated.retired)).toEqual([key.publicKey.fingerprint]);
		const session = (await hub.get(before.sessionId))!;
		const after = await recordOf(session, lead, rotated);
		const verdict = verifyRecord(after, { expectedKey: rotated.publicKey.pem });
		expect(verdict.problems).toEqual([]);
		expect(verdict.notes).toContain(
			`event ${after.events.at(-1)!.seq} (record.sealed) was sealed with the retired key ${key.publicKey.fingerprint}`
		);
		// A key that does not hash to the seal's fingerprint is no substitute.
		const swapped = altered(after, (r) => {
			r.sealKeys = { [key.publicKey.fingerprint]: rotated.publicKey.pem };
		});
		expect(verifyRecord(swapped).problems.some((p) => p.includes('sealed by key'))).toBe(true);
	});

	it('says where chaining starts in a log recorded before it, and still verifies it', async () => {
		const record = await playedRecord();
		const legacy = altered(record, (r) => {
			for (const e of r.events.slice(0, 2)) delete e.prev;
		});
		legacy.signature = key.sign(exportText(signedPart(legacy)));
		const verdict = verifyRecord(legacy);
		expect(verdict.ok).toBe(true);
		expect(verdict.notes[0]).toMatch(/^not chained before event 3/);
	});

	it('refuses what is not a record, with a clear reason', () => {
		expect(verifyRecord(null).summary).toBe(
			'NOT verified: not a Sandtable record (format "sandtable.record" expected)'
		);
		expect(verifyRecord({ format: 'sandtable.record', version: 1 }).problems[0]).toBe(
			'the record has no "sessionId"'
		);
		expect(canonicalJson(verifyRecord([]).problems)).toContain('not a Sandtable record');
	});
});

describe('the chain as the log is written', () => {
	const newSession = () => {
		const file = phishFile();
		return hub.create({
			scenarioFile: file,
			scenarioHash: scenarioHash(file),
			title: 'Chain drill',
			teams: ['Blue'],
			speed: 1,
			release: 'manual',
			facilitatorId: 'u1'
		});
	};

	it('stays whole after a write that failed and was put back', async () => {
		const session = await newSession();
		const store = hub.store;
		const append = vi.spyOn(store, 'append').mockRejectedValueOnce(new Error('disk full'));
		expect((await session.execute((s) => command.start(s))).ok).toBe(false);
		append.mockRestore();
		expect((await session.execute((s) => command.start(s))).ok).toBe(true);
		expect((await hub.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' })).ok).toBe(true);
		expect(verifyRecord(await recordOf(session, lead, key)).problems).toEqual([]);
	});

	it('ends a session unsealed when signing fails, and the record says so', async () => {
		const broken = new Hub(hub.store, () => {
			throw new Error('no key');
		});
		try {
			const file = phishFile();
			const session = await broken.create({
				scenarioFile: file,
				scenarioHash: scenarioHash(file),
				title: 'No key',
				teams: ['Blue'],
				speed: 1,
				release: 'manual',
				facilitatorId: 'u1'
			});
			expect((await session.execute((s) => command.start(s))).ok).toBe(true);
			const ended = await session.execute((s, now) => command.end(session.scenario, s, now, lead));
			expect(ended.ok).toBe(true);
			expect(session.state.status).toBe('ended');
			const verdict = verifyRecord(await recordOf(session, lead, key));
			expect(verdict.ok).toBe(true);
			expect(verdict.notes).toEqual([
				expect.stringMatching(
					/^not sealed: the session ended at event \d+ \(session\.ended\) without a seal /
				)
			]);
		} finally {
			broken.close();
		}
	});

	it('stays whole when two writers append to one log', async () => {
		const first = await newSession();
		const other = new Hub(
			hub.store,
			sealer(() => key)
		);
		try {
			const there = (await other.get(first.id))!;
			expect((await first.execute((s) => command.start(s))).ok).toBe(true);
			// `there` still ends at the creation: its append is refused, it reloads and retries.
			expect((await other.join(there, { name: 'Ana', teamId: 'blue', role: 'ic' })).ok).toBe(true);
			const ended = await there.execute((s, now) => command.end(there.scenario, s, now, lead));
			expect(ended.ok).toBe(true);
			const stored = (await hub.store.load(first.id))!;
			expect(stored.events.map((e) => e.type).slice(-2)).toEqual([
				'session.ended',
				'record.sealed'
			]);
			expect(verifyRecord(await recordOf(there, lead, key)).problems).toEqual([]);
		} finally {
			other.close();
		}
	});

	it('chains on from a log recorded before chaining, which still loads and plays', async () => {
		const file = phishFile();
		const hash = scenarioHash(file);
		const old: StoredSession = {
			meta: {
				id: 'legacy0000000001',
				joinCode: 'ABCDEFGHJK',
				scenarioId: 'phish',
				scenarioTitle: 'Phish',
				scenarioHash: hash,
				title: 'Old drill',
				facilitatorId: 'u1',
				teams: [{ id: 'blue', name: 'Blue' }],
				speed: 1,
				release: 'manual',
				status: 'lobby',
				createdAt: 1,
				startedAt: null,
				endedAt: null
			},
			scenario: file,
			tokens: {},
			events: [
				{
					type: 'session.created',
					sessionId: 'legacy0000000001',
					scenarioId: 'phish',
					scenarioHash: hash,
					title: 'Old drill',
					teams: [{ id: 'blue', name: 'Blue' }],
					speed: 1,
					release: 'manual',
					facilitatorId: 'u1',
					seq: 1,
					at: 1
				},
				{ type: 'clock.started', seq: 2, at: 2 }
			]
		};
		await hub.store.create(old);
		const session = (await hub.get(old.meta.id))!;
		expect(session.state.status).toBe('running');
		const ended = await session.execute((s, now) => command.end(session.scenario, s, now, lead));
		expect(ended.ok).toBe(true);
		const record = await recordOf(session, lead, key);
		expect(record.events[2].prev).toBe(foldHash(sessionGenesis(old.meta.id, hash), old.events));
		const verdict = verifyRecord(record);
		expect(verdict.problems).toEqual([]);
		expect(verdict.notes[0]).toMatch(/^not chained before event 3: /);
		// The unchained part is still covered by the export's signature.
		const edited = altered(record, (r) => {
			r.events[1].at = 3;
		});
		expect(verifyRecord(edited).ok).toBe(false);
	});
});
