import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { phishFile } from '#lib/engine/testing.js';
import { FrozenScenarios } from './frozen-scenarios';
import { FileSessionRepository, sessionFileSerialiser, type SessionFile } from './session-files';
import { sessionFileFixture } from '../../sessions/testing';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-files-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function sessionFile(id = 'abcdef0123456789'): SessionFile {
	return sessionFileFixture(id, phishFile());
}

function joined(seq: number): SessionEvent {
	return {
		type: 'participant.joined',
		participantId: `p${seq}`,
		name: `Trainee ${seq}`,
		teamId: 'red',
		role: 'analyst',
		seq,
		at: 1000 + seq
	};
}

/** What the serialiser must write: version 2, the scenario named by the hash of its JSON. */
function expected(file: SessionFile): string {
	const ref = createHash('sha256').update(JSON.stringify(file.scenario)).digest('hex');
	const { meta, tokens, events } = file;
	return JSON.stringify({ version: 2, meta, scenarioRef: ref, tokens, events });
}

describe('session file serialisation', () => {
	it('writes version 2, naming the frozen scenario, as the log grows and the file changes', () => {
		const file = sessionFile();
		const serialise = sessionFileSerialiser(new FrozenScenarios(join(dir, 'frozen')));
		expect(serialise(file)).toBe(expected(file));
		for (let seq = 1; seq <= 5; seq++) {
			file.events.push(joined(seq));
			file.tokens[`hash${seq}`] = `p${seq}`;
			expect(serialise(file)).toBe(expected(file));
		}
		file.meta.status = 'running';
		file.events.push(joined(6), joined(7));
		expect(serialise(file)).toBe(expected(file));
	});

	it('starts afresh when the log or the scenario is replaced, as a rollback does', () => {
		const file = sessionFile();
		const serialise = sessionFileSerialiser(new FrozenScenarios(join(dir, 'frozen')));
		file.events.push(joined(1), joined(2), joined(3));
		serialise(file);
		const reread = JSON.parse(JSON.stringify({ ...file, events: file.events.slice(0, 2) }));
		expect(serialise(reread)).toBe(expected(reread));
		reread.events.push(joined(3));
		reread.scenario = { ...reread.scenario, title: 'Phish v2' };
		expect(serialise(reread)).toBe(expected(reread));
		// A log cut back and regrown to the same length is noticed too.
		const log = reread.events as SessionEvent[];
		serialise(reread);
		log.pop();
		log.push({ ...joined(3), name: 'Someone else' } as SessionEvent);
		expect(serialise(reread)).toBe(expected(reread));
	});

	it('stores a scenario once for all its sessions, and refuses one changed on disk', async () => {
		const repo = new FileSessionRepository(join(dir, 'sessions'));
		const scenario = phishFile();
		for (const id of ['aaaaaaaa00000001', 'aaaaaaaa00000002', 'aaaaaaaa00000003']) {
			await repo.create(sessionFileFixture(id, scenario));
		}
		const frozen = await readdir(join(dir, 'sessions', 'frozen'));
		expect(frozen).toHaveLength(1);
		const onDisk = await readFile(join(dir, 'sessions', 'aaaaaaaa00000002.json'), 'utf8');
		expect(onDisk.length).toBeLessThan(JSON.stringify(scenario).length);
		expect(JSON.parse(onDisk).scenarioRef).toBe(frozen[0].slice(0, -5));

		// Another process (a restart) reads it back whole, the scenario shared between sessions.
		const again = new FileSessionRepository(join(dir, 'sessions'));
		const one = await again.open('aaaaaaaa00000001');
		const two = await again.open('aaaaaaaa00000002');
		expect(one!.data.scenario).toEqual(scenario);
		expect(two!.data.scenario).toBe(one!.data.scenario);

		// A frozen scenario edited by hand no longer matches its name: the session says so.
		const path = join(dir, 'sessions', 'frozen', frozen[0]);
		await writeFile(path, (await readFile(path, 'utf8')).replace('Phish', 'Fish'));
		await expect(
			new FileSessionRepository(join(dir, 'sessions')).open('aaaaaaaa00000003')
		).rejects.toThrow(/frozen scenario [0-9a-f]{64} is missing or damaged.*does not match/);
	});

	it('reads a version 1 file (scenario inline) and writes it as version 2', async () => {
		const repo = new FileSessionRepository(join(dir, 'sessions'));
		const old = { ...sessionFile('bbbbbbbb00000001'), version: 1, events: [joined(1)] };
		await mkdir(join(dir, 'sessions'), { recursive: true });
		await writeFile(join(dir, 'sessions', 'bbbbbbbb00000001.json'), JSON.stringify(old));
		expect(repo.looksWhole('bbbbbbbb00000001')).toBe(true);
		const doc = await repo.open('bbbbbbbb00000001');
		expect(doc!.data.scenario).toEqual(old.scenario);
		doc!.data.events.push(joined(2));
		await doc!.commit();
		await doc!.checkpoint();
		const onDisk = JSON.parse(await readFile(doc!.file, 'utf8'));
		expect(onDisk.version).toBe(2);
		expect(onDisk.scenario).toBeUndefined();
		expect(onDisk.events).toHaveLength(2);
		const reopened = await new FileSessionRepository(join(dir, 'sessions')).open(
			'bbbbbbbb00000001'
		);
		expect(reopened!.data.scenario).toEqual(old.scenario);
		expect(reopened!.data.events).toEqual(doc!.data.events);
	});

	it('writes session files that read back equal to what was committed', async () => {
		const repo = new FileSessionRepository(join(dir, 'sessions'));
		const doc = await repo.create(sessionFile());
		for (let seq = 1; seq <= 4; seq++) {
			doc.data.events.push(joined(seq));
			await doc.commit();
		}
		// The file and its journal read back as what was committed; a checkpoint writes it whole.
		const reopened = await repo.open('abcdef0123456789');
		expect(reopened!.data).toEqual(doc.data);
		reopened!.data.events.push(joined(5));
		await reopened!.commit();
		await reopened!.checkpoint();
		const onDisk = JSON.parse(await readFile(doc.file, 'utf8'));
		expect(onDisk.events).toHaveLength(5);
		expect(onDisk.events).toEqual(reopened!.data.events);
		expect(onDisk.meta).toEqual(reopened!.data.meta);
	});

	it('tells at both ends of its file whether a stored session looks whole', async () => {
		const repo = new FileSessionRepository(join(dir, 'sessions'));
		const doc = await repo.create(sessionFile());
		const id = 'abcdef0123456789';
		doc.data.events.push(joined(1));
		await doc.commit();
		// Something still in the journal: open it to know.
		expect(repo.looksWhole(id)).toBe(false);
		await doc.checkpoint();
		expect(repo.looksWhole(id)).toBe(true);
		const text = await readFile(doc.file, 'utf8');
		for (const damaged of [text.slice(0, text.length / 2), '', '\0'.repeat(text.length), '{}']) {
			await writeFile(doc.file, damaged);
			expect(repo.looksWhole(id), JSON.stringify(damaged.slice(0, 20))).toBe(false);
		}
		expect(repo.looksWhole('nosuchsession00')).toBe(false);
	});
});
