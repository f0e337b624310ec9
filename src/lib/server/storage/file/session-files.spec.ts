import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { phishFile } from '#lib/engine/testing.js';
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

describe('session file serialisation', () => {
	it('gives the same text as JSON.stringify as the log grows and the file changes', () => {
		const file = sessionFile();
		const serialise = sessionFileSerialiser();
		expect(serialise(file)).toBe(JSON.stringify(file));
		for (let seq = 1; seq <= 5; seq++) {
			file.events.push(joined(seq));
			file.tokens[`hash${seq}`] = `p${seq}`;
			expect(serialise(file)).toBe(JSON.stringify(file));
		}
		file.meta.status = 'running';
		file.events.push(joined(6), joined(7));
		expect(serialise(file)).toBe(JSON.stringify(file));
	});

	it('starts afresh when the log or the scenario is replaced, as a rollback does', () => {
		const file = sessionFile();
		const serialise = sessionFileSerialiser();
		file.events.push(joined(1), joined(2), joined(3));
		serialise(file);
		const reread = JSON.parse(JSON.stringify({ ...file, events: file.events.slice(0, 2) }));
		expect(serialise(reread)).toBe(JSON.stringify(reread));
		reread.events.push(joined(3));
		reread.scenario = { ...reread.scenario, title: 'Phish v2' };
		expect(serialise(reread)).toBe(JSON.stringify(reread));
		// A log cut back and regrown to the same length is noticed too.
		const log = reread.events as SessionEvent[];
		serialise(reread);
		log.pop();
		log.push({ ...joined(3), name: 'Someone else' } as SessionEvent);
		expect(serialise(reread)).toBe(JSON.stringify(reread));
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
		expect(onDisk).toEqual(reopened!.data);
	});

	it('tells at both ends of its file whether a stored session looks whole', async () => {
		const repo = new FileSessionRepository(join(dir, 'sessions'));
		const doc = await repo.create(sessionFile());
		const id = 'abcdef0123456789';
		doc.data.events.push(joined(1));
		await doc.commit();
		// Something still in the journal: open it to know.
		expect(await repo.looksWhole(id)).toBe(false);
		await doc.checkpoint();
		expect(await repo.looksWhole(id)).toBe(true);
		const text = await readFile(doc.file, 'utf8');
		for (const damaged of [text.slice(0, text.length / 2), '', '\0'.repeat(text.length), '{}']) {
			await writeFile(doc.file, damaged);
			expect(await repo.looksWhole(id), JSON.stringify(damaged.slice(0, 20))).toBe(false);
		}
		expect(await repo.looksWhole('nosuchsession00')).toBe(false);
	});
});
