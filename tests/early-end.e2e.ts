/**
 * Issue 18: an exercise ended early says so. The bundled ransomware scenario (90-120 min) with
 * two teams, ended by the facilitator a few minutes in: Red has seen the EDR alert, Blue has it
 * held back. Before the end the console's progress stays below 100 %; after it, the trainee's
 * screen, their results and the debrief say "Ended before an outcome" (never the scenario's bad
 * ending), and Blue's identification phase reads "not reached", not 0 %.
 */
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import { joinAs } from './support/people';

const SCENARIO_ID = 'ransomware-file-server';

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

const api = (path: string) => `${server.url}/api/v1${path}`;

async function adminToken(): Promise<string> {
	const res = await fetch(api('/auth/token'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { token: string }).token;
}

async function call(token: string, path: string, body?: unknown) {
	const res = await fetch(api(path), {
		method: 'POST',
		headers: {
			authorization: `Bearer ${token}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
	return res.json();
}

/** The console's overall progress, in percent. */
async function progress(fac: Page): Promise<number> {
	const label = await fac.locator('#progress-label').textContent();
	return Number(/(\d+)%/.exec(label ?? '')![1]);
}

test('an exercise ended early says "ended before an outcome" and "not reached"', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const fac = await (await browser.newContext()).newPage();
	await fac.goto(`${server.url}/login`);
	await fac.getByLabel('Email').fill(ADMIN.email);
	await fac.getByLabel('Password').fill(ADMIN.password);
	await fac.getByRole('button', { name: 'Sign in' }).click();
	await expect(fac).not.toHaveURL(/\/login/);
	await fac.goto(`${server.url}/sessions/new?scenario=${SCENARIO_ID}`);
	await fac.getByLabel('Teams', { exact: true }).fill('Red\nBlue');
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const sessionId = fac.url().split('/').pop()!;
	const code = (await fac.locator('.code').textContent())!.trim();

	const red = await joinAs(browser, server.url, code, {
		name: 'Rita',
		team: 'Red',
		role: 'Incident commander'
	});
	const blue = await joinAs(browser, server.url, code, {
		name: 'Bert',
		team: 'Blue',
		role: 'Incident commander'
	});
	await expect(fac.locator('.lobby')).toContainText('2 participants joined');
	await fac.getByRole('button', { name: 'Start the exercise', exact: true }).click();

	// Blue's EDR alert is held back; the clock jumps to +6:00, so only Red gets it.
	const token = await adminToken();
	await call(token, `/sessions/${sessionId}/hold`, {
		team: 'Blue',
		injectId: 'edr-iso-alert',
		held: true
	});
	await call(token, `/sessions/${sessionId}/skip`, { to: '+6:00' });
	await expect(red.locator('[data-inject="edr-iso-alert"]')).toBeVisible({ timeout: 20_000 });
	await expect(blue.locator('[data-inject="edr-iso-alert"]')).toHaveCount(0);

	// Decisions are open and most of the scenario is to come: progress is well below 100 %.
	await expect(fac.locator('#progress-label')).toContainText('Exercise progress');
	const before = await progress(fac);
	expect(before).toBeGreaterThan(0);
	expect(before).toBeLessThan(50);

	// The facilitator ends it at +6 of a 90-120 minute scenario.
	await fac.getByText('End the exercise…').click();
	await fac.getByLabel('Yes, end it for everyone').check();
	await fac.getByRole('button', { name: 'End the exercise', exact: true }).click();
	await expect(fac.locator('section.team').first()).toContainText('Ended before an outcome', {
		timeout: 20_000
	});
	expect(await progress(fac)).toBeLessThan(100);

	// The trainee's screen: ended before an outcome, no bad ending, no blame.
	for (const page of [red, blue]) {
		await expect(page.getByRole('heading', { name: 'Ended before an outcome' })).toBeVisible({
			timeout: 20_000
		});
		await expect(page.getByText(/Your team's ending/)).toHaveCount(0);
		await expect(page.getByText('Bad outcome')).toHaveCount(0);
		await expect(page.getByText('Month-end close missed')).toHaveCount(0);
	}

	// The trainee's results after the reveal.
	await call(token, `/sessions/${sessionId}/reveal`);
	await red.goto(`${server.url}/play/${sessionId}/results`);
	const ending = red.locator('section[aria-labelledby="ending"]');
	await expect(ending).toContainText('Ended before an outcome');
	await expect(ending).toContainText('ended early');
	await expect(ending).not.toContainText('bad');

	// The debrief: both teams ended early; Blue's identification is not reached, not 0 %.
	await fac.goto(`${server.url}/sessions/${sessionId}/debrief`);
	const overview = fac.locator('table').filter({ hasText: 'Ending' }).first();
	await expect(overview.getByRole('row', { name: /Red/ })).toContainText('Ended before an outcome');
	await expect(overview.getByRole('row', { name: /Blue/ })).toContainText(
		'Ended before an outcome'
	);
	await expect(fac.getByText('Month-end close missed')).toHaveCount(0);
	const phases = fac.locator('table.phase-table');
	const identification = phases.getByRole('row', { name: /^Identification/ });
	// Columns: phase, Red, Blue, room.
	await expect(identification.locator('td').nth(1)).toHaveText('not reached');
	await expect(fac.getByText(/Blue scored 0% in Identification/)).toHaveCount(0);

	// The Markdown export says the same.
	const md = await fac.request.get(`${server.url}/sessions/${sessionId}/debrief/export?format=md`);
	expect(md.status()).toBe(200);
	const text = await md.text();
	expect(text).toContain('Ended before an outcome');
	expect(text).toContain('not reached');
	expect(text).not.toContain('Month-end close missed');
});
