/**
 * `npm run bench`: builds the app, starts the production server on loopback with a fresh data
 * folder, drives it from a separate load-generator process (bench/load.ts), measures a bare
 * node:http baseline with the same load, replays the answer load over 0, 1,000 and 10,000
 * stored sessions, prints a table and writes bench/results.json. See bench/README.md.
 *
 * Options: --no-build (use the existing build), --quick (small numbers, to try the harness),
 * --profile (the main and town-hall servers run under --cpu-prof; the paths are printed),
 * --heap-snapshot (the main server writes a heap snapshot at every memory reading),
 * --skip=<phase,...> (disk, main, townhall, chat, baseline, history, studio, size), --keep (keep the data folders),
 * --use-build=<dir> (measure a build copied earlier into <dir>, e.g. .tmp/bench-build, to compare
 * two builds under the same conditions), --sessions=, --trainees=, --rate=, --townhall=,
 * --townhall10k=, --history=<n,n,…> (stored sessions of the history phase).
 *
 * --backend=postgres runs every server on PostgreSQL (DATABASE_URL; the database from
 * --database-url=, else $BENCH_DATABASE_URL, else the test database of pg/testing.ts), each phase
 * in a fresh schema `bench_<time>_<phase>` dropped at the end (unless --keep), and writes
 * bench/results-postgres.json. --instances=N (PostgreSQL only) starts N servers per phase on one
 * schema and one data folder, spreads the trainees over them and releases on the first.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { routeFirstLoad, SVELTEKIT_OUTPUT } from './bundle';
import pg from 'pg';
import { withSchema, TEST_DATABASE_URL } from '../src/lib/server/storage/pg/testing';
import { loadLibraryScenario } from './history';
import { parseBackendOptions } from './options';
import { probeRewrite, probeSessionJournal } from './storage-probe';
import { measureStudioChecks, STUDIO_TARGET_MS, traineeLoadsStudio } from './studio';
import { measureSessionSizes } from './session-size';
import {
	ADMIN,
	BenchServer,
	freePort,
	gcHook,
	memoryAfterGc,
	memoryPerUnit,
	memoryReports,
	waitIdle,
	type LoopDelay
} from './server';
import { addBuckets, histogramQuantilesMs, median, ratio, round, summarise } from './stats';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick');
const skip = new Set((option('skip') ?? '').split(',').filter(Boolean));
const backendOptions = parseBackendOptions(argv);
if ('error' in backendOptions) {
	console.error(`bench: ${backendOptions.error}`);
	process.exit(2);
}
const { backend, instances } = backendOptions;
const postgres = backend === 'postgres';
/** The database the PostgreSQL run makes its schemas in; servers never inherit DATABASE_URL. */
const DATABASE = option('database-url') ?? process.env.BENCH_DATABASE_URL ?? TEST_DATABASE_URL;
delete process.env.DATABASE_URL;
/** Every schema of this run starts with it: bench_<UTC time>_. */
const SCHEMA_PREFIX = `bench_${new Date()
	.toISOString()
	.replace(/[-:]/g, '')
	.replace('T', '_')
	.slice(0, 15)}_`;

/** What the run does; --quick shrinks it to try the harness in about a minute. */
const config = {
	sessions: Number(option('sessions') ?? (quick ? 10 : 200)),
	teamsPerSession: 4,
	trainees: Number(option('trainees') ?? (quick ? 200 : 10000)),
	/** Every role receives the injects used below (the briefing and the EDR alert). */
	roles: ['soc-analyst', 'incident-commander', 'it-operations'],
	scenarioId: 'ransomware-file-server',
	fanoutInject: 'edr-iso-alert',
	townhallTrainees: Number(option('townhall') ?? (quick ? 200 : 2000)),
	/** The second town hall: one release to every trainee of a company-wide drill. */
	townhall10kTrainees: Number(option('townhall10k') ?? (quick ? 400 : 10000)),
	/** The room of the chat phase (issue 13 asks for 200), in teams of five. */
	chatTrainees: 200,
	rate: Number(option('rate') ?? 500),
	steadySeconds: quick ? 5 : 10,
	ceilingSeconds: quick ? 5 : 10,
	/** Connections for the closed-loop ceiling and the baseline (as many as the open loop). */
	connections: 256,
	history: option('history')
		? option('history')!.split(',').map(Number)
		: quick
			? [0, 100, 1000]
			: [0, 1000, 10000],
	historySessions: 10,
	historyTrainees: 400,
	/** Below saturation, so that the latency is the cost of an answer rather than a queue. */
	historyRate: 100,
	historySeconds: quick ? 3 : 3,
	historyRounds: quick ? 2 : 6,
	/** A pause between slices, so that one server's leftovers (writes, GC) do not fall on the next. */
	historyPauseMs: 1500,
	dashboardRequests: 5,
	/** The whole run must stop by itself: 10,000 trainees twice over take a while on 2 cores. */
	limitMs: 20 * 60_000
};

/** The answer every simulated trainee gives: a multiple choice on the first inject. */
const ANSWER = {
	injectId: 'month-end-briefing',
	decisionId: 'readiness-checks',
	value: { kind: 'multiple', optionIds: ['oob-bridge', 'backup-status'] },
	rationale: 'Out-of-band bridge first, then confirm the immutable backup copy.'
};

/** Issue 15's targets (performance, round two) on a 2-core machine. */
const TARGETS = {
	connectedTrainees: 10000,
	memoryPerTraineeKB: 20,
	answersPerSecond: 500,
	answerP95Ms: 50,
	answerP99Ms: 100,
	fanoutP95Ms: 250,
	fanout10kP95Ms: 1000,
	historyRatio10k: 1.2,
	startupMs: 3000,
	dashboardMs10k: 100,
	dashboardWarmMs10k: 20,
	traineeFirstLoadJsGzipKB: 45,
	endedSessionFileKB: 40,
	/** Issue 12: diagnostics while typing in a 2,000-line scenario. */
	studioDiagnosticsP95Ms: STUDIO_TARGET_MS
};

type Num = number | null;
const results = {
	backend,
	instances,
	connectedTrainees: null as Num,
	memoryPerTraineeKB: null as Num,
	answersPerSecond: null as Num,
	answerLatencyMs: { p50: null as Num, p95: null as Num, p99: null as Num },
	fanoutMs: { p50: null as Num, p95: null as Num, max: null as Num },
	/**
	 * With several instances, the town hall's release (made on instance A) split by where each
	 * trainee streams from: on A itself, and on another instance (through PostgreSQL's NOTIFY).
	 */
	fanoutSameInstanceMs: null as { p50: Num; p95: Num; max: Num } | null,
	fanoutAcrossInstancesMs: null as { p50: Num; p95: Num; max: Num } | null,
	/** Chat from a post to every teammate's stream (team) and to everyone (room), 200 trainees. */
	chatFanoutMs: {
		team: { p50: null as Num, p95: null as Num, max: null as Num },
		room: { p50: null as Num, p95: null as Num, max: null as Num }
	},
	baselineAnswersPerSecond: null as Num,
	baselineRatio: null as Num,
	/** A trivial SvelteKit endpoint (bench/floor) under the same load: the framework's floor. */
	frameworkFloorAnswersPerSecond: null as Num,
	/** The answers' own timing inside the server at the steady rate (arrival to durable ack). */
	answerLatencyServerMs: { p50: null as Num, p95: null as Num, p99: null as Num },
	fanoutMs10k: { p50: null as Num, p95: null as Num, max: null as Num },
	/** From spawning the server to its first /healthz answer, by stored sessions. */
	startupMs: {} as Record<string, Num>,
	historyP95Ms: {} as Record<string, Num>,
	historyRatio10k: null as Num,
	/** The medians beside the p95s: far less moved by a busy machine's stalls. */
	historyP50Ms: {} as Record<string, Num>,
	historyRatio10kP50: null as Num,
	dashboardMs: { '1000': null, '10000': null } as Record<string, Num>,
	/** The same dashboard view asked again. */
	dashboardWarmMs: { '1000': null, '10000': null } as Record<string, Num>,
	traineeFirstLoadJsGzipKB: null as Num,
	traineeFirstLoadCssGzipKB: null as Num,
	/** The largest ended session's file over the bundled scenarios (bench/session-size.ts). */
	endedSessionFileKB: null as Num,
	/** The studio's check as you type on a ~2,000-line scenario (the worker's function, in Node). */
	studioDiagnosticsMs: { p50: null as Num, p95: null as Num },
	/** Client files holding studio code that the trainee page loads first (must be none). */
	traineeStudioFiles: null as string[] | null,
	notes: [] as string[],
	targets: TARGETS,
	details: {} as Record<string, unknown>,
	machine: {
		cpus: cpus().length,
		node: process.version,
		loadAverageAtStart: loadavg().map((x) => round(x, 2)),
		loadAverageAtEnd: null as number[] | null
	},
	generatedAt: new Date().toISOString(),
	runSeconds: 0
};
for (const n of config.history) {
	results.historyP95Ms[String(n)] = null;
	results.startupMs[String(n)] = null;
}

