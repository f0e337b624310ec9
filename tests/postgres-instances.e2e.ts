/**
 * Issue 14, second phase: two app instances on two ports sharing one PostgreSQL database (a fresh
 * schema of the test database). A facilitator runs the session on A while a trainee plays on B:
 * what A releases reaches B's stream within seconds; the same answer sent to both at once is
 * recorded once, and two answers sent one to each are both recorded; then A is killed (SIGKILL)
 * and B's clock releases the next timed inject to the trainee. Skipped, saying why, where
 * PostgreSQL does not answer (see .ci/run).
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import type { SessionEvent } from '../src/lib/engine/session/events';
import { freshSchema, postgresUnavailable } from '../src/lib/server/storage/pg/testing';
import { joinAs, signIn } from './support/people';
import { AppServer } from './support/server';

const SCENARIO_ID = 'ransomware-file-server';
const ALERT = 'EDR: suspicious process launched from a mounted disk image';
/** Due 7 scenario minutes after the alert: 14 s at 30×. */
const REPORT = 'User report: "I think I opened something bad"';

let unavailable: string | null = null;
let schema: Awaited<ReturnType<typeof freshSchema>> | null = null;
let a: AppServer | null = null;
let b: AppServer | null = null;

test.beforeAll(async () => {
	unavailable = await postgresUnavailable();
	if (unavailable) return;
	schema = await freshSchema();
	a = await new AppServer({ env: { DATABASE_URL: schema.url } }).start();
	b = await new AppServer({ env: { DATABASE_URL: schema.url } }).start();
});
test.afterAll(async () => {
	await a?.dispose();
	await b?.dispose();
	await schema?.drop();
});

async function events(sessionId: string): Promise<SessionEvent[]> {
	const client = new pg.Client({ connectionString: schema!.url });
	await client.connect();
	try {
		const { rows } = await client.query<{ event: SessionEvent }>(
			'SELECT event FROM session_events WHERE session_id = $1 ORDER BY seq',
			[sessionId]
		);
		return rows.map((r) => r.event);
	} finally {
		await client.end();
	}
}

async function join(base: string, code: string, name: string): Promise<string> {
	const res = await fetch(`${base}/api/v1/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code, name, team: 'Red', role: 'incident-commander' })
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { token: string }).token;
}

function answer(base: string, sessionId: string, token: string, key: string, options: string[]) {
	return fetch(`${base}/api/v1/sessions/${sessionId}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify({
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			value: { kind: 'multiple', optionIds: options },
			idempotencyKey: key
		})
	});
}

/** The id of the first message with one on an SSE stream (then stops reading). */
async function lastId(body: ReadableStream<Uint8Array>): Promise<number> {
	return (await firstMessage(body)).id;
}

/** The first message with an id on an SSE stream: its event, id and data; stops reading. */
async function firstMessage(
	body: ReadableStream<Uint8Array>
): Promise<{ event: string; id: number; data: string }> {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let text = '';
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) throw new Error(`the stream ended: ${text}`);
			text += decoder.decode(value, { stream: true });
			for (const block of text.split('\n\n').slice(0, -1)) {
				const field = (name: string) =>
					block
						.split('\n')
						.filter((l) => l.startsWith(`${name}: `))
						.map((l) => l.slice(name.length + 2))
						.join('\n');
				if (field('id'))
					return { event: field('event'), id: Number(field('id')), data: field('data') };
			}
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
}

