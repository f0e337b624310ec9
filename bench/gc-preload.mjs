// Loaded into the benchmark's own server process only (node --expose-gc --import
// ./bench/gc-preload.mjs build/index.js), never into the app: on SIGUSR2 it collects garbage and
// prints the process's memory, so that the benchmark measures what trainees really retain
// rather than garbage not yet collected. With BENCH_HEAP_SNAPSHOT_DIR set it also writes a heap
// snapshot there (npm run bench -- --heap-snapshot).
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

let snapshots = 0;
process.on('SIGUSR2', () => {
	if (typeof globalThis.gc === 'function') {
		globalThis.gc();
		globalThis.gc();
	}
	const usage = process.memoryUsage();
	const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
	if (dir) writeHeapSnapshot(join(dir, `server-${++snapshots}.heapsnapshot`));
	process.stdout.write(`BENCH-MEMORY ${JSON.stringify(usage)}\n`);
});