/** A private copy of the build (.tmp/ is ignored by git, prettier and eslint). */
const BUILD_COPY = resolve(option('use-build') ?? '.tmp/bench-build');

const started = performance.now();
const children = new Set<ChildProcess>();
const servers = new Set<BenchServer>();
const tempDirs: string[] = [];

function log(message: string) {
	const s = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
	console.log(`[${s}s] ${message}`);
}

function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	tempDirs.push(dir);
	return dir;
}

/** Removes a data folder in a detached `rm -rf`, so that the run does not wait for it. */
function removeInBackground(dir: string) {
	if (tempDirs.includes(dir)) tempDirs.splice(tempDirs.indexOf(dir), 1);
	spawn('rm', ['-rf', dir], { detached: true, stdio: 'ignore' }).unref();
}

/** The PostgreSQL schemas this run made (dropped at the end unless --keep). */
const schemas: string[] = [];

/** Runs SQL on the bench database as its owner. */
async function sql(text: string) {
	// Generous: the first schemas are made while the app builds on a busy machine.
	const client = new pg.Client({ connectionString: DATABASE, connectionTimeoutMillis: 60_000 });
	await client.connect();
	try {
		await client.query(text);
	} finally {
		await client.end().catch(() => {});
	}
}

/**
 * With --backend=postgres, a new empty schema `bench_<time>_<name>` and the DATABASE_URL that
 * uses it; undefined with the embedded backend.
 */
