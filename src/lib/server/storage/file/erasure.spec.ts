import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { phishFile } from '#lib/engine/testing.js';
import type { StoredSession } from '../sessions';
import { FileSessionStore } from './sessions';

let dir = '';
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-erasure-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function ended(id: string): StoredSession {
	const meta = {
		id,
		joinCode: 'ABCDEFGHJK',
		scenarioId: 'phish',
		scenarioTitle: 'Phish',
		scenarioHash: 'h1',
		title: 'Drill',
		facilitatorId: 'u1',
		teams: [],
		speed: 1,
		release: 'auto' as const,
		status: 'ended' as const,
		createdAt: 1,
		startedAt: 2,
		endedAt: 3
	};
	return {
		meta,
		scenario: phishFile(),
		tokens: { h: 'p1' },
		events: [
			{
				type: 'session.created',
				sessionId: id,
				scenarioId: 'phish',
				scenarioHash: 'h1',
				title: 'Drill',
				teams: [],
				speed: 1,
				release: 'auto',
				facilitatorId: 'u1',
				seq: 1,
				at: 1
			},
			{ type: 'session.ended', seq: 2, at: 3 }
		]
	};
}

describe('deleting a session from the files (issue 17)', () => {
	it('leaves no file of it behind', async () => {
		const store = new FileSessionStore(join(dir, 'sessions'));
		await store.create(ended('erase00000001'));
		await store.append('erase00000001', 2, {
			events: [{ type: 'answers.revealed', seq: 3, at: 4 }]
		});
		expect(await store.remove('erase00000001')).toBe(true);
		// Left: the index, and the scenario it played, frozen once for every session of that
		// version (the organisation's scenario; nothing of the session or its trainees).
		expect((await readdir(join(dir, 'sessions'))).sort()).toEqual(['frozen', 'index.json']);
	});

	it('finishes a deletion a crash interrupted, at the next start', async () => {
		const store = new FileSessionStore(join(dir, 'sessions'));
		await store.create(ended('erase00000001'));
		await store.create(ended('erase00000002'));
		store.close('erase00000001');
		// The crash: the file was retired, the index not yet written.
		const file = join(dir, 'sessions', 'erase00000001.json');
		await rename(file, file.replace(/\.json$/, '.deleted'));
		const restarted = new FileSessionStore(join(dir, 'sessions'));
		await restarted.recover();
		expect((await restarted.list()).map((m) => m.id)).toEqual(['erase00000002']);
		expect(existsSync(file.replace(/\.json$/, '.deleted'))).toBe(false);
		expect(await restarted.load('erase00000001')).toBeNull();
	});

	it('keeps a rewritten session whole when the old journal is still there (a crash after the rewrite)', async () => {
		const store = new FileSessionStore(join(dir, 'sessions'));
		const before = ended('erase00000001');
		await store.create(before);
		await store.append('erase00000001', 2, {
			events: [{ type: 'answers.revealed', seq: 3, at: 4 }]
		});
		const journal = join(dir, 'sessions', 'erase00000001.journal');
		const old = await readFile(journal, 'utf8');
		expect(old).not.toBe('');
		const rewritten = {
			...before,
			tokens: {},
			events: [...before.events, { type: 'answers.revealed' as const, seq: 3, at: 5 }]
		};
		await store.replace(rewritten, 3);
		expect(existsSync(journal)).toBe(false);
		// The crash: the new file is written, the old journal not yet emptied.
		await writeFile(journal, old);
		const restarted = new FileSessionStore(join(dir, 'sessions'));
		expect(await restarted.load('erase00000001')).toEqual(rewritten);
	});
});
