/**
 * The load generator: a separate process (forked by bench/run.ts) that plays facilitators and
 * trainees against a server on loopback through the JSON API and SSE. The runner sends it one
 * task at a time over IPC and gets the measurements back; every task is bounded in requests and
 * time, and the process exits when the runner goes away.
 *
 * HTTP load comes from autocannon; the SSE streams use node:http (see sse.ts).
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { instanceFor, shareConnections, splitByInstance } from './options';
import { openStream, type SseStream } from './sse';
import { summarise as latency, round, type LatencySummary } from './stats';

interface Trainee {
	sessionId: string;
	participantId: string;
	token: string;
	teamId: string;
	role: string;
	/** The instance the trainee joined on, streams from and answers to. */
	base: string;
}

interface Watched {
	trainee: Trainee;
	stream: SseStream;
	/** performance.now() when the first `view` arrived. */
	viewAt: number | null;
	/** performance.now() when the watched marker first arrived in a patch. */
	markAt: number | null;
	closed: boolean;
}

/** Instance A: the facilitator's; with several instances the trainees are spread over `urls`. */
let base = '';
let urls: string[] = [];
let staffToken = '';
let sessions: { id: string; joinCode: string }[] = [];
let trainees: Trainee[] = [];
let watched: Watched[] = [];
let facilitatorStreams: SseStream[] = [];
/** The text a fan-out waits for in trainees' patches. */
let marker: string | null = null;
let teamNames: string[] = [];
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * The state above belongs to one server; the runner can drive several (the history phase
 * alternates between three) by naming a context in each task's `ctx` (default 'main').
 */
interface Context {
	base: string;
	urls: string[];
	staffToken: string;
	sessions: typeof sessions;
	trainees: Trainee[];
	watched: Watched[];
	facilitatorStreams: SseStream[];
	teamNames: string[];
}
const contexts = new Map<string, Context>();

function enter(name: string) {
	const c = contexts.get(name);
	base = c?.base ?? '';
	urls = c?.urls ?? [];
	staffToken = c?.staffToken ?? '';
	sessions = c?.sessions ?? [];
	trainees = c?.trainees ?? [];
	watched = c?.watched ?? [];
	facilitatorStreams = c?.facilitatorStreams ?? [];
	teamNames = c?.teamNames ?? [];
}

function leave(name: string) {
	contexts.set(name, {
		base,
		urls,
		staffToken,
		sessions,
		trainees,
		watched,
		facilitatorStreams,
		teamNames
	});
}

