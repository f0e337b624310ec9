// Loaded into the benchmark's own server process only (node --expose-gc --import
// ./bench/gc-preload.mjs build/index.js), never into the app: on SIGUSR2 it collects garbage and
// prints the process's memory, so that the benchmark measures what trainees really retain
// rather than garbage not yet collected. With BENCH_HEAP_SNAPSHOT_DIR set it also writes a heap
// snapshot there (npm run bench -- --heap-snapshot).
//
// Two readings: after plain full collections (`plain`), and after V8's memory-reducing one (the
// `last-resort` flavour, what V8 runs before it gives up on an allocation), which also gives back
// the young generation's grown space. A burst of requests (10,000 joins) grows the young
// generation from 4 MB to 128 MB, a fixed pool whatever the count, and a plain collection keeps
// it; measured as the difference of two plain readings it showed as 13 KB per trainee.
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

let snapshots = 0;
process.on('SIGUSR2', () => {
	// Without --expose-gc there is no plain reading to give (null), rather than one of zeros.
	let plain = null;
	if (typeof globalThis.gc === 'function') {
		globalThis.gc();
		globalThis.gc();
		const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
		plain = { rss, heapUsed, heapTotal, external };
		globalThis.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
	}
	const usage = process.memoryUsage();
	const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
	if (dir) writeHeapSnapshot(join(dir, `server-${++snapshots}.heapsnapshot`));
	process.stdout.write(`BENCH-MEMORY ${JSON.stringify({ ...usage, plain })}\n`);
});
