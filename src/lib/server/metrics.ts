/**
 * What the server counts for operators, in Prometheus' text format at GET /metrics
 * (docs/operations.md lists every metric). The figures live in one registry of the app's own, so
 * nothing else loaded in the process adds to it. The hot paths (an answer, an append, a stream
 * opening) only add to a number: labels are bound once here, nothing is allocated per call, and
 * what is costly to know (the free disk, the live sessions) is read when Prometheus scrapes.
 */
import { statfs } from 'node:fs/promises';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DATA_DIR } from './config';

export const registry = new Registry();

// Process figures (CPU, memory, heap, handles, GC) and the event loop's lag: its delay as
// sampled by monitorEventLoopDelay, as p50/p90/p99/max since the last scrape.
collectDefaultMetrics({ register: registry });

let liveSessions: () => number = () => 0;

/** Tells the metrics how many sessions are loaded and not ended (the hub does, once). */
export function countLiveSessionsWith(count: () => number): void {
	liveSessions = count;
}

new Gauge({
	name: 'sandtable_live_sessions',
	help: 'Sessions loaded in memory and not ended (in the lobby, running or paused).',
	registers: [registry],
	collect() {
		this.set(liveSessions());
	}
});

export type StreamKind = 'trainee' | 'facilitator' | 'screen';

const streams = new Gauge({
	name: 'sandtable_connected_streams',
	help: 'Live streams (Server-Sent Events) open now: trainees, facilitator consoles, big screens.',
	labelNames: ['kind'],
	registers: [registry]
});
const streamsOf: Record<StreamKind, Gauge.Internal<'kind'>> = {
	trainee: streams.labels('trainee'),
	facilitator: streams.labels('facilitator'),
	screen: streams.labels('screen')
};
// Every kind is listed from the start, at 0, so a dashboard's series exist before a stream does.
for (const gauge of Object.values(streamsOf)) gauge.set(0);

/** A live stream of `kind` opened; call `streamClosed` once when it ends. */
export function streamOpened(kind: StreamKind): void {
	streamsOf[kind].inc();
}

export function streamClosed(kind: StreamKind): void {
	streamsOf[kind].dec();
}

const answers = new Counter({
	name: 'sandtable_answers_total',
	help: 'Answers recorded and acknowledged (a retry of an acknowledged answer is not counted).',
	registers: [registry]
});

const answerAck = new Histogram({
	name: 'sandtable_answer_ack_seconds',
	help: 'Time from an answer reaching the session to its acknowledgement, once it is durable.',
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

/** An answer acknowledged `seconds` after it arrived. */
export function answerAcknowledged(seconds: number): void {
	answers.inc();
	answerAck.observe(seconds);
}

const storeWrites = new Histogram({
	name: 'sandtable_store_write_seconds',
	help: "Time a session's append took to be durable (journal line and fsync), failed ones included.",
	buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
	registers: [registry]
});

const storeWriteFailures = new Counter({
	name: 'sandtable_store_write_failures_total',
	help: 'Session appends that failed (the disk refused the write); nothing of them was kept.',
	registers: [registry]
});

const notSaved = new Counter({
	name: 'sandtable_not_saved_total',
	help: 'Commands refused with 503 because nothing could be saved (answers, controls, the clock).',
	registers: [registry]
});

/** A session command refused with 503 "not saved". */
export function refusedNotSaved(): void {
	notSaved.inc();
}

export type WebhookResult = 'delivered' | 'retry' | 'failed';

const webhookAttempts = new Counter({
	name: 'sandtable_webhook_attempts_total',
	help: 'Improvement webhook attempts: delivered, failed with a retry to come, or failed for good.',
	labelNames: ['result'],
	registers: [registry]
});
const webhookOf: Record<WebhookResult, Counter.Internal> = {
	delivered: webhookAttempts.labels('delivered'),
	retry: webhookAttempts.labels('retry'),
	failed: webhookAttempts.labels('failed')
};
// Listed at 0 from the start, so an alert on `failed` has a series before the first failure.
for (const counter of Object.values(webhookOf)) counter.inc(0);

/** One attempt of the improvement webhook and how it ended. */
export function webhookAttempted(result: WebhookResult): void {
	webhookOf[result].inc();
}

/** Failed store writes since the last one that succeeded; null when the last one did. */
export interface WriteFailure {
	/** The error's code (ENOSPC, EIO, EISDIR...), never its message (which names files). */
	code: string;
	/** When the first and the latest of them failed (ms since the epoch). */
	since: number;
	last: number;
}

let failing: WriteFailure | null = null;

/** A session append that took `seconds` and was durable. */
export function storeWritten(seconds: number): void {
	storeWrites.observe(seconds);
	failing = null;
}

/**
 * A session append that failed after `seconds` with `error` (not a conflict with another writer:
 * that is no failure of the disk, and nothing to count here).
 */
export function storeWriteFailed(seconds: number, error: unknown, now = Date.now()): void {
	storeWrites.observe(seconds);
	storeWriteFailures.inc();
	const code = (error as NodeJS.ErrnoException | null)?.code;
	failing = {
		code: typeof code === 'string' ? code : 'error',
		since: failing?.since ?? now,
		last: now
	};
}

/** The store writes failing now, if the last one failed (for /readyz). */
export function storeWriteFailure(): WriteFailure | null {
	return failing;
}

new Gauge({
	name: 'sandtable_data_free_bytes',
	help: 'Bytes free for the app in the file system of the data folder.',
	registers: [registry],
	async collect() {
		try {
			const fs = await statfs(DATA_DIR);
			this.set(fs.bavail * fs.bsize);
		} catch {
			// No data folder yet (nothing written) or it is gone: not a number rather than a wrong
			// one (0 would page someone about a full disk).
			this.set(Number.NaN);
		}
	}
});

/** The registry's figures in Prometheus' text format. */
export function metricsText(): Promise<string> {
	return registry.metrics();
}

export const METRICS_CONTENT_TYPE = registry.contentType;
