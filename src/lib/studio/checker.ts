/**
 * Runs the studio's checks in a Web Worker, so a slow check never blocks typing, with a time
 * limit as uploads have on the server: a check that runs long is stopped (the worker is
 * terminated and a fresh one started for the next check) and reported as one error at 1:1.
 */
import type { DraftCheck } from './check-draft';

export interface Checker {
	/** Checks `text`; a newer call makes an older one's promise resolve with null. */
	check(text: string): Promise<DraftCheck | null>;
	dispose(): void;
}

export interface CheckerOptions {
	/** The file name messages carry. */
	file: string;
	/** Leave out the path explorer (the check as you type). */
	quick: boolean;
	timeoutMs: number;
	/**
	 * Stop a running check when a newer text arrives (for the slow full check) rather than let
	 * it finish and check the newest text next (for the quick one, where a new worker's start-up
	 * would cost more than the check).
	 */
	preempt: boolean;
	spawn?: () => Worker;
}

interface Request {
	seq: number;
	text: string;
	resolve: (r: DraftCheck | null) => void;
}

/** A checker over one worker at a time. */
export function createChecker(options: CheckerOptions): Checker {
	const { file, quick, timeoutMs, preempt } = options;
	const spawn =
		options.spawn ??
		(() => new Worker(new URL('./check.worker.ts', import.meta.url), { type: 'module' }));
	let worker: Worker | null = null;
	let seq = 0;
	let running: (Request & { timer: number }) | null = null;
	let waiting: Request | null = null;

	const stopped = (message: string): DraftCheck => ({
		errors: [{ file, line: 1, column: 1, message }],
		warnings: [],
		complete: false,
		paths: null,
		ms: timeoutMs
	});
	const kill = () => {
		worker?.terminate();
		worker = null;
	};
	const finish = (result: DraftCheck | null) => {
		if (!running) return;
		clearTimeout(running.timer);
		const { resolve } = running;
		running = null;
		resolve(result);
		if (waiting) {
			const next = waiting;
			waiting = null;
			send(next);
		}
	};
	const send = (request: Request) => {
		if (!worker) {
			worker = spawn();
			worker.onmessage = (event: MessageEvent<{ seq: number; result: DraftCheck }>) => {
				if (running && event.data.seq === running.seq) finish(event.data.result);
			};
			worker.onerror = (event) => {
				event.preventDefault();
				kill();
				finish(stopped('the draft could not be checked (the checker stopped)'));
			};
		}
		const timer = window.setTimeout(() => {
			kill();
			const s = Math.round(timeoutMs / 100) / 10;
			finish(
				stopped(
					`checking the draft took longer than ${s} s, so it was stopped: a scenario this ` +
						'complex cannot be played; split it or simplify it'
				)
			);
		}, timeoutMs);
		running = { ...request, timer };
		worker.postMessage({ seq: request.seq, text: request.text, file, quick });
	};

	return {
		check(text) {
			return new Promise((resolve) => {
				const request = { seq: ++seq, text, resolve };
				waiting?.resolve(null);
				waiting = null;
				if (!running) return send(request);
				if (preempt) {
					kill();
					const old = running;
					clearTimeout(old.timer);
					running = null;
					old.resolve(null);
					return send(request);
				}
				waiting = request;
			});
		},
		dispose() {
			kill();
			waiting?.resolve(null);
			waiting = null;
			if (running) {
				clearTimeout(running.timer);
				running.resolve(null);
				running = null;
			}
		}
	};
}
