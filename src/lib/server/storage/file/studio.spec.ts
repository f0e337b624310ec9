import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WriteConflictError } from '../errors';
import type { StudioDraft } from '../studio';
import { DataFileError } from './durable-file';
import { FileStudioStore } from './studio';

const dirs: string[] = [];
function folder(): string {
	const dir = mkdtempSync(join(tmpdir(), 'sandtable-studio-'));
	dirs.push(dir);
	return dir;
}
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ana = { id: 'u1', name: 'Ana' };
const ben = { id: 'u2', name: 'Ben' };

function draft(over: Partial<StudioDraft> = {}): StudioDraft {
	return {
		id: 'abcdefgh12345678',
		scenarioId: 'demo',
		title: 'Demo',
		yaml: 'id: demo\n',
		revision: 1,
		baseVersion: null,
		createdBy: ana,
		createdAt: 1000,
		updatedBy: ana,
		updatedAt: 1000,
		...over
	};
}

describe('FileStudioStore drafts', () => {
	it('stores a new draft and gives back a copy, from a fresh store too (durable)', async () => {
		const dir = folder();
		const store = new FileStudioStore(dir);
		await store.putDraft(draft());
		const got = await store.getDraft('abcdefgh12345678');
		expect(got?.yaml).toBe('id: demo\n');
		got!.yaml = 'changed';
		expect((await store.getDraft('abcdefgh12345678'))?.yaml).toBe('id: demo\n');
		const reopened = new FileStudioStore(dir);
		expect((await reopened.getDraft('abcdefgh12345678'))?.revision).toBe(1);
		expect(await reopened.listDrafts()).toEqual([
			expect.not.objectContaining({ yaml: expect.anything() })
		]);
	});

	it('refuses a save that does not follow the stored revision and keeps the first', async () => {
		const store = new FileStudioStore(folder());
		await store.putDraft(draft());
		await store.putDraft(draft({ revision: 2, yaml: 'id: demo\n# Ana\n' }));
		// Ben edited revision 1 too: his save must not overwrite Ana's revision 2.
		await expect(
			store.putDraft(draft({ revision: 2, yaml: 'id: demo\n# Ben\n', updatedBy: ben }))
		).rejects.toBeInstanceOf(WriteConflictError);
		const stored = await store.getDraft('abcdefgh12345678');
		expect(stored).toMatchObject({ revision: 2, yaml: 'id: demo\n# Ana\n', updatedBy: ana });
	});

	it('lets only one of two concurrent saves of the same revision through', async () => {
		const store = new FileStudioStore(folder());
		await store.putDraft(draft());
		const results = await Promise.allSettled([
			store.putDraft(draft({ revision: 2, yaml: 'a' })),
			store.putDraft(draft({ revision: 2, yaml: 'b' }))
		]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
	});

	it('refuses to create a draft over an existing one', async () => {
		const store = new FileStudioStore(folder());
		await store.putDraft(draft());
		await expect(store.putDraft(draft())).rejects.toBeInstanceOf(WriteConflictError);
	});

	it('lists drafts newest change first and ignores stray files', async () => {
		const dir = folder();
		const store = new FileStudioStore(dir);
		await store.putDraft(draft());
		await store.putDraft(draft({ id: 'zzzzzzzz00000000', updatedAt: 5000 }));
		writeFileSync(join(dir, 'drafts', 'notes.txt'), 'x');
		expect((await store.listDrafts()).map((d) => d.id)).toEqual([
			'zzzzzzzz00000000',
			'abcdefgh12345678'
		]);
	});

	it('names a damaged draft file instead of replacing it', async () => {
		const dir = folder();
		const store = new FileStudioStore(dir);
		await store.putDraft(draft());
		const file = join(dir, 'drafts', 'abcdefgh12345678.json');
		writeFileSync(file, '{"id": "abcdefgh12345678", "ya');
		const fresh = new FileStudioStore(dir);
		await expect(fresh.getDraft('abcdefgh12345678')).rejects.toBeInstanceOf(DataFileError);
		expect(readFileSync(file, 'utf8')).toBe('{"id": "abcdefgh12345678", "ya');
	});

	it('answers null for ids that are not draft ids, without touching the disk', async () => {
		const store = new FileStudioStore(folder());
		expect(await store.getDraft('../../etc/passwd')).toBeNull();
	});
});

describe('FileStudioStore versions', () => {
	const version = (n: number) => ({
		scenarioId: 'demo',
		version: n,
		yaml: `id: demo\n# v${n}\n`,
		hash: `h${n}`,
		by: ana,
		at: n,
		draftId: 'abcdefgh12345678'
	});

	it('adds versions in order only, durably', async () => {
		const dir = folder();
		const store = new FileStudioStore(dir);
		await store.addVersion(version(1));
		await store.addVersion(version(2));
		await expect(store.addVersion(version(2))).rejects.toBeInstanceOf(WriteConflictError);
		await expect(store.addVersion(version(4))).rejects.toBeInstanceOf(WriteConflictError);
		const reopened = new FileStudioStore(dir);
		expect((await reopened.listVersions('demo')).map((v) => v.version)).toEqual([1, 2]);
		expect(await reopened.listVersions('other')).toEqual([]);
	});
});
