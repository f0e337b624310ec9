/**
 * Checks an uploaded scenario file in a worker thread with a time and memory limit. The YAML
 * parser, the schema's error locator and the path explorer can each take seconds (or minutes) on
 * an adversarial 1 MB file; run in the request's thread that would stop every live session's
 * clock and stream. A file that takes too long or needs too much memory is refused with a message
 * at 1:1 instead.
 */
import { Worker } from 'node:worker_threads';
import type { LoadResult } from '#lib/engine/scenario/load.js';
import type { BotTeam } from '#lib/engine/session/playtest.js';
import type { PlaytestTeamReport } from '#lib/reports/playtest.js';
import { CHECK_TIMEOUT_MS } from './config';

/** Heap a check may use; a 1 MB file of plain YAML needs well under 200 MB. */
export const CHECK_MEMORY_MB = 512;
/** Checks running at once; the rest wait their turn, so uploads cannot take every core. */
const MAX_PARALLEL = 2;

let running = 0;
const queue: (() => void)[] = [];

async function slot(): Promise<() => void> {
	if (running >= MAX_PARALLEL) await new Promise<void>((r) => queue.push(r));
	running++;
	return () => {
		running--;
		queue.shift()?.();
	};
}

/** The built worker is plain JavaScript; in dev and unit tests it is TypeScript, run with tsx. */
function entry(url: string): URL | string {
	if (!url.endsWith('.ts')) return new URL(url);
	return `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); });`;
}

/** Results that say the check was stopped (time, memory, a crash) rather than what the file is. */
const stopped = new WeakSet<LoadResult>();

/** True when `result` says the check was stopped, not that the file is wrong: worth retrying. */
export function checkWasStopped(result: LoadResult): boolean {
	return stopped.has(result);
}

function refused(fileName: string, message: string): LoadResult {
	const result: LoadResult = {
		file: fileName,
		errors: [{ file: fileName, line: 1, column: 1, message }],
		warnings: []
	};
	stopped.add(result);
	return result;
}

/**
 * Loads `bytes` as the scenario file `fileName` off the main thread; resolves with the loader's
 * result, or with one located error when the check exceeds its time or memory limit.
 *
 * `background` runs the worker's thread at a lower CPU priority: the library's own check after a
 * start takes seconds of a core, and at normal priority it competed with the first requests
 * (a sign-in's scrypt, a trainee's join) on a busy machine. Nobody waits on it in the usual case,
 * so it takes what the machine leaves; its time limit is wall-clock, so give it a longer one.
 */
export function checkScenario(
	bytes: Uint8Array,
	fileName: string,
	timeoutMs = CHECK_TIMEOUT_MS,
	options: { background?: boolean } = {}
): Promise<LoadResult> {
	return inWorker(bytes, fileName, timeoutMs, undefined, options.background ?? false);
}

/** A check followed, when the file has no errors, by a play-test (the studio's). */
export type PlaytestCheck = LoadResult & { playtest?: PlaytestTeamReport[] };

/**
 * Checks `bytes` as `checkScenario` does and, when there are no errors, plays the scenario with
 * `bots` in the same worker, under the same time and memory limits: a scenario whose play runs
 * away stops there, never in the thread that runs live sessions.
 */
export function checkAndPlaytest(
	bytes: Uint8Array,
	fileName: string,
	bots: BotTeam[],
	seed: string,
	timeoutMs = CHECK_TIMEOUT_MS
): Promise<PlaytestCheck> {
	return inWorker(bytes, fileName, timeoutMs, { bots, seed });
}

async function inWorker(
	bytes: Uint8Array,
	fileName: string,
	timeoutMs: number,
	playtest?: { bots: BotTeam[]; seed: string },
	background = false
): Promise<PlaytestCheck> {
	const { WORKER_ROLE, WORKER_URL } = await import('./scenario-check-worker');
	const done = await slot();
	try {
		return await new Promise<PlaytestCheck>((resolve) => {
			const worker = new Worker(entry(WORKER_URL), {
				eval: WORKER_URL.endsWith('.ts'),
				workerData: { role: WORKER_ROLE, background },
				resourceLimits: { maxOldGenerationSizeMb: CHECK_MEMORY_MB },
				stdout: false,
				stderr: false
			});
			let settled = false;
			const finish = (result: PlaytestCheck) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				void worker.terminate();
				resolve(result);
			};
			const timer = setTimeout(() => {
				const s = Math.round(timeoutMs / 100) / 10;
				const what = playtest ? 'checking and play-testing' : 'checking';
				finish(
					refused(
						fileName,
						`${what} the file took longer than ${s} s, so it was stopped: a scenario this ` +
							'complex cannot be played; split it or simplify it'
					)
				);
			}, timeoutMs);
			worker.once('message', (result: PlaytestCheck) => finish(result));
			worker.once('error', (e: Error & { code?: string }) => {
				const why =
					e.code === 'ERR_WORKER_OUT_OF_MEMORY'
						? `checking the file needed more than ${CHECK_MEMORY_MB} MB of memory, so it was stopped`
						: `the file could not be checked (${e.message})`;
				finish(refused(fileName, why));
			});
			worker.once('exit', (code) => {
				finish(refused(fileName, `the file could not be checked (the checker stopped, ${code})`));
			});
			worker.postMessage({ bytes, fileName, playtest });
		});
	} finally {
		done();
	}
}