async function database(name: string): Promise<string | undefined> {
	if (!postgres) return undefined;
	const schema = `${SCHEMA_PREFIX}${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
	await sql(`CREATE SCHEMA ${schema}`);
	schemas.push(schema);
	return withSchema(DATABASE, schema);
}

async function dropSchemas() {
	if (flag('keep')) {
		if (schemas.length) console.log(`bench: kept the schemas ${schemas.join(', ')}`);
		return;
	}
	for (const schema of schemas.splice(0)) {
		await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((e: Error) =>
			console.error(`bench: could not drop schema ${schema}: ${e.message}`)
		);
	}
}

async function cleanup() {
	for (const s of servers) await s.stop().catch(() => {});
	for (const c of children) c.kill('SIGKILL');
	await dropSchemas();
	if (!flag('keep')) for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}

const watchdog = setTimeout(() => {
	console.error(`bench: still running after ${config.limitMs / 60_000} minutes; stopping`);
	void cleanup().finally(() => process.exit(2));
}, config.limitMs);

/** The load generator, as a child process driven over IPC. */
class LoadGenerator {
	private readonly child: ChildProcess;
	private next = 1;
	private readonly waiting = new Map<
		number,
		{ resolve: (v: unknown) => void; reject: (e: Error) => void }
	>();

	constructor() {
		this.child = fork(resolve('bench/load.ts'), [], { execArgv: ['--import', 'tsx'] });
		children.add(this.child);
		this.child.on(
			'message',
			(msg: { id: number; ok: boolean; value?: unknown; error?: string }) => {
				const w = this.waiting.get(msg.id);
				if (!w) return;
				this.waiting.delete(msg.id);
				if (msg.ok) w.resolve(msg.value);
				else w.reject(new Error(msg.error));
			}
		);
		this.child.on('exit', (code) => {
			for (const w of this.waiting.values()) w.reject(new Error(`load generator exited (${code})`));
			this.waiting.clear();
		});
	}

	/** Runs a task in the load generator; rejects after `timeoutMs`. */
	call<T = Record<string, unknown>>(
		task: string,
		args: unknown = {},
		timeoutMs = 120_000
	): Promise<T> {
		const id = this.next++;
		return new Promise<T>((resolvePromise, reject) => {
			const timer = setTimeout(() => {
				this.waiting.delete(id);
				reject(new Error(`load task ${task} took over ${timeoutMs} ms`));
			}, timeoutMs);
			this.waiting.set(id, {
				resolve: (v) => {
					clearTimeout(timer);
					resolvePromise(v as T);
				},
				reject: (e) => {
					clearTimeout(timer);
					reject(e);
				}
			});
			this.child.send({ id, task, args });
		});
	}

	stop() {
		this.child.kill();
		children.delete(this.child);
	}
}

interface Latency {
	count: number;
	p50: Num;
	p95: Num;
	p99: Num;
	max: Num;
}
interface AnswerRun {
	requests: number;
	dropped?: number;
	ok: number;
	errors: number;
	errorCodes?: Record<string, number>;
	timeouts: number;
	statuses: Record<string, number>;
	seconds: number;
	perSecond: number;
	latencyMs: Latency;
}

async function startServer(
	dataDir: string,
	profile = false,
	traceGc = false,
	databaseUrl?: string
): Promise<BenchServer> {
	const cpuProfileDir =
		profile && flag('profile') ? tempDir('sandtable-bench-profile-') : undefined;
	const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
	if (profile && flag('heap-snapshot')) {
		env.BENCH_HEAP_SNAPSHOT_DIR = mkdtempSync(join(tmpdir(), 'sandtable-bench-heap-'));
		results.notes.push(`heap snapshots of the main server: ${env.BENCH_HEAP_SNAPSHOT_DIR} (kept)`);
	}
	const server = new BenchServer(dataDir, {
		cpuProfileDir,
		env,
		traceGc,
		entry: join(BUILD_COPY, 'app/index.js')
	});
	servers.add(server);
	await server.start();
	if (cpuProfileDir) {
		results.notes.push(`CPU profile of a server: ${cpuProfileDir} (kept)`);
		tempDirs.splice(tempDirs.indexOf(cpuProfileDir), 1);
	}
	return server;
}

async function stopServer(server: BenchServer) {
	await server.stop();
	servers.delete(server);
}

/**
 * The servers of a phase: one on a fresh data folder (and, on PostgreSQL, a fresh schema), or
 * `instances` of them sharing both, started one after the other (the first migrates the schema).
 * Only the first is profiled.
 */
async function startInstances(
	name: string,
	profile = false,
	traceGc = false
): Promise<BenchServer[]> {
	const dataDir = tempDir(`sandtable-bench-${name}-`);
	const url = await database(name);
	const started: BenchServer[] = [];
	for (let k = 0; k < instances; k++) {
		started.push(await startServer(dataDir, profile && k === 0, traceGc, url));
	}
	return started;
}

async function stopInstances(list: BenchServer[]) {
	for (const server of list) await stopServer(server);
}

/** The servers' memory after a GC, summed; null if one of them does not answer. */
async function memoryOf(list: BenchServer[]) {
	const readings = await Promise.all(list.map((s) => s.memoryAfterGc()));
	if (readings.some((r) => r === null)) return null;
	const sum = (key: keyof NonNullable<(typeof readings)[number]>) =>
		readings.reduce((total, r) => total + r![key], 0);
	return {
		rssKB: sum('rssKB'),
		heapKB: sum('heapKB'),
		heapTotalKB: sum('heapTotalKB'),
		externalKB: sum('externalKB'),
		rssPlainKB: sum('rssPlainKB'),
		heapTotalPlainKB: sum('heapTotalPlainKB')
	};
}

/** The collector's pauses (--trace-gc) of `list` since `before`, summed; the longest of any. */
function gcDuring(before: BenchServer['gc'][], list: BenchServer[]): BenchServer['gc'] {
	const sum = { scavenges: 0, markCompacts: 0, pauseMs: 0, maxPauseMs: 0 };
	list.forEach((s, k) => {
		sum.scavenges += s.gc.scavenges - before[k].scavenges;
		sum.markCompacts += s.gc.markCompacts - before[k].markCompacts;
		sum.pauseMs = round(sum.pauseMs + s.gc.pauseMs - before[k].pauseMs, 1);
		sum.maxPauseMs = Math.max(sum.maxPauseMs, s.gc.maxPauseMs);
	});
	return sum;
}

/** The answers' histogram summed over `list`, and the largest event-loop delays among them. */
async function ackAndLoopDelayOf(list: BenchServer[]) {
	const scrapes = await Promise.all(list.map((s) => s.answerAckBuckets()));
	const worst = (key: keyof LoopDelay) =>
		scrapes.reduce<number | null>((m, s) => {
			const v = s.loopDelayMs[key];
			return v === null ? m : Math.max(m ?? 0, v);
		}, null);
	return {
		buckets: addBuckets(scrapes.map((s) => s.buckets)),
		loopDelayMs: { p50: worst('p50'), p99: worst('p99'), max: worst('max') }
	};
}

type Split = { expected: number; received: number; latencyMs: Latency };
type Fanout = {
	latencyMs: Latency;
	expected: number;
	received: number;
	sameInstance?: Split;
	acrossInstances?: Split;
};

/** The same-instance and across-instances parts of a fan-out, for the log. */
function describeSplit(f: Fanout): string {
	if (!f.sameInstance || !f.acrossInstances) return '';
	const part = (x: Split) => `${x.received}/${x.expected} p95 ${x.latencyMs.p95} ms`;
	return ` (same instance ${part(f.sameInstance)}; across instances ${part(f.acrossInstances)})`;
}

/** A note when a part of a fan-out did not arrive in time. */
function noteMissing(what: string, f: Fanout) {
	if (f.received < f.expected) {
		results.notes.push(
			`${what}: only ${f.received} of ${f.expected} trainees received the release within 30 s`
		);
	}
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Arguments of an answer run: with a rate, the open-loop `steady` task (up to
 * `config.connections` answers in flight); without, autocannon's closed loop over as many.
 */
function answerArgs(tag: string, rate: number | undefined, seconds: number) {
	return { ...ANSWER, tag, rate, seconds, connections: config.connections };
}

function setupArgs(
	url: string | BenchServer[],
	sessions: number,
	trainees: number,
	releaseFirst = true
) {
	const urls = typeof url === 'string' ? [url] : url.map((s) => s.url);
	return {
		url: urls[0],
		urls,
		email: ADMIN.email,
		password: ADMIN.password,
		scenarioId: config.scenarioId,
		sessions,
		teamsPerSession: config.teamsPerSession,
		trainees,
		roles: config.roles,
		speed: 0.1,
		releaseFirst,
		// Several instances joining one session at once race for its log; past the server's own
		// retries a join is refused 503, and failed joins count against the address's limit (20 in
		// 15 minutes, and the bench is one address): 200 at once on one session ran into it.
		concurrency: instances > 1 ? 20 : 200
	};
}

/** Durable commits per second this disk does (write, fsync, rename, fsync of the folder). */
async function diskCommitRate(dir: string, parallel: number, ms = 2000): Promise<number> {
	const { open, rename } = await import('node:fs/promises');
	const payload = Buffer.alloc(120_000, 'x');
	const one = async (i: number) => {
		const file = join(dir, `f${i}.json`);
		const h = await open(`${file}.tmp`, 'w');
		await h.writeFile(payload);
		await h.sync();
		await h.close();
		await rename(`${file}.tmp`, file);
		const d = await open(dir, 'r');
		await d.sync();
		await d.close();
	};
	const t0 = performance.now();
	let n = 0;
	while (performance.now() - t0 < ms) {
		await Promise.all(Array.from({ length: parallel }, (_, i) => one(i)));
		n += parallel;
	}
	return round(n / ((performance.now() - t0) / 1000), 0);
}

/** Appends of one small record with fdatasync per second (what a log-structured store pays). */
async function diskAppendRate(dir: string, ms = 2000): Promise<number> {
	const { open } = await import('node:fs/promises');
	const record = Buffer.alloc(300, 'x');
	const h = await open(join(dir, 'append.log'), 'a');
	const t0 = performance.now();
	let n = 0;
	try {
		while (performance.now() - t0 < ms) {
			await h.write(record);
			await h.datasync();
			n++;
		}
	} finally {
		await h.close();
	}
	return round(n / ((performance.now() - t0) / 1000), 0);
}

async function phaseMain(load: LoadGenerator) {
	// With --trace-gc: the collector's pauses during the steady answer run are counted.
	const list = await startInstances('main', flag('profile') || flag('heap-snapshot'), true);
	for (const server of list) {
		log(
			`main: server on ${server.url} (pid ${server.pid}), started in ${round(server.startMs)} ms`
		);
	}
	const args = setupArgs(list, config.sessions, config.trainees);
	const created = await load.call('createSessions', args, 120_000);
	const begun = await load.call('startAll', args, 120_000);
	const streamArgs = { facilitators: true, concurrency: 100, timeoutMs: 60_000 };
	// One trainee per session first: what is paid once (modules loaded on first use, compiled
	// code, rendered Markdown) is not a cost per trainee. Memory is read after a full GC.
	const warm = await load.call('joinAll', { ...args, count: config.sessions }, 300_000);
	await load.call('streams', streamArgs, 120_000);
	await settle(2000);
	const warmHeld = await load.call<{ open: number }>('held');
	const memStart = await memoryOf(list);
	const joined = await load.call(
		'joinAll',
		{ ...args, count: config.trainees - config.sessions },
		300_000
	);
	const memJoined = await memoryOf(list);
	const streams = await load.call('streams', streamArgs, 120_000);
	await settle(2000);
	const held = await load.call<{ open: number }>('held');
	const memStreams = await memoryOf(list);
	const setup = { ...created, ...begun, warm, joined };
	log(
		`main: ${created.sessions} sessions, ${held.open} of ${config.trainees} trainees joined with a stream open and its first view (${joined.joinsPerSecond} joins/s)`
	);
	results.connectedTrainees = held.open;
	const added = held.open - warmHeld.open;
	if (memStart && memStreams && added > 0) {
		const kb = (a: number, b: number) => round((b - a) / added, 1);
		const perTrainee = memoryPerUnit(memStart, memStreams, added);
		results.memoryPerTraineeKB = perTrainee.rssKB;
		results.details.memoryPerTrainee = {
			...perTrainee,
			joinRssKB: memJoined ? kb(memStart.rssKB, memJoined.rssKB) : null,
			joinHeapKB: memJoined ? kb(memStart.heapKB, memJoined.heapKB) : null,
			trainees: added
		};
	} else {
		results.notes.push('memoryPerTraineeKB: the server did not report its memory after a GC');
	}
	const fanout = await load.call<Fanout>(
		'fanout',
		{ injectId: config.fanoutInject, timeoutMs: 30_000 },
		60_000
	);
	results.details.fanoutAllSessions = fanout.latencyMs;
	if (fanout.acrossInstances) {
		results.details.fanoutAllSessionsSameInstance = fanout.sameInstance!.latencyMs;
		results.details.fanoutAllSessionsAcrossInstances = fanout.acrossInstances.latencyMs;
	}
	noteMissing('fan-out', fanout);
	log(
		`main: ${config.sessions} simultaneous releases, fan-out to ${fanout.received}/${fanout.expected}: p95 ${fanout.latencyMs.p95} ms${describeSplit(fanout)}`
	);
	// This scrape also starts the event loop's delay figures afresh (every scrape resets them).
	const ackBefore = (await ackAndLoopDelayOf(list)).buckets;
	// The longest pause is kept as a running maximum: start it again for this run.
	for (const s of list) s.gc.maxPauseMs = 0;
	const gcBefore = list.map((s) => ({ ...s.gc }));
	const steady = await load.call<AnswerRun>(
		'steady',
		answerArgs('steady', config.rate, config.steadySeconds),
		(config.steadySeconds + 60) * 1000
	);
	results.answerLatencyMs = {
		p50: steady.latencyMs.p50,
		p95: steady.latencyMs.p95,
		p99: steady.latencyMs.p99
	};
	const ackAfter = await ackAndLoopDelayOf(list);
	const [p50, p95, p99] = histogramQuantilesMs(ackBefore, ackAfter.buckets, [0.5, 0.95, 0.99]);
	results.answerLatencyServerMs = { p50, p95, p99 };
	// How long the event loop was held during the steady run (the scrape before it reset it):
	// what an answer that arrives meanwhile waits before it is read.
	const loop = ackAfter.loopDelayMs;
	const gc = gcDuring(gcBefore, list);
	log(
		`main: steady ${config.rate}/s, server-side p50/p95/p99 ${p50} / ${p95} / ${p99} ms; event-loop delay p50/p99/max ${loop.p50} / ${loop.p99} / ${loop.max} ms; GC ${gc.scavenges} scavenges and ${gc.markCompacts} mark-compacts, ${gc.pauseMs} ms paused, longest ${gc.maxPauseMs} ms`
	);
	log(`main: steady ${config.rate}/s: ${steady.perSecond}/s, p95 ${steady.latencyMs.p95} ms`);
	const ceiling = await load.call<AnswerRun>(
		'answers',
		answerArgs('ceiling', undefined, config.ceilingSeconds),
		(config.ceilingSeconds + 60) * 1000
	);
	results.answersPerSecond = ceiling.perSecond;
	log(`main: ceiling ${ceiling.perSecond}/s, p95 ${ceiling.latencyMs.p95} ms`);
	const afterLoad = await load.call<{ open: number }>('held');
	const memEnd = await memoryOf(list);
	results.details.main = {
		setup,
		streams,
		streamsOpenAfterLoad: afterLoad.open,
		memoryAfterGc: {
			start: memStart,
			joined: memJoined,
			streams: memStreams,
			afterAnswers: memEnd
		},
		fanout,
		answersSteady: { ...steady, eventLoopDelayMs: loop, gc },
		answersCeiling: ceiling
	};
	if (steady.dropped) {
		results.notes.push(
			`answers: the server took ${steady.perSecond}/s of the ${config.rate}/s offered; ${steady.dropped} answers were not sent because all ${config.connections} connections were waiting`
		);
	}
	for (const run of [steady, ceiling]) {
		if (run.ok < run.requests) {
			results.notes.push(
				`answers: ${run.requests - run.ok} of ${run.requests} requests were not acknowledged (${JSON.stringify(run.statuses)}, ${run.errors} errors${run.errorCodes && run.errors ? ` ${JSON.stringify(run.errorCodes)}` : ''})`
			);
		}
	}
	await load.call('reset');
	await stopInstances(list);
}

/** One session with every trainee in it (a town-hall drill): one release to all of them. */
async function phaseTownhall(load: LoadGenerator) {
	const first = await townhall(load, config.townhallTrainees, 'townhall');
	results.fanoutMs = pick(first.latencyMs);
	if (first.sameInstance && first.acrossInstances) {
		results.fanoutSameInstanceMs = pick(first.sameInstance.latencyMs);
		results.fanoutAcrossInstancesMs = pick(first.acrossInstances.latencyMs);
	}
	const second = await townhall(load, config.townhall10kTrainees, 'townhall10k');
	results.fanoutMs10k = pick(second.latencyMs);
}

const pick = (l: Latency) => ({ p50: l.p50, p95: l.p95, max: l.max });

async function townhall(load: LoadGenerator, trainees: number, name: string) {
	const list = await startInstances(name, flag('profile'));
	await load.call('setup', { ...setupArgs(list, 1, trainees), teamsPerSession: 50 }, 600_000);
	const streams = await load.call(
		'streams',
		{ facilitators: true, concurrency: 100, timeoutMs: 120_000 },
		180_000
	);
	await settle(1000);
	const fanout = await load.call<Fanout>(
		'fanout',
		{ injectId: config.fanoutInject, timeoutMs: 30_000 },
		60_000
	);
	results.details[name] = { trainees, teams: 50, instances: list.length, streams, fanout };
	noteMissing(`fan-out (${name})`, fanout);
	log(
		`${name}: one release to ${fanout.received}/${fanout.expected} trainees in one session: p95 ${fanout.latencyMs.p95} ms${describeSplit(fanout)}`
	);
	await load.call('reset');
	await stopInstances(list);
	return fanout;
}

/**
 * Chat in a room of 200 (issue 13): 40 teams of 5, every stream open; messages to team channels
 * and to the whole room, one every 100 ms, timed from the post to each teammate's stream.
 */
async function phaseChat(load: LoadGenerator) {
	const list = await startInstances('chat', flag('profile'));
	await load.call(
		'setup',
		{ ...setupArgs(list, 1, config.chatTrainees), teamsPerSession: config.chatTrainees / 5 },
		300_000
	);
	await load.call('streams', { facilitators: true, concurrency: 100, timeoutMs: 60_000 }, 120_000);
	await settle(1000);
	type Run = {
		messages: number;
		expected: number;
		received: number;
		latencyMs: Latency;
		postAckMs: Latency;
	};
	const chat = await load.call<{ team: Run; room: Run }>(
		'chatFanout',
		{ teamMessages: quick ? 20 : 100, roomMessages: quick ? 5 : 20, gapMs: 100, timeoutMs: 30_000 },
		120_000
	);
	results.details.chat = { trainees: config.chatTrainees, teams: config.chatTrainees / 5, ...chat };
	results.chatFanoutMs = {
		team: {
			p50: chat.team.latencyMs.p50,
			p95: chat.team.latencyMs.p95,
			max: chat.team.latencyMs.max
		},
		room: {
			p50: chat.room.latencyMs.p50,
			p95: chat.room.latencyMs.p95,
			max: chat.room.latencyMs.max
		}
	};
	for (const [name, r] of Object.entries(chat)) {
		if (r.received < r.expected)
			results.notes.push(
				`chat ${name}: only ${r.received} of ${r.expected} deliveries within 30 s`
			);
	}
	log(
		`chat: ${config.chatTrainees} trainees, team messages to 4 teammates p95 ${chat.team.latencyMs.p95} ms (${chat.team.received}/${chat.team.expected}), room messages to ${config.chatTrainees - 1} p95 ${chat.room.latencyMs.p95} ms (${chat.room.received}/${chat.room.expected})`
	);
	await load.call('reset');
	await stopInstances(list);
}

/**
 * Memory per open event stream of a fresh floor server (bench/baseline.ts or bench/floor, started
 * with the gc hook), read as phaseMain reads the app's: one stream per session first (what is paid
 * once, such as compiled code, is not a cost per stream), memory after a GC, then streams up to
 * the app's trainee count, memory again; the growth over the streams added.
 */
async function memoryFloor(load: LoadGenerator, label: string, server: FloorServer) {
	const { url, child, reports } = server;
	type Opened = { stillOpen: number; firstViewBytes: number | null; openSeconds: number };
	const args = { url: `${url}/stream`, concurrency: 100, timeoutMs: 60_000, holdMs: 2000 };
	try {
		const warm = await load.call<Opened>('plainStreams', { ...args, count: config.sessions });
		const before = await memoryAfterGc(child, reports);
		const all = await load.call<Opened>(
			'plainStreams',
			{ ...args, count: config.trainees },
			180_000
		);
		const after = await memoryAfterGc(child, reports);
		const added = all.stillOpen - warm.stillOpen;
		if (!before || !after || added <= 0) {
			results.notes.push(
				`memory floor (${label}): ${added} streams held, memory read ${before && after ? 'yes' : 'no'}: no figure`
			);
			return null;
		}
		const perStream = {
			...memoryPerUnit(before, after, added),
			streams: added,
			open: all.stillOpen,
			firstViewBytes: all.firstViewBytes,
			openSeconds: all.openSeconds,
			memoryAfterGc: { warm: before, streams: after }
		};
		if (all.stillOpen < config.trainees) {
			results.notes.push(
				`memory floor (${label}): only ${all.stillOpen} of ${config.trainees} streams open with their first view`
			);
		}
		log(
			`memory floor, ${label}: ${perStream.rssKB} KB per stream (plain GC ${perStream.rssPlainGcKB} KB; heap ${perStream.heapKB}, heapTotal ${perStream.heapTotalKB}, external ${perStream.externalKB} KB) over ${added} streams`
		);
		return perStream;
	} finally {
		await load.call('closePlainStreams');
	}
}

type MemoryFloor = Awaited<ReturnType<typeof memoryFloor>>;

/**
 * `memoryFloor` on a freshly started server (as the app's memory is read on a fresh server,
 * before any answer load grows its heap), stopped afterwards.
 */
async function memoryFloorOfFresh(
	load: LoadGenerator,
	label: string,
	start: () => Promise<FloorServer>
): Promise<MemoryFloor> {
	const server = await start();
	try {
		return await memoryFloor(load, label, server);
	} finally {
		server.stop();
	}
}

/** `details.memoryFloor`: per stream, a bare node:http server's and a trivial SvelteKit one's. */
const memoryFloors = () =>
	(results.details.memoryFloor ??= {
		nodeHttp: null,
		svelteKit: null,
		streams: config.trainees
	}) as { nodeHttp: MemoryFloor; svelteKit: MemoryFloor; streams: number };

/** Keeps the last few kilobytes a child prints on a stream, for an error message. */
function tail(stream: NodeJS.ReadableStream) {
	let text = '';
	stream.on('data', (d: Buffer) => (text = (text + d.toString()).slice(-4000)));
	return () => text;
}

/** A floor server (bench/baseline.ts or bench/floor) started with the gc hook. */
interface FloorServer {
	url: string;
	child: ChildProcess;
	/** Its `BENCH-MEMORY` reports, for memoryAfterGc. */
	reports: string[];
	stop(): void;
}

function floorServer(child: ChildProcess, port: number): FloorServer {
	children.add(child);
	return {
		url: `http://127.0.0.1:${port}`,
		child,
		reports: memoryReports(child),
		stop: () => {
			child.kill();
			children.delete(child);
		}
	};
}

