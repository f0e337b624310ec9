/**
 * Starts the production build (`node build`) for the benchmark on a free loopback port with its
 * own data folder, optionally under the V8 CPU profiler, and reads its memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import { gaugeValue, parseBuckets, round, type Buckets } from './stats';

/** The event loop's delay over a span, in ms (null where the server did not report it). */
export type LoopDelay = { p50: number | null; p99: number | null; max: number | null };

/** The admin the server creates at start-up; SANDTABLE_ADMIN_* from the environment win. */
export const ADMIN = {
	email: process.env.SANDTABLE_ADMIN_EMAIL || 'bench-admin@sandtable.test',
	password: process.env.SANDTABLE_ADMIN_PASSWORD || 'bench passphrase long enough',
	name: 'Bench Admin'
};

export async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const srv = createServer();
		srv.once('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => done(port));
		});
	});
}

/** A server's memory after garbage collection, in KB (see `BenchServer.memoryAfterGc`). */
export interface MemoryReading {
	rssKB: number;
	heapKB: number;
	heapTotalKB: number;
	externalKB: number;
	rssPlainKB: number;
	heapTotalPlainKB: number;
}

/** What bench/gc-preload.mjs prints on SIGUSR2: process.memoryUsage() and the plain reading. */
interface MemoryUsageReport {
	heapUsed: number;
	heapTotal: number;
	external: number;
	plain?: { rss: number; heapTotal: number } | null;
}

const MEMORY_PREFIX = 'BENCH-MEMORY ';

/** The JSON of a `BENCH-MEMORY {json}` line (bench/gc-preload.mjs), or null for any other line. */
export function memoryReport(line: string): string | null {
	return line.startsWith(MEMORY_PREFIX) ? line.slice(MEMORY_PREFIX.length) : null;
}

/**
 * A reading in KB from a `BENCH-MEMORY` report and the resident set read from /proc at the same
 * moment: what `memoryAfterGc` returns.
 */
export function memoryReading(report: string, rssKB: number): MemoryReading {
	const usage = JSON.parse(report) as MemoryUsageReport;
	const kb = (bytes: number) => Math.round(bytes / 1024);
	return {
		rssKB,
		heapKB: kb(usage.heapUsed),
		// What V8 holds for its heap (used or not) and what lives outside it (buffers):
		// with the heap used, they show where a resident set's growth is.
		heapTotalKB: kb(usage.heapTotal),
		externalKB: kb(usage.external),
		rssPlainKB: usage.plain ? kb(usage.plain.rss) : rssKB,
		heapTotalPlainKB: kb(usage.plain?.heapTotal ?? usage.heapTotal)
	};
}

/**
 * The growth per unit (a trainee, a stream) between two readings, in KB rounded to 0.1, under
 * the names of `details.memoryPerTrainee`.
 */
export function memoryPerUnit(before: MemoryReading, after: MemoryReading, units: number) {
	const kb = (key: keyof MemoryReading) => round((after[key] - before[key]) / units, 1);
	return {
		rssKB: kb('rssKB'),
		heapKB: kb('heapKB'),
		heapTotalKB: kb('heapTotalKB'),
		externalKB: kb('externalKB'),
		// The same after plain full collections, which keep the young generation a burst grew.
		rssPlainGcKB: kb('rssPlainKB'),
		heapTotalPlainGcKB: kb('heapTotalPlainKB')
	};
}

/** Calls `onLine` with every complete line a stream prints. */
export function onLines(stream: Readable, onLine: (line: string) => void): void {
	let pending = '';
	stream.on('data', (d: Buffer) => {
		pending += d.toString();
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) onLine(line);
	});
}

/** The node options that load bench/gc-preload.mjs (a process whose memory the bench reads). */
export function gcHook(): string[] {
	return ['--expose-gc', '--import', pathToFileURL(resolve('bench/gc-preload.mjs')).href];
}

/**
 * Keeps the `BENCH-MEMORY` reports a process started with `gcHook()` prints on its stdout (piped),
 * for `memoryAfterGc`; the rest of its output is dropped.
 */
