import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '#lib/engine/session/events.js';
import type { ScenarioFile } from '#lib/engine/scenario/schema.js';
import { DataFileError } from './durable-file';
import { FileSessionRepository, type SessionFile } from './session-files';
import { journalPath, type JournaledSessionDoc } from './journaled';
import { sessionFileFixture } from '../../sessions/testing';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-journal-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

const ID = 'abcdef0123456789';

function sessionFile(): SessionFile {
	const file = sessionFileFixture(ID, { id: 'phish' } as unknown as ScenarioFile);
	file.events.push({ type: 'session.started', seq: 1, at: 1 } as unknown as SessionEvent);
	return file;
}

/** Adds one event (and optionally a token) the way LiveSession does. */
function addEvent(doc: JournaledSessionDoc, token?: string) {
	const seq = doc.data.events.length + 1;
	doc.data.events.push({ type: 'session.paused', seq, at: seq } as unknown as SessionEvent);
	if (token) doc.data.tokens[token] = `p${seq}`;
}

const paths = () => ({
	file: join(dir, `${ID}.json`),
	journal: journalPath(join(dir, `${ID}.json`))
});

async function reopen(): Promise<SessionFile> {
	const doc = await new FileSessionRepository(dir).open(ID);
	if (!doc) throw new Error('gone');
	return doc.data;
}

