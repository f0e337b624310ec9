/**
 * The readiness probe of the file storage: a few bytes written to a file in the data folder,
 * fsynced, and the file removed again. It fails as the stores' own writes would on a full disk
 * (ENOSPC), a folder made read-only (EROFS, EACCES) or a failing disk (EIO).
 */
import { mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Resolves once a small write to `dataDir` was durable; rejects with the write's error. */
export async function probeDataFolder(dataDir: string): Promise<void> {
	await mkdir(dataDir, { recursive: true });
	// One name per process: two servers on one folder (by mistake) do not trip over each other.
	const file = join(dataDir, `.probe-${process.pid}`);
	const handle = await open(file, 'w');
	try {
		await handle.writeFile('probe\n');
		await handle.sync();
	} finally {
		await handle.close();
	}
	await unlink(file);
}