export function memoryReports(child: ChildProcess): string[] {
	const reports: string[] = [];
	onLines(child.stdout!, (line) => {
		const report = memoryReport(line);
		if (report !== null) reports.push(report);
	});
	return reports;
}

/**
 * A process's memory after a memory-reducing garbage collection: sends SIGUSR2 to a process
 * started with `gcHook()` and waits for the next report in `reports` (its stdout's
 * `BENCH-MEMORY` lines, as `memoryReports` keeps them), in KB: resident set (from /proc), V8 heap
 * in use and held, and the resident set and heap held after plain full collections
 * (`…PlainKB`, which keep a grown young generation); null if it does not answer.
 */
export async function memoryAfterGc(
	child: ChildProcess,
	reports: readonly string[],
	timeoutMs = 90_000
): Promise<MemoryReading | null> {
	if (!child.pid || child.exitCode !== null) return null;
	const before = reports.length;
	child.kill('SIGUSR2');
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (reports.length > before) {
			const rss = rssKB(child.pid);
			return rss === null ? null : memoryReading(reports[reports.length - 1], rss);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	return null;
}

/** A process's resident set size in KB (VmRSS in /proc/<pid>/status); null when unreadable. */
export function rssKB(pid: number): number | null {
	try {
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}

/**
 * CPU seconds a process has used (user + system, from /proc/<pid>/stat); null when unreadable.
 * Fields 14 and 15 count clock ticks, 100 a second on Linux.
 */
export function cpuSeconds(pid: number): number | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces: count after it.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

/**
 * Waits until every process in `pids` has been idle (under 5% of a core) for `quietMs`, or
 * `maxMs` went by; resolves with the milliseconds waited. A server that has just started still
 * checks the scenario library in a worker thread for a few seconds: a start-up measured while
 * another is doing that measures the other one's work too.
 */
export async function waitIdle(pids: number[], quietMs = 1000, maxMs = 30_000): Promise<number> {
	const t0 = performance.now();
	const total = () => pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
	let last = total();
	let quietSince = performance.now();
	while (performance.now() - t0 < maxMs) {
		await new Promise((r) => setTimeout(r, 250));
		const now = total();
		if (now - last > 0.05 * 0.25 * pids.length) quietSince = performance.now();
		last = now;
		if (performance.now() - quietSince >= quietMs) break;
	}
	return Math.round(performance.now() - t0);
}

/**
 * A --trace-gc line: the kind of collection and its main-thread pause in ms. Node 24's lines
 * have a `pooled: N MB,` field before the pause, which Node 20's had not: without it in the
 * pattern no line matched, and every count was 0.
 */
export const GC_LINE =
	/(Scavenge|Mark-Compact|Mark-sweep)\b[^,]*MB,(?:\s*pooled:\s*[\d.]+\s*MB,)?\s*([\d.]+)\s*\/\s*[\d.]+\s*ms/;

export class BenchServer {
	port = 0;
	private child: ChildProcess | null = null;
	private log = '';
	/** Garbage collections seen so far with `traceGc`: counts and main-thread pause time. */
	readonly gc = { scavenges: 0, markCompacts: 0, pauseMs: 0, maxPauseMs: 0 };
	/** process.memoryUsage() lines printed by bench/gc-preload.mjs, as JSON. */
	private readonly memoryReports: string[] = [];
	/** Milliseconds from spawn until /healthz answered. */
	startMs = 0;

	constructor(
		readonly dataDir: string,
		private readonly options: {
			/** The adapter-node build to run (its index.js). */
			entry?: string;
			/** Run with --trace-gc and count the pauses (see `gc`). */
			traceGc?: boolean;
			cpuProfileDir?: string;
			env?: Record<string, string>;
		} = {}
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get pid(): number {
		if (!this.child?.pid) throw new Error('the server is not running');
		return this.child.pid;
	}

	/** The last few kilobytes the server printed. */
	get output(): string {
		return this.log;
	}

	async start(timeoutMs = 120_000): Promise<this> {
		this.port = await freePort();
		const started = performance.now();
		const profile: string[] = this.options.cpuProfileDir
			? ['--cpu-prof', `--cpu-prof-dir=${this.options.cpuProfileDir}`]
			: [];
		if (this.options.traceGc) profile.push('--trace-gc');
		const child = spawn(
			process.execPath,
			[...profile, ...gcHook(), this.options.entry ?? 'build/index.js'],
			{
				env: {
					...process.env,
					NODE_ENV: 'production',
					PORT: String(this.port),
					HOST: '127.0.0.1',
					ORIGIN: this.url,
					DATA_DIR: this.dataDir,
					SCENARIOS_DIR: resolve('scenarios'),
					SANDTABLE_ADMIN_EMAIL: ADMIN.email,
					SANDTABLE_ADMIN_PASSWORD: ADMIN.password,
					SANDTABLE_ADMIN_NAME: ADMIN.name,
					// Open SSE streams would otherwise hold a graceful stop for 30 s.
					SHUTDOWN_TIMEOUT: '1',
					...this.options.env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		this.child = child;
		const keep = (d: Buffer) => (this.log = (this.log + d.toString()).slice(-8000));
		child.stdout!.on('data', keep);
		onLines(child.stdout!, (line) => {
			const report = memoryReport(line);
			if (report !== null) this.memoryReports.push(report);
			const pause = GC_LINE.exec(line);
			if (pause) {
				const ms = Number(pause[2]);
				if (pause[1] === 'Scavenge') this.gc.scavenges++;
				else this.gc.markCompacts++;
				this.gc.pauseMs += ms;
				this.gc.maxPauseMs = Math.max(this.gc.maxPauseMs, ms);
			}
		});
		child.stderr!.on('data', keep);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (child.exitCode !== null)
				throw new Error(`server exited (${child.exitCode}):\n${this.log}`);
			try {
				const res = await fetch(`${this.url}/healthz`);
				if (res.ok) {
					this.startMs = performance.now() - started;
					return this;
				}
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		await this.stop();
		throw new Error(`server did not start in ${timeoutMs} ms:\n${this.log}`);
	}

	/**
	 * The server's memory after a memory-reducing garbage collection (bench/gc-preload.mjs answers
	 * SIGUSR2), in KB: resident set (from /proc), V8 heap in use and held, and the resident set and
	 * heap held after plain full collections (`…PlainKB`, which keep a grown young generation);
	 * null if the server does not answer.
	 */
	async memoryAfterGc(timeoutMs = 90_000): Promise<MemoryReading | null> {
		return this.child ? memoryAfterGc(this.child, this.memoryReports, timeoutMs) : null;
	}

	/**
	 * The answers' acknowledgement-latency histogram as /metrics has it now (loopback, no token),
	 * and the event loop's delay since the previous scrape (prom-client's monitorEventLoopDelay
	 * figures, reset by every scrape), in ms.
	 */
	async answerAckBuckets(): Promise<{ buckets: Buckets; loopDelayMs: LoopDelay }> {
		const res = await fetch(`${this.url}/metrics`);
		if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
		const text = await res.text();
		const ms = (name: string) => {
			const seconds = gaugeValue(text, `nodejs_eventloop_lag_${name}_seconds`);
			return seconds === null ? null : round(seconds * 1000, 1);
		};
		return {
			buckets: parseBuckets(text, 'sandtable_answer_ack_seconds'),
			loopDelayMs: { p50: ms('p50'), p99: ms('p99'), max: ms('max') }
		};
	}

	/** Resident memory of the server process in KB. */
	rssKB(): number | null {
		return this.child?.pid ? rssKB(this.child.pid) : null;
	}

	/** Stops the server (SIGTERM, so a CPU profile is written; SIGKILL after 10 s). */
	async stop(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		// A CPU profile of a long run is written at exit and takes a while: do not cut it off.
		const timer = setTimeout(
			() => child.kill('SIGKILL'),
			this.options.cpuProfileDir ? 120_000 : 10_000
		);
		await exited;
		clearTimeout(timer);
		this.child = null;
	}
}