/** bench/baseline.ts in its own process; it reports its port over IPC. */
async function startBaseline(): Promise<FloorServer> {
	const child = fork(resolve('bench/baseline.ts'), [], {
		execArgv: ['--import', 'tsx', ...gcHook()],
		stdio: ['ignore', 'pipe', 'pipe', 'ipc']
	});
	const stderr = tail(child.stderr!);
	const port = await new Promise<number>((done, fail) => {
		child.once('message', (m: { port: number }) => done(m.port));
		child.once('exit', (code) => fail(new Error(`baseline exited (${code}): ${stderr()}`)));
	});
	return floorServer(child, port);
}

/** bench/floor's build (built first unless --no-build finds one), once it answers. */
async function startFloor(): Promise<FloorServer> {
	const dir = resolve('bench/floor');
	if (!existsSync(join(dir, 'build/index.js'))) {
		execFileSync('npx', ['vite', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	const port = await freePort();
	const child = spawn(process.execPath, [...gcHook(), join(dir, 'build/index.js')], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const stderr = tail(child.stderr!);
	const server = floorServer(child, port);
	for (let tries = 0; ; tries++) {
		const up = await fetch(server.url, { method: 'HEAD' }).then(
			() => true,
			() => false
		);
		if (up) return server;
		if (tries > 100) {
			server.stop();
			throw new Error(`the framework floor server did not start: ${stderr()}`);
		}
		await settle(100);
	}
}

/**
 * The baseline's answers/s, then its memory per open stream on a fresh process (as the app's is
 * read on a fresh server, before any answer load grows its heap), then the framework floor's.
 */
async function phaseBaseline(load: LoadGenerator) {
	const baseline = await startBaseline();
	const run = await load.call<AnswerRun>(
		'answers',
		{ ...answerArgs('baseline', undefined, config.ceilingSeconds), url: baseline.url, fake: true },
		(config.ceilingSeconds + 60) * 1000
	);
	results.baselineAnswersPerSecond = run.perSecond;
	results.baselineRatio = ratio(results.answersPerSecond, run.perSecond);
	results.details.baseline = run;
	log(`baseline: ${run.perSecond}/s, p95 ${run.latencyMs.p95} ms`);
	baseline.stop();
	memoryFloors().nodeHttp = await memoryFloorOfFresh(load, 'bare node:http', startBaseline);
	await phaseFloor(load);
}

/**
 * The framework floor: bench/floor, a SvelteKit app whose one endpoint does what the baseline
 * does, built with the same SvelteKit, Vite and adapter, under the same closed-loop load; then
 * its `/stream` endpoint's memory per open stream, on a fresh process.
 */
async function phaseFloor(load: LoadGenerator) {
	if (!flag('no-build')) {
		execFileSync('npx', ['vite', 'build'], {
			cwd: resolve('bench/floor'),
			stdio: ['ignore', 'ignore', 'inherit']
		});
	}
	const floor = await startFloor();
	const run = await load.call<AnswerRun>(
		'answers',
		{ ...answerArgs('floor', undefined, config.ceilingSeconds), url: floor.url, fake: true },
		(config.ceilingSeconds + 60) * 1000
	);
	results.frameworkFloorAnswersPerSecond = run.perSecond;
	results.details.frameworkFloor = run;
	log(
		`framework floor (trivial SvelteKit endpoint): ${run.perSecond}/s, p95 ${run.latencyMs.p95} ms`
	);
	floor.stop();
	memoryFloors().svelteKit = await memoryFloorOfFresh(
		load,
		'trivial SvelteKit SSE endpoint',
		startFloor
	);
}

/**
 * History: one server per stored-history size, all running at once; the same answer load goes
 * to each in turn, in alternating order over several rounds, so that the machine's changing
 * load (other engineers' builds) falls on every size alike. p95 is over all of a size's answers.
 */
async function phaseHistory(load: LoadGenerator) {
	const seeded = await seeding;
	const levels: {
		stored: number;
		dataDir: string;
		databaseUrl?: string;
		server?: BenchServer;
		seeded: unknown;
		memory?: { rssKB: number; heapKB: number } | null;
		setup?: unknown;
		runs: AnswerRun[];
		samples: number[];
		gc: { scavenges: number; markCompacts: number; pauseMs: number; maxPauseMs: number };
	}[] = config.history.map((stored) => {
		const job = seeded.find((r) => r.count === stored);
		return {
			stored,
			dataDir: job?.dataDir ?? tempDir('sandtable-bench-history-0-'),
			databaseUrl: job?.url,
			seeded: job ? { ...job, url: undefined } : null,
			runs: [],
			samples: [],
			gc: { scavenges: 0, markCompacts: 0, pauseMs: 0, maxPauseMs: 0 }
		};
	});
	if (postgres) {
		for (const level of levels) level.databaseUrl ??= await database(`history_${level.stored}`);
		if (instances > 1) {
			results.notes.push(
				`history: one instance per stored-history size (it measures the cost of the stored sessions, not of --instances=${instances})`
			);
		}
	}
	// Started one after another, so that each start-up time is its own and not a share of three;
	// and only once the servers already started are idle: each checks the scenario library in a
	// worker for a few seconds after it listens, which took both cores from the next start-up.
	for (const level of levels) {
		const started = levels.flatMap((l) => (l.server ? [l.server.pid] : []));
		if (started.length > 0) {
			const waited = await waitIdle(started);
			log(`history: waited ${waited} ms for the servers already started to be idle`);
		}
		// With --profile, the largest history's server is profiled too (the dashboard's build).
		const largest = level.stored === Math.max(...config.history);
		level.server = await startServer(level.dataDir, largest, true, level.databaseUrl);
		results.startupMs[String(level.stored)] = round(level.server.startMs);
		log(
			`history: server on ${level.stored} stored sessions started in ${round(level.server.startMs)} ms`
		);
	}
	for (const level of levels) {
		level.memory = await level.server!.memoryAfterGc();
		level.setup = await load.call(
			'setup',
			{
				...setupArgs(level.server!.url, config.historySessions, config.historyTrainees),
				// On PostgreSQL a join by code lists every stored session: 200 at once over 10,000
				// stored exhaust the server's connection pool (500s). The joins are not measured here.
				concurrency: postgres ? 10 : 200,
				ctx: `history-${level.stored}`
			},
			300_000
		);
	}
	for (let pass = 0; pass < config.historyRounds; pass++) {
		const order = pass % 2 === 0 ? levels : [...levels].reverse();
		for (const level of order) {
			await settle(config.historyPauseMs);
			const gcBefore = { ...level.server!.gc };
			const run = await load.call<AnswerRun & { samples: number[] }>(
				'steady',
				{
					...answerArgs(
						`history-${level.stored}-${pass}`,
						config.historyRate,
						config.historySeconds
					),
					ctx: `history-${level.stored}`,
					keepSamples: true
				},
				(config.historySeconds + 60) * 1000
			);
			level.samples.push(...run.samples);
			// Garbage collection in the server while it answered this slice.
			const gcAfter = level.server!.gc;
			level.gc.scavenges += gcAfter.scavenges - gcBefore.scavenges;
			level.gc.markCompacts += gcAfter.markCompacts - gcBefore.markCompacts;
			level.gc.pauseMs = round(level.gc.pauseMs + gcAfter.pauseMs - gcBefore.pauseMs, 1);
			level.gc.maxPauseMs = Math.max(level.gc.maxPauseMs, gcAfter.maxPauseMs);
			level.runs.push({ ...run, samples: undefined } as unknown as AnswerRun);
		}
	}
	const details: Record<string, unknown> = {};
	for (const level of levels) {
		const all = summarise(level.samples);
		results.historyP95Ms[String(level.stored)] = all.p95;
		results.historyP50Ms[String(level.stored)] = all.p50;
		let dashboard = null;
		let dashboardExport = null;
		if (level.stored > 0) {
			type Timed = { status: number; ms: number[]; bytes: number };
			// What a lead's dashboard page builds: every chart and table over all stored sessions
			// and the first page of 25 session rows. The server keeps a built view while nothing
			// changes, so each request asks for a different (but equivalent) date range: every one
			// is built from scratch. The first request warms up; the figure is the median of the rest.
			const paths = Array.from(
				{ length: config.dashboardRequests },
				(_, i) => `/api/v1/dashboard?pageSize=25&from=2000-01-${String(i + 1).padStart(2, '0')}`
			);
			dashboard = await load.call<Timed>('timeGets', { paths, ctx: `history-${level.stored}` });
			if (dashboard.status === 200) {
				results.dashboardMs[String(level.stored)] = round(median(dashboard.ms.slice(1))!, 1);
			}
			// Warm: the same view asked again (the lead refreshing the page).
			const warm = await load.call<Timed>('timeGets', {
				path: paths[0],
				count: config.dashboardRequests,
				ctx: `history-${level.stored}`
			});
			if (warm.status === 200) {
				results.dashboardWarmMs[String(level.stored)] = round(median(warm.ms)!, 1);
			}
			// The whole JSON export: every session's row as well (not cached above 200 rows).
			dashboardExport = await load.call<Timed>('timeGets', {
				path: '/api/v1/dashboard',
				count: 3,
				ctx: `history-${level.stored}`
			});
			if (dashboardExport.status === 200) {
				results.details.dashboardExportMs ??= {};
				(results.details.dashboardExportMs as Record<string, Num>)[String(level.stored)] = round(
					median(dashboardExport.ms.slice(1))!,
					1
				);
			}
		}
		details[String(level.stored)] = {
			seeded: level.seeded,
			serverStartMs: round(level.server!.startMs),
			memoryAfterStart: level.memory,
			gcWhileAnswering: level.gc,
			p95OfSlicesMedian: median(level.runs.map((r) => r.latencyMs.p95 ?? 0)),
			setup: level.setup,
			answers: all,
			runs: level.runs,
			dashboard,
			dashboardExport
		};
		log(
			`history: ${level.stored} stored: p95 ${all.p95} ms over ${all.count} answers` +
				(dashboard ? `; dashboard ${dashboard.status} ${JSON.stringify(dashboard.ms)} ms` : '') +
				(dashboardExport
					? `; export ${dashboardExport.status} ${JSON.stringify(dashboardExport.ms)} ms`
					: '')
		);
	}
	for (const level of levels) {
		await load.call('reset', { ctx: `history-${level.stored}` });
		await stopServer(level.server!);
		// Deleting thousands of session files takes a while: do not wait for it.
		if (!flag('keep')) removeInBackground(level.dataDir);
	}
	const last = String(config.history[config.history.length - 1]);
	results.historyRatio10k = ratio(results.historyP95Ms[last], results.historyP95Ms['0']);
	results.historyRatio10kP50 = ratio(results.historyP50Ms[last], results.historyP50Ms['0']);
	results.details.history = details;
	if (results.dashboardMs['1000'] === null && results.dashboardMs['10000'] === null) {
		results.notes.push(
			'dashboardMs: GET /api/v1/dashboard did not answer 200 on this build (see details.history.*.dashboard.status), so the dashboard server time is not measured'
		);
	}
}

/**
 * With several instances, a town hall's fan-out split by where the trainees stream from: the
 * instance the release was made on (A), and the others (the same target as the whole).
 */
function splitRows(name: string, targetMs: number): [string, string, string, string][] {
	const f = results.details[name] as Fanout | undefined;
	if (!f?.sameInstance || !f.acrossInstances) return [];
	const ms = (l: Latency) => `${l.p50} / ${l.p95} / ${l.max} ms`;
	const met = (l: Latency) => (l.p95 === null ? '-' : l.p95 < targetMs ? 'yes' : 'NO');
	return [
		[
			`  same instance: ${f.sameInstance.received} streaming from A, where it was released`,
			ms(f.sameInstance.latencyMs),
			`p95 < ${targetMs} ms`,
			met(f.sameInstance.latencyMs)
		],
		[
			`  fan-out across instances: ${f.acrossInstances.received} streaming from another instance`,
			ms(f.acrossInstances.latencyMs),
			`p95 < ${targetMs} ms`,
			met(f.acrossInstances.latencyMs)
		]
	];
}

function printTable() {
	const yes = (ok: boolean | null) => (ok === null ? '-' : ok ? 'yes' : 'NO');
	const r = results;
	const rows: [string, string, string, string][] = [
		['figure', 'value', 'target', 'met'],
		[
			`connected trainees (SSE, first view), ${config.sessions} sessions`,
			String(r.connectedTrainees),
			`${TARGETS.connectedTrainees} across 200 sessions`,
			yes(r.connectedTrainees === null ? null : r.connectedTrainees >= TARGETS.connectedTrainees)
		],
		[
			'server memory per connected trainee',
			`${r.memoryPerTraineeKB} KB`,
			`< ${TARGETS.memoryPerTraineeKB} KB`,
			yes(r.memoryPerTraineeKB === null ? null : r.memoryPerTraineeKB < TARGETS.memoryPerTraineeKB)
		],
		...(['nodeHttp', 'svelteKit'] as const).map((key): [string, string, string, string] => {
			const floor = (r.details.memoryFloor as ReturnType<typeof memoryFloors> | undefined)?.[key];
			return [
				key === 'nodeHttp'
					? 'memory per stream, bare node:http'
					: 'memory per stream, trivial SvelteKit SSE endpoint',
				floor
					? `${floor.rssKB} KB (heap ${floor.heapKB}, external ${floor.externalKB} KB)`
					: 'null',
				'',
				''
			];
		}),
		[
			'answers/s (ceiling, all durable)',
			String(r.answersPerSecond),
			`>= ${TARGETS.answersPerSecond}`,
			yes(r.answersPerSecond === null ? null : r.answersPerSecond >= TARGETS.answersPerSecond)
		],
		[
			`answer latency at ${config.rate}/s p50/p95/p99`,
			`${r.answerLatencyMs.p50} / ${r.answerLatencyMs.p95} / ${r.answerLatencyMs.p99} ms`,
			`p95 < ${TARGETS.answerP95Ms}, p99 < ${TARGETS.answerP99Ms} ms`,
			yes(
				r.answerLatencyMs.p95 === null || r.answerLatencyMs.p99 === null
					? null
					: r.answerLatencyMs.p95 < TARGETS.answerP95Ms &&
							r.answerLatencyMs.p99 < TARGETS.answerP99Ms
			)
		],
		[
			`  the same, server-side (arrival to durable ack) p50/p95/p99`,
			`${r.answerLatencyServerMs.p50} / ${r.answerLatencyServerMs.p95} / ${r.answerLatencyServerMs.p99} ms`,
			'',
			''
		],
		[
			`fan-out: ${config.sessions} releases at once to ${r.connectedTrainees} p50/p95/max`,
			(() => {
				const f = r.details.fanoutAllSessions as Latency | undefined;
				return f ? `${f.p50} / ${f.p95} / ${f.max} ms` : 'null';
			})(),
			'',
			''
		],
		[
			`fan-out: one release to ${config.townhallTrainees} p50/p95/max`,
			`${r.fanoutMs.p50} / ${r.fanoutMs.p95} / ${r.fanoutMs.max} ms`,
			`p95 < ${TARGETS.fanoutP95Ms} ms`,
			yes(r.fanoutMs.p95 === null ? null : r.fanoutMs.p95 < TARGETS.fanoutP95Ms)
		],
		...splitRows('townhall', TARGETS.fanoutP95Ms),
		[
			`fan-out: one release to ${config.townhall10kTrainees} p50/p95/max`,
			`${r.fanoutMs10k.p50} / ${r.fanoutMs10k.p95} / ${r.fanoutMs10k.max} ms`,
			`p95 < ${TARGETS.fanout10kP95Ms} ms`,
			yes(r.fanoutMs10k.p95 === null ? null : r.fanoutMs10k.p95 < TARGETS.fanout10kP95Ms)
		],
		...splitRows('townhall10k', TARGETS.fanout10kP95Ms),
		[
			`chat: team message to its 4 teammates, ${config.chatTrainees} in the room, p50/p95/max`,
			`${r.chatFanoutMs.team.p50} / ${r.chatFanoutMs.team.p95} / ${r.chatFanoutMs.team.max} ms`,
			'reported (issue 13)',
			''
		],
		[
			`chat: room message to all ${config.chatTrainees - 1} others, p50/p95/max`,
			`${r.chatFanoutMs.room.p50} / ${r.chatFanoutMs.room.p95} / ${r.chatFanoutMs.room.max} ms`,
			'reported (issue 13)',
			''
		],
		['baseline node:http answers/s', String(r.baselineAnswersPerSecond), '', ''],
		['app / baseline', String(r.baselineRatio), '', ''],
		[
			'framework floor answers/s (trivial SvelteKit endpoint)',
			String(r.frameworkFloorAnswersPerSecond),
			'',
			''
		],
		[
			'floor / baseline (cost of the framework)',
			String(ratio(r.frameworkFloorAnswersPerSecond, r.baselineAnswersPerSecond)),
			'',
			''
		],
		[
			'app / floor (cost of our own work)',
			String(ratio(r.answersPerSecond, r.frameworkFloorAnswersPerSecond)),
			'',
			''
		],
		...config.history.map((n): [string, string, string, string] => [
			`start-up with ${n} stored sessions`,
			`${r.startupMs[String(n)]} ms`,
			`< ${TARGETS.startupMs} ms`,
			yes(r.startupMs[String(n)] == null ? null : r.startupMs[String(n)]! < TARGETS.startupMs)
		]),
		...config.history.map((n): [string, string, string, string] => [
			`answer p50 / p95 at ${config.historyRate}/s, ${n} stored sessions`,
			`${r.historyP50Ms[String(n)]} / ${r.historyP95Ms[String(n)]} ms`,
			'',
			''
		]),
		['history ratio of p50 (largest / empty)', String(r.historyRatio10kP50), '', ''],
		[
			'history ratio of p95 (largest / empty)',
			String(r.historyRatio10k),
			`<= ${TARGETS.historyRatio10k}`,
			yes(r.historyRatio10k === null ? null : r.historyRatio10k <= TARGETS.historyRatio10k)
		],
		[
			'dashboard page (built cold) at 1,000 / 10,000 stored',
			`${r.dashboardMs['1000']} / ${r.dashboardMs['10000']} ms`,
			`< ${TARGETS.dashboardMs10k} ms at 10,000`,
			yes(r.dashboardMs['10000'] === null ? null : r.dashboardMs['10000'] < TARGETS.dashboardMs10k)
		],
		[
			'dashboard page again (warm) at 1,000 / 10,000 stored',
			`${r.dashboardWarmMs['1000']} / ${r.dashboardWarmMs['10000']} ms`,
			`< ${TARGETS.dashboardWarmMs10k} ms at 10,000`,
			yes(
				r.dashboardWarmMs['10000'] === null
					? null
					: r.dashboardWarmMs['10000'] < TARGETS.dashboardWarmMs10k
			)
		],
		[
			'dashboard JSON export, every row, 1,000 / 10,000',
			(() => {
				const e = r.details.dashboardExportMs as Record<string, Num> | undefined;
				return `${e?.['1000'] ?? null} / ${e?.['10000'] ?? null} ms`;
			})(),
			'',
			''
		],
		[
			'trainee first load JS (gzip)',
			`${r.traineeFirstLoadJsGzipKB} KB`,
			`< ${TARGETS.traineeFirstLoadJsGzipKB} KB`,
			yes(
				r.traineeFirstLoadJsGzipKB === null
					? null
					: r.traineeFirstLoadJsGzipKB < TARGETS.traineeFirstLoadJsGzipKB
			)
		],
		['trainee first load CSS (gzip)', `${r.traineeFirstLoadCssGzipKB} KB`, '', ''],
		[
			'ended session file, largest bundled scenario',
			`${r.endedSessionFileKB} KB`,
			`< ${TARGETS.endedSessionFileKB} KB`,
			yes(r.endedSessionFileKB === null ? null : r.endedSessionFileKB < TARGETS.endedSessionFileKB)
		],
		[
			`studio diagnostics as you type, ${(r.details.studio as { lines?: number } | undefined)?.lines ?? '~2,000'}-line scenario p50/p95`,
			`${r.studioDiagnosticsMs.p50} / ${r.studioDiagnosticsMs.p95} ms`,
			`p95 < ${TARGETS.studioDiagnosticsP95Ms} ms`,
			yes(
				r.studioDiagnosticsMs.p95 === null
					? null
					: r.studioDiagnosticsMs.p95 < TARGETS.studioDiagnosticsP95Ms
			)
		],
		[
			'studio code in the trainee first load',
			r.traineeStudioFiles === null ? 'null' : r.traineeStudioFiles.join(', ') || 'none',
			'none',
			yes(r.traineeStudioFiles === null ? null : r.traineeStudioFiles.length === 0)
		]
	];
	const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => row[c].length)));
	const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ');
	console.log('');
	console.log(
		postgres
			? `backend: PostgreSQL, ${instances} instance(s) per phase (the history phase: one per size)`
			: 'backend: embedded (data folder), one instance'
	);
	console.log(line(rows[0]));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const row of rows.slice(1)) console.log(line(row));
	console.log('');
	for (const note of results.notes) console.log(`note: ${note}`);
}

