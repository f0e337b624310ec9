import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeDataFolder } from './probe';

describe('the data folder probe', () => {
	let dir = '';
	afterEach(() => rm(dir, { recursive: true, force: true }));

	it('writes, syncs and removes its file', async () => {
		dir = await mkdtemp(join(tmpdir(), 'sandtable-probe-'));
		await probeDataFolder(join(dir, 'data'));
		expect(await readdir(join(dir, 'data'))).toEqual([]);
	});

	it('rejects with the error of a write that fails', async () => {
		dir = await mkdtemp(join(tmpdir(), 'sandtable-probe-'));
		// A folder where the probe's file goes makes its write fail, as a read-only disk would
		// (chmod does not stop root).
		await mkdir(join(dir, `.probe-${process.pid}`));
		await expect(probeDataFolder(dir)).rejects.toMatchObject({ code: 'EISDIR' });
	});
});
