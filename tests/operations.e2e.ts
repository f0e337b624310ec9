/**
 * What operators see of a running server, against the real build: /metrics parses as Prometheus
 * text and moves when trainees answer and streams open; only this machine or a holder of
 * METRICS_TOKEN may read it; /readyz fails while writes fail and recovers once one succeeds; the
 * server's log lines are JSON with request ids, and no trainee's answer or token is in them.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { expect, test } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	SseReader,
	staff,
	staffCookie,
	type Headers,
	type Trainee
} from './security/support';

const SCENARIO = 'ransomware-file-server';
/** An individual decision each trainee may answer again and again. */
const DECISION = { injectId: 'month-end-briefing', decisionId: 'readiness-checks' };

/** GET /metrics, parsed by a Prometheus text-format parser: name -> family. */
async function scrape(
	server: AppServer,
	headers: Headers = {}
): Promise<Map<string, PrometheusFamily>> {
	const res = await call(server, 'GET', '/metrics', { headers });
	expect(res.status, res.text).toBe(200);
	expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
	return new Map(parsePrometheusTextFormat(res.text).map((f) => [f.name, f]));
}

/** A counter's or gauge's value (the sample with `labels`), or a histogram's count. */
function valueOf(
	families: Map<string, PrometheusFamily>,
	name: string,
	labels: Record<string, string> = {}
): number {
	const sample = families
		.get(name)
		?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
	if (!sample) throw new Error(`no sample of ${name} ${JSON.stringify(labels)}`);
	return Number(sample.count ?? sample.value);
}

/** A running session with `count` trainees and the briefing out to both teams. */
async function playing(server: AppServer, admin: string, count: number) {
	const session = await createSession(server, admin, { scenarioId: SCENARIO });
	const trainees: Trainee[] = [];
	for (let i = 0; i < count; i++) {
		trainees.push(
			await joinSession(server, session.joinCode, {
				name: `Trainee ${i + 1}`,
				team: i % 2 ? 'Blue' : 'Red',
				role: 'incident-commander'
			})
		);
	}
	await staff(server, admin, session.id, 'start');
	for (const team of ['Red', 'Blue'])
		await staff(server, admin, session.id, 'release', { team, injectId: DECISION.injectId });
	return { session, trainees };
}

function answer(
	server: AppServer,
	sessionId: string,
	trainee: Trainee,
	key: string,
	rationale: string,
	headers: Headers = {}
) {
	return call(server, 'POST', `/api/v1/sessions/${sessionId}/responses`, {
		headers: { ...bearer(trainee.token), ...headers },
		json: {
			...DECISION,
			value: { kind: 'multiple', optionIds: ['oob-bridge'] },
			rationale,
			idempotencyKey: key
		}
	});
}

