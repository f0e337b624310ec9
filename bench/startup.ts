/**
 * Start-up time by stored history: seeds 0, 1,000 and 10,000 ended sessions (bench/history.ts),
 * then starts the production build on each data folder `--runs` times and prints the time from
 * spawning the server to its first /healthz answer (min / median / max). After `vite build`:
 * `npx tsx bench/startup.ts [--runs=3] [--sizes=0,1000,10000]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadLibraryScenario, seedHistory } from './history';
import { BenchServer } from './server';
import { median, round } from './stats';

const option = (name: string) =>
	process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const runs = Number(option('runs') ?? 3);
const sizes = (option('sizes') ?? '0,1000,10000').split(',').map(Number);
const scenarios = ['ransomware-file-server', 'bec-payment-redirect', 'cloud-key-exfiltration'].map(
	(id) => loadLibraryScenario(resolve('scenarios', `${id}.yaml`))
);

for (const count of sizes) {
	const dataDir = mkdtempSync(join(tmpdir(), `sandtable-startup-${count}-`));
	try {
		seedHistory({ dataDir, count, scenarios, until: Date.now() });
		const times: number[] = [];
		for (let i = 0; i < runs; i++) {
			const server = await new BenchServer(dataDir).start();
			times.push(server.startMs);
			await server.stop();
		}
		times.sort((a, b) => a - b);
		console.log(
			`${String(count).padStart(6)} stored: start-up min ${round(times[0])} ms, median ${round(median(times)!)} ms, max ${round(times[times.length - 1])} ms (load ${loadavg()[0].toFixed(1)})`
		);
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
