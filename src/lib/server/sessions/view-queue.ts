/**
 * Work that may wait its turn (a console's or a big screen's whole view), done a few
 * milliseconds' worth per turn of the event loop. Built at once, every console of a busy server
 * came due together: 200 sessions released at the same moment keep their consoles' one-a-second
 * pushes in step, and building 200 views in one go held every answer behind them (a server-side
 * answer p95 of about 200 ms at 500 answers/s, with the median at 12 ms). Between slices the
 * server reads its sockets again, so an answer waits for one slice at most.
 */
export interface ViewQueue {
	/** Queues `job` (once: queued again before it ran, it still runs once). */
	add(job: () => void): void;
	/** Drops `job` if it has not run yet. */
	delete(job: () => void): void;
	has(job: () => void): boolean;
}

export function createViewQueue(
	sliceMs: number,
	onError: (err: unknown) => void,
	now = () => performance.now()
): ViewQueue {
	const due = new Set<() => void>();
	let draining = false;
	const drain = () => {
		const until = now() + sliceMs;
		for (const job of due) {
			due.delete(job);
			try {
				job();
			} catch (err) {
				// One view failing must not stop the others queued behind it.
				onError(err);
			}
			if (now() >= until) break;
		}
		// An immediate queued while immediates run waits for the next turn of the loop, after the
		// sockets have been read.
		if (due.size > 0) setImmediate(drain);
		else draining = false;
	};
	return {
		add(job) {
			due.add(job);
			if (draining) return;
			draining = true;
			setImmediate(drain);
		},
		delete: (job) => void due.delete(job),
		has: (job) => due.has(job)
	};
}
