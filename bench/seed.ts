/**
 * Seeds the history data folders in a process of its own, so that the runner can do it while
 * the app builds (neither is measured), then flushes them to disk. Forked by run.ts with the
 * folders and sizes as JSON in argv[2]; reports the results over IPC. A job with a `url`
 * (--backend=postgres) is then copied into that PostgreSQL schema with the code of
 * `npm run copy-to-postgres`, so that the server reads the same history from the database.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyStorage } from '../src/lib/server/storage/copy';
import { openFileStorage } from '../src/lib/server/storage/file/index';
import { openPgStorage } from '../src/lib/server/storage/pg/index';
import { readMigrations } from '../src/lib/server/storage/pg/migrate';
import { loadLibraryScenario, seedHistory } from './history';

const MIGRATIONS = fileURLToPath(
	new URL('../src/lib/server/storage/pg/migrations/', import.meta.url)
);

const jobs = JSON.parse(process.argv[2]) as { dataDir: string; count: number; url?: string }[];
const libs = ['ransomware-file-server', 'bec-payment-redirect', 'cloud-key-exfiltration'].map(
	(id) => loadLibraryScenario(resolve('scenarios', `${id}.yaml`))
);
const until = Date.now();
const results: (ReturnType<typeof seedHistory> & (typeof jobs)[number] & { copyMs?: number })[] =
	jobs.map((job) => ({
		...job,
		...seedHistory({ dataDir: job.dataDir, count: job.count, scenarios: libs, until })
	}));

/** Copies a seeded folder into its (empty) schema, as `npm run copy-to-postgres` does. */
async function copyIntoPostgres(dataDir: string, url: string): Promise<number> {
	const started = performance.now();
	const from = openFileStorage(dataDir);
	const to = openPgStorage({ url, migrations: () => readMigrations(MIGRATIONS) });
	try {
		await from.sessions.recover();
		await copyStorage(from, to);
	} finally {
		await to.close();
	}
	return Math.round(performance.now() - started);
}

for (const job of results) {
	if (job.url) job.copyMs = await copyIntoPostgres(job.dataDir, job.url);
}
// The measurements must not compete with the write-back of a gigabyte and a half.
const started = performance.now();
for (const job of jobs) execFileSync('sync', ['-f', job.dataDir]);
process.send?.({ results, syncMs: Math.round(performance.now() - started) }, () =>
	process.disconnect()
);
