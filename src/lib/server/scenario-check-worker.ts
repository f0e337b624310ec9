/**
 * The worker-thread side of `checkScenario`: loads one scenario file and posts the result back.
 * Run as a worker by scenario-check.ts (this module's own URL is the worker's entry); imported in
 * the main thread it only exports that URL. Relative imports keep it runnable under tsx in dev.
 */
import { setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../engine/scenario/load';
import { playtest, type BotTeam } from '../engine/session/playtest';
import { playtestReport } from '../reports/playtest';

/** Marks the workers this module serves, so importing it anywhere else does nothing. */
export const WORKER_ROLE = 'sandtable-scenario-check';

/**
 * The nice value of a background check's thread. On Linux a thread's priority is its own, so
 * this lowers the worker's thread only, never the server's. 10, not 19: under full load a nice-19
 * thread gets about 1.5% of a core and a check could outlast its time limit; at 10 it gets about
 * a tenth, and the requests it competes with get the rest.
 */
export const BACKGROUND_NICE = 10;

/** The URL of this module once built (a chunk of its own) or in dev (the .ts file). */
export const WORKER_URL = import.meta.url;

interface CheckRequest {
	bytes: Uint8Array;
	fileName: string;
	/** A studio play-test: bot teams play the scenario when it has no errors. */
	playtest?: { bots: BotTeam[]; seed: string };
}

interface CheckWorkerData {
	role?: string;
	background?: boolean;
}

if (!isMainThread && parentPort && (workerData as CheckWorkerData)?.role === WORKER_ROLE) {
	const port = parentPort;
	if ((workerData as CheckWorkerData).background) {
		try {
			setPriority(BACKGROUND_NICE);
		} catch {
			// Not allowed here (some containers): the check runs at normal priority, as before.
		}
	}
	port.once('message', ({ bytes, fileName, playtest: job }: CheckRequest) => {
		const result = loadScenario(bytes, fileName);
		if (!job || result.errors.length || !result.scenario) {
			port.postMessage(result);
			return;
		}
		const run = playtest(result.scenario, job.bots, job.seed);
		port.postMessage({ ...result, playtest: playtestReport(result.scenario, run) });
	});
}