/** The studio's figures (bench/studio.ts): in this process, before any server is loaded. */
async function measureStudio() {
	const figures = measureStudioChecks(quick ? 5 : 20);
	results.studioDiagnosticsMs = { p50: figures.quickMs.p50, p95: figures.quickMs.p95 };
	const load = await traineeLoadsStudio(buildPaths());
	results.traineeStudioFiles = load.inTraineeFirstLoad;
	results.details.studio = { ...figures, studioFiles: load.studioFiles };
	log(
		`studio: check as you type p50 ${figures.quickMs.p50} ms, p95 ${figures.quickMs.p95} ms (${figures.lines} lines); full check p50 ${figures.fullMs.p50} ms; studio files in the trainee first load: ${load.inTraineeFirstLoad.length}`
	);
}

function buildPaths() {
	return {
		viteManifest: join(BUILD_COPY, 'vite-manifest.json'),
		serverManifest: join(BUILD_COPY, 'server-manifest.js'),
		clientDir: join(BUILD_COPY, 'app/client')
	};
}

/** The trainee page's first load, from the copied build. */
function measureBundle() {
	return routeFirstLoad('/(trainee)/play/[id]', {
		viteManifest: join(BUILD_COPY, 'vite-manifest.json'),
		serverManifest: join(BUILD_COPY, 'server-manifest.js'),
		clientDir: join(BUILD_COPY, 'app/client')
	});
}