test('two instances on one database run one exercise, and one carries on when the other dies', async ({
	browser
}) => {
	test.skip(unavailable !== null, unavailable ?? '');
	test.setTimeout(120_000);
	const [onA, onB] = [a!, b!];

	// The facilitator creates and runs the session on A.
	const fac = await (await browser.newContext()).newPage();
	await signIn(fac, onA.url);
	await fac.goto(`${onA.url}/sessions/new?scenario=${SCENARIO_ID}`);
	await fac.getByLabel('Teams', { exact: true }).fill('Red');
	await fac.getByLabel('Speed', { exact: true }).selectOption('30');
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const sessionId = fac.url().split('/').pop()!;
	const code = (await fac.locator('.code').textContent())!.trim();

	// Ana plays on B; two more trainees join, one through each instance.
	const ana = await joinAs(browser, onB.url, code, {
		name: 'Ana',
		team: 'Red',
		role: 'Incident commander'
	});
	const ben = await join(onA.url, code, 'Ben');
	const cy = await join(onB.url, code, 'Cy');
	await expect(fac.locator('.lobby')).toContainText('3 participants joined');
	await fac.getByRole('button', { name: 'Start the exercise', exact: true }).click();
	await expect(ana.locator('#answer-month-end-briefing-readiness-checks')).toBeVisible({
		timeout: 10_000
	});

	// A release on A reaches Ana's stream on B within the fan-out budget.
	const red = fac
		.locator('section.team')
		.filter({ has: fac.getByRole('heading', { name: 'Red' }) });
	await red.getByLabel('Inject to release to Red').selectOption({ label: ALERT });
	const released = Date.now();
	await red.getByRole('button', { name: 'Release now', exact: true }).click();
	await expect(ana.getByText(ALERT).first()).toBeVisible({ timeout: 5_000 });
	const fanOutMs = Date.now() - released;
	console.log(`release on A seen on B after ${fanOutMs} ms`);

	// The same answer sent to both at once: recorded once. Two answers, one to each: both.
	const [benA, benB, cyA, cyB] = await Promise.all([
		answer(onA.url, sessionId, ben, 'ben-1', ['oob-bridge']),
		answer(onB.url, sessionId, ben, 'ben-1', ['oob-bridge']),
		answer(onA.url, sessionId, cy, 'cy-1', ['oob-bridge']),
		answer(onB.url, sessionId, cy, 'cy-2', [])
	]);
	expect([benA.status, benB.status].sort()).toEqual([200, 201]);
	expect([cyA.status, cyB.status]).toEqual([201, 201]);
	const recorded = (await events(sessionId)).filter((e) => e.type === 'response.submitted');
	expect(recorded).toHaveLength(3);

	// Ben streams from A; what he has seen is the stream's last id.
	const streamOnA = await fetch(`${onA.url}/api/v1/sessions/${sessionId}/stream`, {
		headers: { authorization: `Bearer ${ben}` }
	});
	const seen = await lastId(streamOnA.body!);

	// Failed sign-ins count on both instances together: five wrong passwords for one account and
	// address, alternating A and B, and the sixth is refused wherever it goes.
	const guess = (base: string) =>
		fetch(`${base}/api/v1/auth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'nobody@sandtable.test', password: 'not the password at all' })
		});
	for (let i = 0; i < 5; i++) expect((await guess(i % 2 ? onB.url : onA.url)).status).toBe(401);
	expect((await guess(onA.url)).status).toBe(429);
	expect((await guess(onB.url)).status).toBe(429);

	// A dies mid-exercise. B's clock releases the report, due 7 scenario minutes after the alert.
	await onA.kill();
	await expect(ana.getByText(REPORT).first()).toBeVisible({ timeout: 30_000 });

	// Ben's stream reconnects to B with its Last-Event-ID and catches up: a fresh view, report in.
	const streamOnB = await fetch(`${onB.url}/api/v1/sessions/${sessionId}/stream`, {
		headers: { authorization: `Bearer ${ben}`, 'last-event-id': String(seen) }
	});
	const caughtUp = await firstMessage(streamOnB.body!);
	expect(caughtUp.event).toBe('view');
	expect(caughtUp.id).toBeGreaterThan(seen);
	expect(caughtUp.data).toContain('phish-report');
	const log = await events(sessionId);
	const releases = log.flatMap((e) => (e.type === 'inject.released' ? [e.injectId] : []));
	expect(releases.filter((id) => id === 'phish-report')).toHaveLength(1);
	expect(releases.filter((id) => id === 'edr-iso-alert')).toHaveLength(1);
	expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
	// Nothing acknowledged was lost, and B still answers for the session.
	expect(log.filter((e) => e.type === 'response.submitted')).toHaveLength(3);
	const state = await fetch(`${onB.url}/api/v1/sessions/${sessionId}/state`, {
		headers: { authorization: `Bearer ${cy}` }
	});
	expect(state.status).toBe(200);
});