/** The server's output lines that are JSON (the start-up banner is for people, not parsed). */
function jsonLines(server: AppServer): Record<string, unknown>[] {
	return server.output
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

test.describe('metrics and logs', () => {
	let server: AppServer;
	test.afterEach(async () => server?.dispose());

	test('/metrics parses, moves when answers arrive and streams open; the log keeps no answer or token', async () => {
		server = await new AppServer().start();
		const families = await scrape(server);
		for (const [name, type] of [
			['sandtable_live_sessions', 'GAUGE'],
			['sandtable_connected_streams', 'GAUGE'],
			['sandtable_answers_total', 'COUNTER'],
			['sandtable_answer_ack_seconds', 'HISTOGRAM'],
			['sandtable_store_write_seconds', 'HISTOGRAM'],
			['sandtable_store_write_failures_total', 'COUNTER'],
			['sandtable_not_saved_total', 'COUNTER'],
			['sandtable_data_free_bytes', 'GAUGE'],
			['nodejs_eventloop_lag_p99_seconds', 'GAUGE'],
			['process_cpu_seconds_total', 'COUNTER']
		] as const)
			expect(families.get(name)?.type, name).toBe(type);
		expect(valueOf(families, 'sandtable_data_free_bytes')).toBeGreaterThan(0);
		expect(valueOf(families, 'sandtable_live_sessions')).toBe(0);

		const admin = await adminToken(server);
		const { session, trainees } = await playing(server, admin, 3);
		const before = await scrape(server);
		expect(valueOf(before, 'sandtable_live_sessions')).toBe(1);

		// Each answer carries a rationale nobody else knows, so the log can be searched for it.
		const secret = `rationale-${randomBytes(8).toString('hex')}`;
		const ids: string[] = [];
		for (const [i, trainee] of trainees.entries()) {
			const id = `e2e-answer-${i}-${randomBytes(4).toString('hex')}`;
			const res = await answer(server, session.id, trainee, `k${i}`, `${secret} ${i}`, {
				'x-request-id': id
			});
			expect(res.status, res.text).toBe(201);
			expect(res.headers.get('x-request-id')).toBe(id);
			ids.push(id);
		}
		// A retry of an acknowledged answer is a replay, not another answer.
		expect((await answer(server, session.id, trainees[0], 'k0', `${secret} 0`)).status).toBe(200);

		const after = await scrape(server);
		const grew = (name: string) => valueOf(after, name) - valueOf(before, name);
		expect(grew('sandtable_answers_total')).toBe(3);
		expect(grew('sandtable_answer_ack_seconds')).toBe(3);
		expect(grew('sandtable_store_write_seconds')).toBeGreaterThanOrEqual(3);
		expect(grew('sandtable_not_saved_total')).toBe(0);

		// Streams: a trainee's and a facilitator's through the API, the big screen's by cookie.
		const streams = (families: Map<string, PrometheusFamily>) => ({
			trainee: valueOf(families, 'sandtable_connected_streams', { kind: 'trainee' }),
			facilitator: valueOf(families, 'sandtable_connected_streams', { kind: 'facilitator' }),
			screen: valueOf(families, 'sandtable_connected_streams', { kind: 'screen' })
		});
		expect(streams(after)).toEqual({ trainee: 0, facilitator: 0, screen: 0 });
		const url = `${server.url}/api/v1/sessions/${session.id}/stream`;
		const traineeStream = new SseReader(url, bearer(trainees[0].token));
		const consoleStream = new SseReader(url, bearer(admin));
		const cookie = await staffCookie(server, ADMIN.email, ADMIN.password);
		const screenStream = new SseReader(`${server.url}/sessions/${session.id}/screen/stream`, {
			cookie
		});
		for (const s of [traineeStream, consoleStream, screenStream])
			await s.until((m) => m.event === 'view');
		expect(streams(await scrape(server))).toEqual({ trainee: 1, facilitator: 1, screen: 1 });
		for (const s of [traineeStream, consoleStream, screenStream]) s.close();
		await expect
			.poll(async () => streams(await scrape(server)))
			.toEqual({ trainee: 0, facilitator: 0, screen: 0 });

		// The log: JSON lines; each answer's access line found by its request id, with the route's
		// id rather than its URL; nothing of the answers, the tokens or the password.
		const lines = jsonLines(server);
		expect(lines.length).toBeGreaterThan(10);
		for (const line of lines) {
			expect(line).toHaveProperty('level');
			expect(line).toHaveProperty('time');
			if (line.msg === 'request') expect(line.requestId).toEqual(expect.any(String));
		}
		for (const id of ids) {
			expect(lines).toContainEqual(
				expect.objectContaining({
					requestId: id,
					msg: 'request',
					level: 'info',
					method: 'POST',
					route: '/api/v1/sessions/[id]/responses',
					status: 201,
					ms: expect.any(Number)
				})
			);
		}
		for (const leak of [secret, admin, ADMIN.password, ...trainees.map((t) => t.token)])
			expect(server.output, 'the log holds a secret').not.toContain(leak);
		expect(server.output).not.toContain(session.id + '/responses');
		// Scrapes are written at debug only: the info log is not a scrape log.
		expect(lines.filter((l) => l.route === '/metrics')).toEqual([]);
	});

	test('/metrics needs METRICS_TOKEN when one is set, and is refused through a proxy or from afar without', async () => {
		const token = randomBytes(24).toString('base64url');
		server = await new AppServer({ env: { METRICS_TOKEN: token } }).start();
		expect((await call(server, 'GET', '/metrics')).status).toBe(401);
		expect(
			(await call(server, 'GET', '/metrics', { headers: bearer('x'.repeat(32)) })).status
		).toBe(401);
		const families = await scrape(server, bearer(token));
		expect(families.has('sandtable_answers_total')).toBe(true);
		// Nothing of the token in the log, though it was sent (and refused) several times.
		expect(server.output).not.toContain(token);
		await server.dispose();

		// Without a token: this machine only. The client's address comes from a header here, as
		// behind a proxy with ADDRESS_HEADER.
		server = await new AppServer({ env: { ADDRESS_HEADER: 'x-test-client' } }).start();
		const from = (address: string, headers: Headers = {}) =>
			call(server, 'GET', '/metrics', { headers: { 'x-test-client': address, ...headers } });
		expect((await from('127.0.0.1')).status).toBe(200);
		expect((await from('203.0.113.7')).status).toBe(403);
		expect((await from('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(403);
		// Readiness is open to all.
		expect(
			(await call(server, 'GET', '/readyz', { headers: { 'x-test-client': '203.0.113.7' } })).status
		).toBe(200);
	});
});

test.describe('readiness', () => {
	let server: AppServer;
	test.afterEach(async () => server?.dispose());

	test('/readyz fails while answers are refused for a failing write, and recovers once one succeeds', async () => {
		server = await new AppServer().start();
		const ready = async () => {
			const res = await call(server, 'GET', '/readyz');
			return { status: res.status, body: res.json<{ ready: boolean; reason?: string }>() };
		};
		expect(await ready()).toEqual({ status: 200, body: { ready: true } });
		// Liveness is another question, and stays as it was.
		expect((await call(server, 'GET', '/healthz')).json()).toMatchObject({ ok: true });

		const admin = await adminToken(server);
		const { session, trainees } = await playing(server, admin, 2);
		expect((await answer(server, session.id, trainees[0], 'before', 'kept')).status).toBe(201);
		const before = await scrape(server);

		// The session's journal blocked (a directory where it goes): its appends fail, as on a
		// failing disk (chmod does not stop root), while the data folder itself takes writes.
		const journal = join(server.dataDir, 'sessions', `${session.id}.journal`);
		renameSync(journal, `${journal}.away`);
		mkdirSync(journal);
		const refused = await answer(server, session.id, trainees[1], 'during', 'refused');
		expect(refused.status, refused.text).toBe(503);
		const down = await ready();
		expect(down.status).toBe(503);
		expect(down.body.ready).toBe(false);
		expect(down.body.reason).toMatch(/session writes fail \(EISDIR\)/);
		// No file names or data in an open endpoint's answer.
		expect(down.body.reason).not.toContain(server.dataDir);
		expect(down.body.reason).not.toContain(session.id);
		const during = await scrape(server);
		const grew = (name: string) => valueOf(during, name) - valueOf(before, name);
		expect(grew('sandtable_not_saved_total')).toBeGreaterThanOrEqual(1);
		expect(grew('sandtable_store_write_failures_total')).toBeGreaterThanOrEqual(1);
		expect(grew('sandtable_answers_total')).toBe(0);
		// Still alive: a restart would not mend a disk.
		expect((await call(server, 'GET', '/healthz')).status).toBe(200);

		rmSync(journal, { recursive: true });
		renameSync(`${journal}.away`, journal);
		// Not ready until a write has succeeded.
		expect((await ready()).status).toBe(503);
		const retried = await answer(server, session.id, trainees[1], 'during', 'refused');
		expect(retried.status, retried.text).toBe(201);
		expect(await ready()).toEqual({ status: 200, body: { ready: true } });
		// The failure is in the log, with the session it happened to.
		const failure = jsonLines(server).find(
			(l) => l.msg === 'a write failed; nothing of it was kept'
		);
		expect(failure).toMatchObject({ level: 'error', session: session.id });
	});
});