/**
 * Copies the build (and the manifests that describe it) into .tmp/bench-build, so that the servers
 * run and the sizes are read from one consistent build even when someone rebuilds meanwhile;
 * waits and retries while build/ is being rewritten.
 */
async function snapshotBuild() {
	const vite = join(BUILD_COPY, 'vite-manifest.json');
	const server = join(BUILD_COPY, 'server-manifest.js');
	let problem = '';
	for (let attempt = 1; attempt <= 8; attempt++) {
		try {
			rmSync(BUILD_COPY, { recursive: true, force: true });
			mkdirSync(BUILD_COPY, { recursive: true });
			cpSync(SVELTEKIT_OUTPUT.viteManifest, vite);
			cpSync(SVELTEKIT_OUTPUT.serverManifest, server);
			cpSync('build', join(BUILD_COPY, 'app'), { recursive: true });
			if (!existsSync(join(BUILD_COPY, 'app/index.js')))
				throw new Error('build/index.js is missing');
			// Every file the manifests name must be in the copied build: else two builds mixed.
			return await measureBundle();
		} catch (e) {
			problem = (e as Error).message;
			log(`build output incomplete (${problem.split('\n')[0]}); someone may be building: retrying`);
			await settle(15_000);
		}
	}
	throw new Error(`no consistent build to measure: ${problem}`);
}

