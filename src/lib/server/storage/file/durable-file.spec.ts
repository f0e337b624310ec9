import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFileError, DurableDoc } from './durable-file';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-doc-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('durable lowdb document', () => {
	it('commits changes that arrive together in one write, and each is on disk when acknowledged', async () => {
		const file = join(dir, 'log.json');
		const doc = await DurableDoc.open(file, () => ({ items: [] as number[] }));
		const commits: Promise<void>[] = [];
		for (let i = 0; i < 50; i++) {
			doc.data.items.push(i);
			commits.push(
				doc.commit().then(async () => {
					const onDisk = JSON.parse(await readFile(file, 'utf8'));
					expect(onDisk.items).toContain(i);
				})
			);
		}
		await Promise.all(commits);
		expect(doc.writes).toBeLessThanOrEqual(2);
		expect(JSON.parse(await readFile(file, 'utf8')).items).toHaveLength(50);
	});

	it('refuses a corrupt file, names it, and leaves it untouched', async () => {
		const file = join(dir, 'accounts.json');
		await writeFile(file, '{"users": [');
		await expect(DurableDoc.open(file, () => ({}))).rejects.toThrow(DataFileError);
		await expect(DurableDoc.open(file, () => ({}))).rejects.toThrow(
			/accounts\.json: is not valid JSON/
		);
		expect(await readFile(file, 'utf8')).toBe('{"users": [');
	});

	it('applies a shape check on open', async () => {
		const file = join(dir, 'index.json');
		await writeFile(file, '{"sessions": 3}');
		const check = (d: unknown) =>
			Array.isArray((d as { sessions?: unknown }).sessions) ? null : 'sessions must be a list';
		await expect(DurableDoc.open(file, () => ({ sessions: [] }), check)).rejects.toThrow(
			'index.json: sessions must be a list'
		);
	});

	it('on a failed write rolls back to what is on disk and rejects every waiting commit', async () => {
		const file = join(dir, 'session.json');
		const doc = await DurableDoc.open(file, () => ({ events: [] as string[] }));
		doc.data.events.push('saved');
		await doc.commit();
		let rolledBack = 0;
		doc.onRollback = () => rolledBack++;
		// A directory where the temporary file should go makes the next write fail, even as root.
		await mkdir(join(dir, '.session.json.tmp'));
		doc.data.events.push('lost-1');
		const first = doc.commit();
		doc.data.events.push('lost-2');
		const second = doc.commit();
		await expect(first).rejects.toThrow();
		await expect(second).rejects.toThrow();
		expect(doc.data.events).toEqual(['saved']);
		expect(rolledBack).toBe(1);
		expect(JSON.parse(await readFile(file, 'utf8')).events).toEqual(['saved']);
		await rm(join(dir, '.session.json.tmp'), { recursive: true });
		doc.data.events.push('later');
		await doc.commit();
		expect(JSON.parse(await readFile(file, 'utf8')).events).toEqual(['saved', 'later']);
	});
});