describe('journaled session file', () => {
	it('acknowledges a commit once its journal line is on disk; the file is rewritten later', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		const fileBefore = readFileSync(paths().file, 'utf8');
		addEvent(doc, 'hash-1');
		doc.data.meta = { ...doc.data.meta, status: 'running' };
		await doc.commit();
		expect(readFileSync(paths().file, 'utf8')).toBe(fileBefore);
		const lines = readFileSync(paths().journal, 'utf8').trimEnd().split('\n');
		expect(lines).toHaveLength(1);
		expect(JSON.parse(lines[0])).toMatchObject({
			from: 2,
			events: [{ seq: 2 }],
			tokens: { 'hash-1': 'p2' },
			meta: { status: 'running' }
		});
		const again = await reopen();
		expect(again.events.map((e) => e.seq)).toEqual([1, 2]);
		expect(again.tokens).toEqual({ 'hash-1': 'p2' });
		expect(again.meta.status).toBe('running');

		await doc.checkpoint();
		expect(readFileSync(paths().journal, 'utf8')).toBe('');
		const { scenario: _scenario, ...rest } = doc.data;
		expect(JSON.parse(readFileSync(paths().file, 'utf8'))).toEqual({
			...rest,
			scenarioRef: expect.stringMatching(/^[0-9a-f]{64}$/)
		});
		expect(doc.checkpoints).toBe(1);
	});

	it('commits that arrive together share one append', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		const commits: Promise<void>[] = [];
		for (let i = 0; i < 50; i++) {
			addEvent(doc);
			commits.push(doc.commit());
		}
		await Promise.all(commits);
		expect(doc.appends).toBeLessThanOrEqual(2);
		expect((await reopen()).events).toHaveLength(51);
	});

	it('keeps a metadata change made in place while the previous write is in flight', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		addEvent(doc);
		doc.data.meta.status = 'running';
		const first = doc.commit();
		// As LiveSession does: the same meta object, changed again before the first write ends.
		addEvent(doc);
		doc.data.meta.status = 'paused';
		await Promise.all([first, doc.commit()]);
		expect((await reopen()).meta.status).toBe('paused');
	});

	it('checkpoints by itself once the journal is large, without losing what came meanwhile', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		const padding = 'x'.repeat(2000);
		for (let i = 0; i < 200; i++) {
			addEvent(doc);
			(doc.data.events.at(-1) as unknown as { note: string }).note = padding;
			await doc.commit();
		}
		expect(doc.checkpoints).toBeGreaterThanOrEqual(1);
		const onDisk = await reopen();
		expect(onDisk.events.map((e) => e.seq)).toEqual(doc.data.events.map((e) => e.seq));
	});

	it('leaves out a last line cut short by a crash, and cuts it off before the next append', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		addEvent(doc);
		await doc.commit();
		appendFileSync(paths().journal, '{"from":3,"events":[{"type":"sess');
		const reopened = await new FileSessionRepository(dir).open(ID);
		expect(reopened!.data.events).toHaveLength(2);
		addEvent(reopened!);
		await reopened!.commit();
		expect((await reopen()).events.map((e) => e.seq)).toEqual([1, 2, 3]);
		expect(readFileSync(paths().journal, 'utf8')).not.toContain('"sess\n');
	});

	it('cuts off a journal that is only a piece of a line before the first append', async () => {
		await new FileSessionRepository(dir).create(sessionFile());
		await writeFile(paths().journal, '{"from":2,"ev');
		const reopened = (await new FileSessionRepository(dir).open(ID))!;
		expect(reopened.data.events).toHaveLength(1);
		addEvent(reopened);
		await reopened.commit();
		expect((await reopen()).events.map((e) => e.seq)).toEqual([1, 2]);
	});

	it('skips lines the file holds already (a crash between a checkpoint and emptying the journal)', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		addEvent(doc);
		await doc.commit();
		const journal = readFileSync(paths().journal, 'utf8');
		await doc.checkpoint();
		await writeFile(paths().journal, journal);
		expect((await reopen()).events.map((e) => e.seq)).toEqual([1, 2]);
	});

	it('refuses a damaged journal with its name, the line and the reason, and changes nothing', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		addEvent(doc);
		await doc.commit();
		const good = readFileSync(paths().journal, 'utf8');
		const cases: [string, RegExp][] = [
			[`not json\n${good}`, /line 1 is not valid JSON/],
			[`${good}${'\0'.repeat(50)}`, /line 2 is not a journal record and has no end/],
			[`${good}{"hello":1}\n`, /line 2 is not a journal record/],
			[`${good}{"from":9,"events":[]}\n`, /line 2 starts at event 9.*events are missing/],
			[`${good}{"from":3,"events":[{"type":"x","seq":7,"at":1}]}\n`, /line 2: event 3 is damaged/]
		];
		for (const [text, reason] of cases) {
			await writeFile(paths().journal, text);
			const error = await new FileSessionRepository(dir).open(ID).then(
				() => null,
				(e: unknown) => e
			);
			expect(error).toBeInstanceOf(DataFileError);
			expect((error as Error).message).toContain(paths().journal);
			expect((error as Error).message).toMatch(reason);
			expect(readFileSync(paths().journal, 'utf8')).toBe(text);
		}
	});

	it('rolls back what a failed append carried, and records nothing of it', async () => {
		const doc = await new FileSessionRepository(dir).create(sessionFile());
		addEvent(doc, 'kept');
		await doc.commit();
		let rolledBack = 0;
		doc.onRollback = () => rolledBack++;
		// A directory where the journal should be: the append fails, as on a failing disk.
		renameSync(paths().journal, `${paths().journal}.away`);
		mkdirSync(paths().journal);
		addEvent(doc, 'lost');
		doc.data.meta = { ...doc.data.meta, status: 'running' };
		await expect(doc.commit()).rejects.toThrow(/EISDIR/);
		expect(rolledBack).toBe(1);
		expect(doc.data.events).toHaveLength(2);
		expect(doc.data.tokens).toEqual({ kept: 'p2' });
		expect(doc.data.meta.status).toBe('lobby');
		rmSync(paths().journal, { recursive: true });
		renameSync(`${paths().journal}.away`, paths().journal);
		addEvent(doc);
		await doc.commit();
		const onDisk = await reopen();
		expect(onDisk.events.map((e) => e.seq)).toEqual([1, 2, 3]);
		expect(onDisk.tokens).toEqual({ kept: 'p2' });
		expect(existsSync(`${paths().journal}.away`)).toBe(false);
	});
});