interface SeedJob {
	dataDir: string;
	/** On PostgreSQL: the schema the seeded folder was copied into (copy-to-postgres's code). */
	url?: string;
	copyMs?: number;
	count: number;
	sessions: number;
	bytes: number;
	ms: number;
}

/**
 * Seeds the history folders in a child process (bench/seed.ts), on PostgreSQL copying each into a
 * schema of its own; resolves when synced.
 */
async function startSeeding(): Promise<SeedJob[]> {
	if (skip.has('history')) return [];
	const jobs: { dataDir: string; count: number; url?: string }[] = [];
	for (const count of config.history.filter((n) => n > 0)) {
		jobs.push({
			dataDir: tempDir(`sandtable-bench-history-${count}-`),
			count,
			url: await database(`history_${count}`)
		});
	}
	const child = fork(resolve('bench/seed.ts'), [JSON.stringify(jobs)], {
		execArgv: ['--import', 'tsx']
	});
	children.add(child);
	const t0 = performance.now();
	return new Promise((done, fail) => {
		child.once('message', (m: { results: SeedJob[]; syncMs: number }) => {
			children.delete(child);
			results.details.historySeeding = {
				seconds: round((performance.now() - t0) / 1000, 1),
				syncMs: m.syncMs,
				jobs: m.results.map(({ count, sessions, bytes, ms, copyMs }) => ({
					count,
					sessions,
					bytes,
					ms,
					copyMs
				}))
			};
			done(m.results);
		});
		child.once('exit', (code) => {
			if (code !== 0) fail(new Error(`seeding exited (${code})`));
		});
	});
}

