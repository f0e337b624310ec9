import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageContract } from '../contract';
import { openStorage } from '../index';
import type { Storage } from '../types';

describeStorageContract('file', async () => {
	const dataDir = await mkdtemp(join(tmpdir(), 'sandtable-storage-'));
	const opened: Storage[] = [];
	return {
		open() {
			const storage = openStorage({ kind: 'file', dataDir });
			opened.push(storage);
			return storage;
		},
		async dispose() {
			// Stop the idle checkpoints before the folder goes.
			for (const storage of opened) {
				for (const meta of await storage.sessions.list()) storage.sessions.close(meta.id);
			}
			await rm(dataDir, { recursive: true, force: true });
		}
	};
});
