/**
 * Seeds the history data folders in a process of its own, so that the runner can do it while
 * the app builds (neither is measured), then flushes them to disk. Forked by run.ts with the
 * folders and sizes as JSON in argv[2]; reports the results over IPC.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadLibraryScenario, seedHistory } from './history';

const jobs = JSON.parse(process.argv[2]) as { dataDir: string; count: number }[];
const libs = ['ransomware-file-server', 'bec-payment-redirect', 'cloud-key-exfiltration'].map(
	(id) => loadLibraryScenario(resolve('scenarios', `${id}.yaml`))
);
const until = Date.now();
const results = jobs.map((job) => ({
	...job,
	...seedHistory({ dataDir: job.dataDir, count: job.count, scenarios: libs, until })
}));
// The measurements must not compete with the write-back of a gigabyte and a half.
const started = performance.now();
for (const job of jobs) execFileSync('sync', ['-f', job.dataDir]);
process.send?.({ results, syncMs: Math.round(performance.now() - started) }, () =>
	process.disconnect()
);
