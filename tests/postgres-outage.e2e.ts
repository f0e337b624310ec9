/**
 * Issue 14: the database restarts mid-exercise. App A reaches PostgreSQL through a proxy that
 * plays the outage (the real server is never stopped); app B, on the same database directly, is
 * where the facilitator works. While A's database is away, a trainee's answer on A is refused with
 * 503 and her page says it was not saved, nothing of it is written, and B releases an inject that
 * A does not hear of. Once the database is back, without restarting A: the same answers are
 * recorded exactly once, and the trainee's page on A catches up with the inject. Skipped, saying
 * why, where PostgreSQL does not answer (see .ci/run).
 */
import { expect, test } from '@playwright/test';
import pg from 'pg';
import type { SessionEvent } from '../src/lib/engine/session/events';
import {
	freshSchema,
	OutageProxy,
	postgresUnavailable
} from '../src/lib/server/storage/pg/testing';
import { joinAs } from './support/people';
import { AppServer } from './support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	staff,
	type Reply
} from './security/support';

const SCENARIO_ID = 'ransomware-file-server';
const ALERT = 'EDR: suspicious process launched from a mounted disk image';
const NOT_SAVED = 'Not saved: the database cannot be reached right now. Try again in a moment.';
const UNREACHABLE = 'The database cannot be reached right now. Try again in a moment.';

let unavailable: string | null = null;
let schema: Awaited<ReturnType<typeof freshSchema>> | null = null;
let proxy: OutageProxy | null = null;
let a: AppServer | null = null;
let b: AppServer | null = null;

test.beforeAll(async () => {
	unavailable = await postgresUnavailable();
	if (unavailable) return;
	schema = await freshSchema();
	proxy = await new OutageProxy().start();
	b = await new AppServer({ env: { DATABASE_URL: schema.url } }).start();
	a = await new AppServer({ env: { DATABASE_URL: proxy.url(schema.url) } }).start();
});
test.afterAll(async () => {
	await a?.dispose();
	await b?.dispose();
	await proxy?.close();
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

const answers = async (sessionId: string, participantId: string) =>
	(await events(sessionId)).filter(
		(e) => e.type === 'response.submitted' && e.participantId === participantId
	);

test('a database outage mid-exercise: answers are refused as not saved, then recorded once, and the stream catches up', async ({
	browser
}) => {
	test.skip(unavailable !== null, unavailable ?? '');
	test.setTimeout(120_000);
	const [onA, onB] = [a!, b!];
	const pid = onA.pid;

	// The facilitator works on B; Ana plays in a browser on A, Ben through A's API.
	const token = await adminToken(onB);
	const session = await createSession(onB, token, { scenarioId: SCENARIO_ID, teams: ['Red'] });
	const red = session.teams[0].id;
	const ana = await joinAs(browser, onA.url, session.joinCode, {
		name: 'Ana',
		team: 'Red',
		role: 'Incident commander'
	});
	const ben = await joinSession(onA, session.joinCode, {
		name: 'Ben',
		team: 'Red',
		role: 'incident-commander'
	});
	await staff(onB, token, session.id, 'start');
	await staff(onB, token, session.id, 'release', { team: red, injectId: 'month-end-briefing' });
	const readiness = ana.locator('#answer-month-end-briefing-readiness-checks');
	await expect(readiness).toBeVisible({ timeout: 20_000 });
	await readiness.getByRole('checkbox', { name: /out-of-band IR phone bridge/ }).check();
	const benAnswers = (): Promise<Reply> =>
		call(onA, 'POST', `/api/v1/sessions/${session.id}/responses`, {
			headers: bearer(ben.token),
			json: {
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				value: { kind: 'multiple', optionIds: ['oob-bridge'] },
				idempotencyKey: 'ben-1'
			}
		});
	const staffOnA = await adminToken(onA);
	const before = (await events(session.id)).length;

	// The database goes away (as far as A can tell).
	await proxy!.cut();
	const refused = await benAnswers();
	expect(refused.status, refused.text).toBe(503);
	expect(refused.json()).toEqual({ error: NOT_SAVED });
	await readiness.getByRole('button', { name: 'Submit answer' }).click();
	await expect(readiness).toContainText(NOT_SAVED);
	await expect(readiness.getByRole('button', { name: 'Submit answer' })).toBeVisible();
	const ready = await fetch(`${onA.url}/readyz`);
	expect(ready.status).toBe(503);
	// Staff requests that need the database: 503 too, a read saying so, a write "Not saved".
	const list = await call(onA, 'GET', '/api/v1/sessions', { headers: bearer(staffOnA) });
	expect([list.status, list.json()]).toEqual([503, { error: UNREACHABLE }]);
	const create = await call(onA, 'POST', '/api/v1/sessions', {
		headers: bearer(staffOnA),
		json: { scenarioId: SCENARIO_ID, teams: ['Blue'], release: 'manual', title: 'During' }
	});
	expect([create.status, create.json()]).toEqual([503, { error: NOT_SAVED }]);
	// Meanwhile B, on the database, releases the alert: A does not hear of it yet.
	await staff(onB, token, session.id, 'release', { team: red, injectId: 'edr-iso-alert' });
	// Nothing of the refused answers was written.
	const during = await events(session.id);
	expect(during.filter((e) => e.type === 'response.submitted')).toHaveLength(0);
	expect(during.slice(before).map((e) => e.type)).toContain('inject.released');

	// The database is back: the same answers go through, once each.
	await proxy!.restore();
	await expect(ana.getByText(ALERT).first()).toBeVisible({ timeout: 20_000 });
	await readiness.getByRole('button', { name: 'Submit answer' }).click();
	await expect(readiness.getByRole('button', { name: 'Update my answer' })).toBeVisible({
		timeout: 20_000
	});
	const recorded = await benAnswers();
	expect(recorded.status, recorded.text).toBe(201);
	const replayed = await benAnswers();
	expect(replayed.status, replayed.text).toBe(200);
	expect(await answers(session.id, ben.participantId)).toHaveLength(1);
	const anaId = (await events(session.id)).find(
		(e) => e.type === 'participant.joined' && e.name === 'Ana'
	)!;
	expect(
		await answers(session.id, (anaId as { participantId: string }).participantId)
	).toHaveLength(1);
	const log = await events(session.id);
	expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
	const listed = await call(onA, 'GET', '/api/v1/sessions', { headers: bearer(staffOnA) });
	expect(listed.status).toBe(200);
	expect(listed.json<{ title: string }[]>().map((x) => x.title)).not.toContain('During');
	await expect.poll(async () => (await fetch(`${onA.url}/readyz`)).status).toBe(200);

	// A was never restarted: the same process, and nothing in its output about an uncaught error.
	expect(onA.pid).toBe(pid);
	expect(onA.output).not.toMatch(/uncaught|unhandled/i);
});