let seeding: Promise<SeedJob[]> = Promise.resolve([]);

async function main() {
	log(`load average ${results.machine.loadAverageAtStart.join(' ')} on ${cpus().length} cores`);
	if (postgres) {
		await sql('SELECT 1').catch((e: Error) => {
			throw new Error(
				`--backend=postgres: PostgreSQL does not answer at ${DATABASE} (${e.message}); give --database-url= or BENCH_DATABASE_URL`
			);
		});
		log(
			`backend: PostgreSQL at ${DATABASE}, schemas ${SCHEMA_PREFIX}*, ${instances} instance(s) per phase`
		);
	}
	// Writing 1.5 GB of history is not measured, and neither is the build: do both at once.
	seeding = startSeeding();
	seeding.catch(() => {});
	if (option('use-build')) {
		results.notes.push(`--use-build: measured the build copied in ${BUILD_COPY}`);
	} else if (!flag('no-build')) {
		const t0 = performance.now();
		execFileSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
		results.details.buildSeconds = round((performance.now() - t0) / 1000, 1);
		log(`built in ${results.details.buildSeconds} s`);
	} else {
		results.notes.push('--no-build: measured the existing build');
	}
	const bundle = option('use-build') ? await measureBundle() : await snapshotBuild();
	results.traineeFirstLoadJsGzipKB = round(bundle.js.gzipBytes / 1024, 1);
	results.traineeFirstLoadCssGzipKB = round(bundle.css.gzipBytes / 1024, 1);
	results.details.traineeFirstLoad = bundle;
	if (!skip.has('studio')) await measureStudio();
	if (!skip.has('size')) {
		const sizes = await measureSessionSizes();
		results.endedSessionFileKB = Math.max(...sizes.map((s) => s.fileKB));
		results.details.sessionSizes = sizes;
		log(`ended session files: ${sizes.map((s) => `${s.scenario} ${s.fileKB} KB`).join(', ')}`);
	}
	log(`trainee page first load: ${results.traineeFirstLoadJsGzipKB} KB JS gzipped`);

	const seededJobs = await seeding.catch((e: Error) => {
		results.notes.push(`history seeding failed: ${e.message}`);
		return [];
	});
	for (const job of seededJobs) {
		log(
			`history: seeded ${job.count} sessions (${round(job.bytes / 1e6)} MB) in ${job.ms} ms` +
				(job.copyMs === undefined ? '' : `, copied into PostgreSQL in ${job.copyMs} ms`)
		);
	}
	if (postgres && !skip.has('disk')) {
		results.notes.push(
			'phase disk skipped: its durable-commit rates and storage probes measure the data folder the embedded backend writes, which PostgreSQL does not use'
		);
		log(results.notes[results.notes.length - 1]);
	} else if (!skip.has('disk')) {
		const diskDir = tempDir('sandtable-bench-disk-');
		results.details.diskDurableCommitsPerSecond = {
			rewriteSerial: await diskCommitRate(diskDir, 1),
			rewriteParallel4: await diskCommitRate(diskDir, 4),
			appendSerial: await diskAppendRate(diskDir)
		};
		log(`disk: ${JSON.stringify(results.details.diskDurableCommitsPerSecond)} durable commits/s`);
		const scenario = loadLibraryScenario(resolve('scenarios', `${config.scenarioId}.yaml`)).source;
		const probe = {
			rewrite: await probeRewrite(tempDir('sandtable-bench-probe-'), scenario),
			journal: await probeSessionJournal(tempDir('sandtable-bench-probe-'), scenario)
		};
		results.details.storageProbe = probe;
		log(
			`storage only: whole-file rewrites (before) ${probe.rewrite.perSecond} answers/s (p95 ${probe.rewrite.latencyMs.p95} ms), session journals (now) ${probe.journal.perSecond}/s (p95 ${probe.journal.latencyMs.p95} ms)`
		);
	}

	const load = new LoadGenerator();
	const phases: [string, (l: LoadGenerator) => Promise<void>][] = [
		['main', phaseMain],
		['townhall', phaseTownhall],
		['chat', phaseChat],
		['baseline', phaseBaseline],
		['history', phaseHistory]
	];
	for (const [name, phase] of phases) {
		if (skip.has(name)) {
			results.notes.push(`phase ${name} skipped (--skip)`);
			continue;
		}
		const t0 = performance.now();
		try {
			await phase(load);
		} catch (e) {
			results.notes.push(`phase ${name} failed: ${(e as Error).message.split('\n')[0]}`);
			log(`${name} failed: ${(e as Error).stack}`);
			for (const s of [...servers]) {
				console.error(s.output.slice(-2000));
				await stopServer(s);
			}
			await load.call('reset').catch(() => {});
		}
		log(`${name} took ${round((performance.now() - t0) / 1000, 1)} s`);
	}
	load.stop();
	results.machine.loadAverageAtEnd = loadavg().map((x) => round(x, 2));
	results.runSeconds = round((performance.now() - started) / 1000, 1);
	results.notes.push(
		`load average ${results.machine.loadAverageAtStart.join(' ')} at the start and ${results.machine.loadAverageAtEnd.join(' ')} at the end on ${cpus().length} cores shared with other work: figures are noisy`
	);
	printTable();
	const file = postgres ? 'bench/results-postgres.json' : 'bench/results.json';
	writeFileSync(resolve(file), JSON.stringify(results, null, '\t') + '\n');
	log(`wrote ${file} (${results.runSeconds} s in all)`);
}

main()
	.catch((e) => {
		console.error(e);
		process.exitCode = 1;
	})
	.finally(async () => {
		clearTimeout(watchdog);
		await cleanup();
	});
