/**
 * Issue 14, first phase: the real app on PostgreSQL. Started with DATABASE_URL (a fresh schema of
 * the test database), a facilitator runs a short exercise with one trainee to the debrief; the
 * app is then killed and started again, and the debrief, the trainee's answer and the
 * facilitator's sign-in are all still there, read back from the database (the data folder holds
 * no session). Skipped, saying why, where PostgreSQL does not answer (see .ci/run).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { freshSchema, postgresUnavailable } from '../src/lib/server/storage/pg/testing';
import { joinAs, signIn } from './support/people';
import { AppServer } from './support/server';

const SCENARIO_ID = 'ransomware-file-server';

let unavailable: string | null = null;
let schema: Awaited<ReturnType<typeof freshSchema>> | null = null;
let server: AppServer | null = null;

test.beforeAll(async () => {
	unavailable = await postgresUnavailable();
	if (unavailable) return;
	schema = await freshSchema();
	server = await new AppServer({ env: { DATABASE_URL: schema.url } }).start();
});
test.afterAll(async () => {
	await server?.dispose();
	await schema?.drop();
});

async function count(table: string): Promise<number> {
	const client = new pg.Client({ connectionString: schema!.url });
	await client.connect();
	try {
		const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
		return Number(rows[0].n);
	} finally {
		await client.end();
	}
}

test('an exercise on PostgreSQL reaches its debrief, and the debrief survives a restart', async ({
	browser
}) => {
	test.skip(unavailable !== null, unavailable ?? '');
	test.setTimeout(120_000);
	const app = server!;
	const fac = await (await browser.newContext()).newPage();
	await signIn(fac, app.url);
	await fac.goto(`${app.url}/sessions/new?scenario=${SCENARIO_ID}`);
	await fac.getByLabel('Teams', { exact: true }).fill('Red');
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const sessionId = fac.url().split('/').pop()!;
	const code = (await fac.locator('.code').textContent())!.trim();

	const ana = await joinAs(browser, app.url, code, {
		name: 'Ana',
		team: 'Red',
		role: 'Incident commander'
	});
	await expect(fac.locator('.lobby')).toContainText('1 participant joined');
	await fac.getByRole('button', { name: 'Start the exercise', exact: true }).click();

	// Ana answers the briefing's readiness checks.
	const readiness = ana.locator('#answer-month-end-briefing-readiness-checks');
	await expect(readiness).toBeVisible({ timeout: 20_000 });
	await readiness.getByRole('checkbox', { name: /out-of-band IR phone bridge/ }).check();
	await readiness.getByRole('button', { name: 'Submit answer' }).click();
	await expect(readiness.getByRole('button', { name: 'Update my answer' })).toBeVisible();

	// The facilitator ends the exercise and opens the debrief.
	await fac.getByText('End the exercise…').click();
	await fac.getByLabel('Yes, end it for everyone').check();
	await fac.getByRole('button', { name: 'End the exercise', exact: true }).click();
	await expect(fac.locator('section.team').first()).toContainText('Ended before an outcome', {
		timeout: 20_000
	});
	await fac.goto(`${app.url}/sessions/${sessionId}/debrief`);
	const overview = fac.locator('table').filter({ hasText: 'Ending' }).first();
	await expect(overview.getByRole('row', { name: /Red/ })).toContainText('Ended before an outcome');
	const phases = fac.locator('table.phase-table');
	const before = { overview: await overview.innerText(), phases: await phases.innerText() };
	expect(before.phases).toMatch(/Preparation/);

	// Everything went to the database, nothing to the data folder's stores.
	expect(await count('session_events')).toBeGreaterThan(3);
	expect(await count('users')).toBe(1);
	expect(existsSync(join(app.dataDir, 'sessions'))).toBe(false);
	expect(existsSync(join(app.dataDir, 'accounts.json'))).toBe(false);

	// A crash and a start on the same database: the debrief is the same, still signed in.
	await app.kill();
	await app.start();
	await fac.goto(`${app.url}/sessions/${sessionId}/debrief`);
	await expect(fac).toHaveURL(new RegExp(`/sessions/${sessionId}/debrief$`));
	await expect(overview.getByRole('row', { name: /Red/ })).toContainText('Ended before an outcome');
	expect({ overview: await overview.innerText(), phases: await phases.innerText() }).toEqual(
		before
	);
	const ready = await fetch(`${app.url}/readyz`);
	expect(await ready.json()).toEqual({ ready: true });
});