async function api(
	method: string,
	path: string,
	body?: unknown,
	token = staffToken,
	at = base
): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
	const started = performance.now();
	const res = await fetch(at + path, {
		method,
		headers: {
			...(token ? { authorization: `Bearer ${token}` } : {}),
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	const ms = performance.now() - started;
	let json: Record<string, unknown>;
	try {
		json = text ? JSON.parse(text) : {};
	} catch {
		json = { text };
	}
	return { status: res.status, json, ms };
}

async function must(
	method: string,
	path: string,
	body?: unknown,
	token?: string,
	at?: string
): Promise<{ json: Record<string, unknown>; ms: number }> {
	const r = await api(method, path, body, token, at);
	if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`);
	return r;
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T, i: number) => Promise<void>) {
	let next = 0;
	const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			await work(items[i], i);
		}
	});
	await Promise.all(runners);
}

export interface SetupArgs {
	/** Instance A: the facilitator signs in and runs the sessions there. */
	url: string;
	/** Every instance (A first); trainees are spread over them. Default: [url]. */
	urls?: string[];
	email: string;
	password: string;
	scenarioId: string;
	sessions: number;
	teamsPerSession: number;
	trainees: number;
	roles: string[];
	speed: number;
	/** Release the first inject to every team after starting. */
	releaseFirst: boolean;
	concurrency: number;
}

/** Signs in as staff and opens the sessions (in the lobby). */
async function createSessions(args: SetupArgs) {
	base = args.url;
	urls = args.urls?.length ? args.urls : [args.url];
	staffToken = '';
	const signIn = await must('POST', '/api/v1/auth/token', {
		email: args.email,
		password: args.password,
		name: 'bench'
	});
	staffToken = String(signIn.json.token);
	const createMs: number[] = [];
	sessions = [];
	trainees = [];
	teamNames = Array.from({ length: args.teamsPerSession }, (_, k) => `Team ${k + 1}`);
	for (let s = 0; s < args.sessions; s++) {
		const r = await must('POST', '/api/v1/sessions', {
			scenarioId: args.scenarioId,
			teams: teamNames,
			release: 'manual',
			speed: args.speed,
			title: `Bench ${s + 1}`
		});
		createMs.push(r.ms);
		sessions.push({ id: String(r.json.id), joinCode: String(r.json.joinCode) });
	}
	return { sessions: sessions.length, createMs: latency(createMs) };
}

/** How many times one trainee's join is sent again after a 503. */
const JOIN_RETRIES = 5;

/** Joins the trainees through POST /api/v1/join, spread over sessions, teams and roles. */
async function joinAll(args: SetupArgs & { count?: number }) {
	const joinMs: number[] = [];
	let retried = 0;
	const joinStarted = performance.now();
	// Continues after the trainees already joined: setup can come in waves.
	const first = trainees.length;
	const slots = Array.from({ length: args.count ?? args.trainees }, (_, i) => first + i);
	await pool(slots, args.concurrency, async (i) => {
		const session = sessions[i % sessions.length];
		const team = teamNames[Math.floor(i / sessions.length) % teamNames.length];
		const role = args.roles[i % args.roles.length];
		const at =
			urls[
				instanceFor(i, {
					sessions: sessions.length,
					teams: teamNames.length,
					instances: urls.length
				})
			] ?? base;
		const body = { code: session.joinCode, name: `Trainee ${i + 1}`, team, role };
		let r = await api('POST', '/api/v1/join', body, '', at);
		// Joins on two instances at once race for the session's log; past its own retries the
		// server answers 503 "try again", and a trainee's browser would: so does the bench, counted.
		for (let attempt = 1; r.status === 503 && attempt <= JOIN_RETRIES; attempt++) {
			retried++;
			await new Promise((done) => setTimeout(done, Math.random() * 100 * attempt));
			r = await api('POST', '/api/v1/join', body, '', at);
		}
		if (r.status >= 300) {
			throw new Error(`POST /api/v1/join: ${r.status} ${JSON.stringify(r.json)}`);
		}
		joinMs.push(r.ms);
		trainees.push({
			sessionId: session.id,
			participantId: String(r.json.participantId),
			token: String(r.json.token),
			teamId: String(r.json.team),
			role,
			base: at
		});
	});
	const joinSeconds = (performance.now() - joinStarted) / 1000;
	return {
		trainees: trainees.length,
		joined: slots.length,
		/** Joins answered 503 ("the session kept changing; try again") and sent again. */
		retried,
		joinMs: latency(joinMs),
		joinsPerSecond: round(slots.length / joinSeconds, 1)
	};
}

/** Starts every session's clock and, if asked, releases the first inject to every team. */
async function startAll(args: SetupArgs) {
	const startMs: number[] = [];
	for (const session of sessions) {
		startMs.push((await must('POST', `/api/v1/sessions/${session.id}/start`)).ms);
		if (args.releaseFirst) await must('POST', `/api/v1/sessions/${session.id}/release`, {});
	}
	return { startMs: latency(startMs) };
}

/** createSessions, joinAll and startAll in one. */
async function setup(args: SetupArgs) {
	return { ...(await createSessions(args)), ...(await joinAll(args)), ...(await startAll(args)) };
}

/** Opens one SSE stream per trainee (and one per session for its facilitator). */
async function streams(args: { facilitators: boolean; concurrency: number; timeoutMs: number }) {
	const started = performance.now();
	const statuses: Record<string, number> = {};
	const deadline = Date.now() + args.timeoutMs;
	// Only trainees without a stream yet: streams can be opened in waves.
	const streaming = new Set(watched.map((w) => w.trainee));
	const fresh = trainees.filter((t) => !streaming.has(t));
	await pool(fresh, args.concurrency, async (trainee) => {
		const w: Watched = {
			trainee,
			stream: null as unknown as SseStream,
			viewAt: null,
			markAt: null,
			closed: false
		};
		let firstView: () => void = () => {};
		const gotView = new Promise<void>((resolve) => (firstView = resolve));
		w.stream = openStream(
			`${trainee.base}/api/v1/sessions/${trainee.sessionId}/stream`,
			{ authorization: `Bearer ${trainee.token}` },
			agent,
			(m) => {
				if (m.event === 'view' && w.viewAt === null) {
					w.viewAt = performance.now();
					firstView();
				} else if (marker && w.markAt === null && m.event === 'patch' && m.data.includes(marker)) {
					w.markAt = performance.now();
				}
				if (chatMarks.size > 0 && m.event === 'patch') chatArrived(w, m.data);
			}
		);
		watched.push(w);
		void w.stream.closed.then(() => (w.closed = true));
		const status = await w.stream.status;
		statuses[status] = (statuses[status] ?? 0) + 1;
		if (status !== 200) return;
		// Wait for the first event, but never past the task's deadline.
		await Promise.race([
			gotView,
			w.stream.closed,
			new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))
		]);
	});
	const openSeconds = (performance.now() - started) / 1000;
	if (args.facilitators && facilitatorStreams.length === 0) {
		for (const session of sessions) {
			const s = openStream(
				`${base}/api/v1/sessions/${session.id}/stream`,
				{ authorization: `Bearer ${staffToken}` },
				agent,
				() => {}
			);
			facilitatorStreams.push(s);
			await s.status;
		}
	}
	return {
		opened: fresh.length,
		streams: watched.length,
		gotFirstView: watched.filter((w) => w.viewAt !== null).length,
		stillOpen: stillOpen(),
		facilitatorStreams: facilitatorStreams.length,
		statuses,
		openSeconds: round(openSeconds, 2)
	};
}

/** Trainee streams that got their first view and have not ended. */
function stillOpen(): number {
	return watched.filter((w) => w.viewAt !== null && !w.closed).length;
}

/**
 * Releases `injectId` in every session at once (one facilitator request per session) and waits
 * until every connected trainee's stream has carried it; latency per trainee is from the moment
 * its session's release request was sent to the patch's arrival.
 */
async function fanout(args: { injectId: string; timeoutMs: number; sessionIds?: string[] }) {
	marker = `"id":"${args.injectId}"`;
	const targets = args.sessionIds ?? sessions.map((s) => s.id);
	const expected = watched.filter(
		(w) => w.viewAt !== null && !w.closed && targets.includes(w.trainee.sessionId)
	);
	for (const w of expected) w.markAt = null;
	const sentAt = new Map<string, number>();
	const ackMs: number[] = [];
	const statuses: Record<string, number> = {};
	await Promise.all(
		targets.map(async (id) => {
			sentAt.set(id, performance.now());
			const r = await api('POST', `/api/v1/sessions/${id}/release`, { injectId: args.injectId });
			statuses[r.status] = (statuses[r.status] ?? 0) + 1;
			ackMs.push(r.ms);
		})
	);
	const deadline = performance.now() + args.timeoutMs;
	while (performance.now() < deadline && expected.some((w) => w.markAt === null)) {
		await new Promise((r) => setTimeout(r, 20));
	}
	const received = expected.filter((w) => w.markAt !== null);
	const ms = (list: Watched[]) => list.map((w) => w.markAt! - sentAt.get(w.trainee.sessionId)!);
	marker = null;
	// Released on instance A (`base`): streams on A are same-instance, the others across.
	const same = received.filter((w) => w.trainee.base === base);
	const across = received.filter((w) => w.trainee.base !== base);
	return {
		expected: expected.length,
		received: received.length,
		releaseStatuses: statuses,
		releaseAckMs: latency(ackMs),
		latencyMs: latency(ms(received)),
		...(urls.length > 1
			? {
					sameInstance: {
						expected: expected.filter((w) => w.trainee.base === base).length,
						received: same.length,
						latencyMs: latency(ms(same))
					},
					acrossInstances: {
						expected: expected.filter((w) => w.trainee.base !== base).length,
						received: across.length,
						latencyMs: latency(ms(across))
					}
				}
			: {})
	};
}

export interface AnswerArgs {
	url?: string;
	/** Requests per second across all connections; none = as fast as the server answers. */
	rate?: number;
	seconds: number;
	connections: number;
	injectId: string;
	decisionId: string;
	value: unknown;
	rationale: string;
	tag: string;
	/** Send as made-up trainees (for the baseline server, which checks nobody). */
	fake?: boolean;
	/** Also return every 2xx latency (ms), to merge runs. */
	keepSamples?: boolean;
}

/** The body of answer number `i` and the trainee who sends it (round robin). */
function answerRequest(args: AnswerArgs, senders: Trainee[], i: number) {
	const t = senders[i % senders.length];
	return {
		path: `/api/v1/sessions/${t.sessionId}/responses`,
		headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			injectId: args.injectId,
			decisionId: args.decisionId,
			value: args.value,
			rationale: args.rationale,
			idempotencyKey: `${args.tag}-${i}`
		})
	};
}

/**
 * A steady open-loop load: answer `i` is sent at `start + i / rate`, whatever happened to the
 * ones before, over a pool of keep-alive connections (node:http). autocannon's `overallRate`
 * splits the rate over its connections, whose timers fire together: 100 connections at 100/s
 * send bursts of 100 answers once a second, and the measured latency is the burst's queue.
 * Latency is from the request being sent to the response's end; the lag behind the schedule
 * (a busy load generator) is reported beside it.
 */
async function steady(args: AnswerArgs & { rate: number }) {
	const senders = trainees;
	if (senders.length === 0) throw new Error('no trainees: run setup first');
	// One pool of connections per instance, the connections shared out between them; each answer
	// goes to its trainee's instance (or to `args.url`, the baseline's, when given).
	const targets = args.url ? [args.url] : urls.length ? urls : [base];
	const shares = shareConnections(args.connections, targets.length);
	const pools = new Map(
		targets.map((t, k) => [
			t,
			{ url: new URL(t), agent: new Agent({ keepAlive: true, maxSockets: shares[k] }) }
		])
	);
	const poolOf = (t: Trainee) => pools.get(args.url ?? t.base) ?? pools.get(targets[0])!;
	const total = Math.round(args.rate * args.seconds);
	const times: number[] = [];
	const lags: number[] = [];
	const statuses: Record<string, number> = {};
	let errors = 0;
	/** Why requests failed without a status (ECONNRESET, socket hang up...), by code. */
	const errorCodes: Record<string, number> = {};
	let sent = 0;
	let finished = 0;
	let dropped = 0;
	// An overloaded server would otherwise make the run last as long as its backlog: with every
	// connection waiting for an answer, a due answer is counted as dropped and not sent.
	const maxBacklog = args.connections;
	const start = performance.now() + 20;
	await new Promise<void>((done) => {
		const fire = (i: number) => {
			// `sent` already counts this one; `finished` counts dropped answers too.
			if (sent - 1 - finished >= maxBacklog) {
				dropped++;
				if (++finished === total) done();
				return;
			}
			const scheduled = start + (i * 1000) / args.rate;
			const { path, headers, body } = answerRequest(args, senders, i);
			const { url, agent: pool } = poolOf(senders[i % senders.length]);
			const t0 = performance.now();
			lags.push(t0 - scheduled);
			const req = request(
				{
					host: url.hostname,
					port: url.port,
					method: 'POST',
					path,
					agent: pool,
					headers: { ...headers, 'content-length': Buffer.byteLength(body) },
					timeout: 30_000
				},
				(res) => {
					res.resume();
					res.on('end', () => {
						const status = res.statusCode ?? 0;
						statuses[status] = (statuses[status] ?? 0) + 1;
						if (status >= 200 && status < 300) times.push(performance.now() - t0);
						if (++finished === total) done();
					});
				}
			);
			req.on('error', (e: NodeJS.ErrnoException) => {
				errors++;
				const code = e.code ?? e.message;
				errorCodes[code] = (errorCodes[code] ?? 0) + 1;
				if (++finished === total) done();
			});
			req.end(body);
		};
		const tick = () => {
			const due = Math.min(total, Math.floor(((performance.now() - start) * args.rate) / 1000) + 1);
			while (sent < due) fire(sent++);
			if (sent < total) setTimeout(tick, 1);
		};
		setTimeout(tick, 20);
	});
	for (const p of pools.values()) p.agent.destroy();
	const seconds = (performance.now() - start) / 1000;
	return {
		requests: total - dropped,
		dropped,
		ok: times.length,
		errors,
		errorCodes,
		timeouts: 0,
		statuses,
		seconds: round(seconds, 2),
		perSecond: round(times.length / seconds, 1),
		latencyMs: latency(times),
		scheduleLagMs: latency(lags),
		...(args.keepSamples ? { samples: times.map((t) => round(t, 2)) } : {})
	};
}

/**
 * As many answers as the server takes (autocannon, closed loop: each connection sends its next
 * answer when the last is acknowledged), from the joined trainees, a fresh idempotency key each.
 * With several instances, one autocannon per instance at once, each with its share of the
 * connections and the trainees that joined there; the figures are their sum.
 */
async function answers(args: AnswerArgs) {
	const senders: Trainee[] = args.fake
		? [
				{
					sessionId: 'baseline',
					participantId: 'p0',
					token: 'stp_baseline',
					teamId: 't',
					role: 'r',
					base: args.url ?? base
				}
			]
		: trainees;
	if (senders.length === 0) throw new Error('no trainees: run setup first');
	const targets = args.url || urls.length <= 1 ? [args.url ?? base] : urls;
	const groups =
		targets.length === 1
			? [senders]
			: splitByInstance(senders, targets.length, (t) => Math.max(0, targets.indexOf(t.base)));
	const shares = shareConnections(args.connections, targets.length);
	let n = 0;
	const times: number[] = [];
	const statuses: Record<string, number> = {};
	const runs = await Promise.all(
		targets.map((url, k) => {
			const group = groups[k];
			if (group.length === 0) return null;
			const instance = autocannon({
				url,
				connections: shares[k],
				duration: args.seconds,
				timeout: 10,
				requests: [
					{
						method: 'POST',
						// `n` is shared, so that every answer has its own idempotency key.
						setupRequest: (spec) => ({ ...spec, ...answerRequest(args, group, n++) })
					}
				]
			});
			instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
				statuses[status] = (statuses[status] ?? 0) + 1;
				if (status >= 200 && status < 300) times.push(ms);
			});
			return instance;
		})
	);
	const done = runs.filter((r) => r !== null);
	const seconds = Math.max(...done.map((r) => r.duration || args.seconds));
	const summary: LatencySummary = latency(times);
	return {
		requests: done.reduce((sum, r) => sum + r.requests.total, 0),
		ok: times.length,
		errors: done.reduce((sum, r) => sum + r.errors, 0),
		timeouts: done.reduce((sum, r) => sum + r.timeouts, 0),
		statuses,
		seconds: round(seconds, 2),
		perSecond: round(times.length / seconds, 1),
		latencyMs: summary,
		...(targets.length > 1 ? { instances: targets.length } : {}),
		...(args.keepSamples ? { samples: times.map((t) => round(t, 2)) } : {})
	};
}

/** Times `count` sequential GETs of `path` as staff. */
/** Times GETs one after another: `paths` in turn, or `path` `count` times. */
async function timeGets(args: { path?: string; paths?: string[]; count?: number }) {
	const paths = args.paths ?? Array.from({ length: args.count ?? 1 }, () => args.path!);
	const ms: number[] = [];
	let status = 0;
	let bytes = 0;
	for (const path of paths) {
		const started = performance.now();
		const res = await fetch(base + path, {
			headers: { authorization: `Bearer ${staffToken}` }
		});
		const text = await res.text();
		ms.push(performance.now() - started);
		status = res.status;
		bytes = text.length;
		if (status !== 200) break;
	}
	return { status, bytes, ms: ms.map((x) => round(x, 1)) };
}

/** The memory floors' streams (bench/baseline.ts, bench/floor): only a stream, no trainee. */
interface PlainStream {
	stream: SseStream;
	viewAt: number | null;
	/** Bytes of the first view's `data:`. */
	viewBytes: number;
	closed: boolean;
}
let plainOpen: PlainStream[] = [];

/**
 * Opens event streams to `url` until `count` are open (in waves, like `streams`), `concurrency`
 * at a time, waiting for each one's first `view`; they stay open until `closePlainStreams`.
 * After `holdMs`, counts those that got their view and are still open.
 */
async function plainStreams(args: {
	url: string;
	count: number;
	concurrency: number;
	timeoutMs: number;
	holdMs?: number;
}) {
	const started = performance.now();
	const statuses: Record<string, number> = {};
	const deadline = Date.now() + args.timeoutMs;
	const fresh = Array.from({ length: Math.max(0, args.count - plainOpen.length) }, (_, i) => i);
	await pool(fresh, args.concurrency, async () => {
		const p: PlainStream = {
			stream: null as unknown as SseStream,
			viewAt: null,
			viewBytes: 0,
			closed: false
		};
		let firstView: () => void = () => {};
		const gotView = new Promise<void>((resolve) => (firstView = resolve));
		p.stream = openStream(args.url, {}, agent, (m) => {
			if (m.event === 'view' && p.viewAt === null) {
				p.viewAt = performance.now();
				p.viewBytes = Buffer.byteLength(m.data);
				firstView();
			}
		});
		plainOpen.push(p);
		void p.stream.closed.then(() => (p.closed = true));
		const status = await p.stream.status;
		statuses[status] = (statuses[status] ?? 0) + 1;
		if (status !== 200) return;
		await Promise.race([
			gotView,
			p.stream.closed,
			new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))
		]);
	});
	const openSeconds = (performance.now() - started) / 1000;
	if (args.holdMs) await new Promise((r) => setTimeout(r, args.holdMs));
	return {
		opened: fresh.length,
		streams: plainOpen.length,
		gotFirstView: plainOpen.filter((p) => p.viewAt !== null).length,
		stillOpen: plainOpen.filter((p) => p.viewAt !== null && !p.closed).length,
		firstViewBytes: plainOpen.find((p) => p.viewAt !== null)?.viewBytes ?? null,
		statuses,
		openSeconds: round(openSeconds, 2)
	};
}

/** Closes the memory floors' streams. */
async function closePlainStreams() {
	for (const p of plainOpen) p.stream.close();
	const closed = plainOpen.length;
	plainOpen = [];
	return { closed };
}

/** Closes every stream and forgets the sessions. */
async function reset() {
	for (const w of watched) w.stream.close();
	for (const s of facilitatorStreams) s.close();
	await closePlainStreams();
	watched = [];
	facilitatorStreams = [];
	sessions = [];
	trainees = [];
	return { ok: true };
}

/** How many trainee streams are still open. */
async function held() {
	return { open: stillOpen(), opened: watched.length };
}

/** Chat messages on their way: marker -> when it was posted and who still waits for it. */
const chatMarks = new Map<string, { sentAt: number; waiting: Set<Watched>; ms: number[] }>();

function chatArrived(w: Watched, data: string) {
	for (const [mark] of data.matchAll(/chatmark-\d+-x/g)) {
		const m = chatMarks.get(mark);
		if (m?.waiting.delete(w)) m.ms.push(performance.now() - m.sentAt);
	}
}

/**
 * Chat fan-out (issue 13): `teamMessages` messages, each from a trainee to their team channel,
 * and `roomMessages` to the whole room, one every `gapMs`; latency per receiver is from the post
 * being sent to the patch carrying it arriving on that teammate's stream (the writer excluded).
 */
async function chatFanout(args: {
	teamMessages: number;
	roomMessages: number;
	gapMs: number;
	timeoutMs: number;
}) {
	const open = watched.filter((w) => w.viewAt !== null && !w.closed);
	if (open.length === 0) throw new Error('no open streams: run streams first');
	const result = (channel: 'team' | 'room', count: number) => ({
		channel,
		count,
		ms: [] as number[],
		expected: 0,
		ackMs: [] as number[],
		statuses: {} as Record<string, number>
	});
	const runs = [result('team', args.teamMessages), result('room', args.roomMessages)];
	let n = 0;
	const posts: Promise<void>[] = [];
	for (const run of runs) {
		for (let i = 0; i < run.count; i++) {
			const from = open[(n * 7) % open.length];
			const mark = `chatmark-${++n}-x`;
			const waiting = new Set(
				open.filter(
					(w) =>
						w !== from &&
						w.trainee.sessionId === from.trainee.sessionId &&
						(run.channel === 'room' || w.trainee.teamId === from.trainee.teamId)
				)
			);
			run.expected += waiting.size;
			const entry = { sentAt: performance.now(), waiting, ms: run.ms };
			chatMarks.set(mark, entry);
			posts.push(
				api(
					'POST',
					`/api/v1/sessions/${from.trainee.sessionId}/chat`,
					{
						channel: run.channel === 'room' ? 'room' : from.trainee.teamId,
						text: `${mark} status update`
					},
					from.trainee.token,
					from.trainee.base
				).then((r) => {
					run.statuses[r.status] = (run.statuses[r.status] ?? 0) + 1;
					run.ackMs.push(r.ms);
				})
			);
			await new Promise((r) => setTimeout(r, args.gapMs));
		}
	}
	await Promise.all(posts);
	const deadline = performance.now() + args.timeoutMs;
	while (performance.now() < deadline && [...chatMarks.values()].some((m) => m.waiting.size > 0)) {
		await new Promise((r) => setTimeout(r, 20));
	}
	chatMarks.clear();
	return Object.fromEntries(
		runs.map((r) => [
			r.channel,
			{
				messages: r.count,
				expected: r.expected,
				received: r.ms.length,
				postStatuses: r.statuses,
				postAckMs: latency(r.ackMs),
				latencyMs: latency(r.ms)
			}
		])
	);
}

const tasks: Record<string, (args: never) => Promise<unknown>> = {
	setup,
	chatFanout,
	steady,
	createSessions,
	joinAll,
	startAll,
	held,
	streams,
	plainStreams,
	closePlainStreams,
	fanout,
	answers,
	timeGets,
	reset
};

export type TaskName = keyof typeof tasks;

process.on('message', async (msg: { id: number; task: string; args: unknown }) => {
	const task = tasks[msg.task];
	const name = (msg.args as { ctx?: string } | null)?.ctx ?? 'main';
	enter(name);
	try {
		if (!task) throw new Error(`unknown task ${msg.task}`);
		const value = await task(msg.args as never);
		process.send?.({ id: msg.id, ok: true, value });
	} catch (e) {
		process.send?.({ id: msg.id, ok: false, error: (e as Error).stack ?? String(e) });
	} finally {
		leave(name);
	}
});
// The runner owns this process: when it goes away, so does the load.
process.on('disconnect', () => process.exit(0));
