/**
 * Consequences at once: a team's lead locks a decision in the browser, and the team's analyst
 * reads what happens in the story right away, under the decision, without a reload; never the
 * text of the options not taken, and the other team nothing of it. Both injects the option
 * names follow. The facilitator's console shows the same outcome for the team, and Blue, whose
 * deadline passes, reads the timeout's.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import { adminToken, bearer, call, createSession, staff } from './security/support';
import { joinAs } from './support/people';

const FIXTURE = readFileSync('tests/fixtures/scenarios/valid/consequences.yaml', 'utf8');
const ISOLATE = 'The laptop drops off the network mid-beacon. The attacker session freezes.';
const WATCH = 'The beacon keeps calling home every sixty seconds.';
const CARD = 'The user recognises the lure';
const TIMEOUT = 'Nobody decides; the beacon keeps calling home.';

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

const card = (page: Page, injectId: string) => page.locator(`[data-inject="${injectId}"]`);

test('a team reads the outcome of its choice as soon as it locks, and only that', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const admin = await adminToken(server);
	const uploaded = await call(server, 'POST', '/api/v1/scenarios', {
		headers: { ...bearer(admin), 'content-type': 'application/yaml' },
		body: FIXTURE
	});
	expect(uploaded.status, uploaded.text).toBe(201);
	// Twenty scenario minutes a real minute: the 10m deadline passes after 30 seconds.
	const session = await createSession(server, admin, {
		scenarioId: 'consequences',
		release: 'auto',
		speed: 20
	});

	const lead = await joinAs(browser, server.url, session.joinCode, {
		name: 'Lia',
		team: 'Red',
		role: 'Incident lead'
	});
	const analyst = await joinAs(browser, server.url, session.joinCode, {
		name: 'Ari',
		team: 'Red',
		role: 'Analyst'
	});
	const blue = await joinAs(browser, server.url, session.joinCode, {
		name: 'Bo',
		team: 'Blue',
		role: 'Incident lead'
	});
	await staff(server, admin, session.id, 'start');
	await expect(card(analyst, 'alert')).toBeVisible({ timeout: 20_000 });

	// The lead decides for Red; nothing of any outcome was on the page before.
	const form = lead.locator('#answer-alert-contain');
	await expect(form.getByRole('radio')).toHaveCount(3);
	for (const text of [ISOLATE, WATCH, CARD, TIMEOUT])
		await expect(analyst.getByText(text)).toHaveCount(0);
	await form.getByRole('radio', { name: 'Isolate it from the network' }).check();
	await form.getByRole('button', { name: 'Decide for the team' }).click();

	// The analyst reads it at once, live, under the decision.
	const outcome = card(analyst, 'alert').getByTestId('decision-outcome');
	await expect(outcome).toContainText(ISOLATE, { timeout: 5_000 });
	await expect(outcome).toContainText('What happens');
	await expect(card(lead, 'alert').getByTestId('decision-outcome')).toContainText(ISOLATE);
	const html = await analyst.content();
	for (const text of [WATCH, CARD, TIMEOUT]) expect(html).not.toContain(text);
	// Blue has not decided: nothing of Red's story reaches it.
	expect(await blue.content()).not.toContain(ISOLATE);

	// One option, two injects: both follow, each after its own delay.
	await expect(card(analyst, 'notify')).toBeVisible({ timeout: 20_000 });
	await expect(card(analyst, 'isolated')).toBeVisible({ timeout: 20_000 });

	// The console shows the story the team met.
	const fac = await (await browser.newContext()).newPage();
	await fac.goto(`${server.url}/login`);
	await fac.getByLabel('Email').fill(ADMIN.email);
	await fac.getByLabel('Password').fill(ADMIN.password);
	await fac.getByRole('button', { name: 'Sign in' }).click();
	await expect(fac).not.toHaveURL(/\/login/);
	await fac.goto(`${server.url}/sessions/${session.id}`);
	await fac.getByText('Closed decisions (1)').first().click();
	await expect(fac.getByTestId('console-outcome').first()).toContainText(ISOLATE);

	// Blue's deadline passes: Blue reads the timeout's outcome, and still no option's.
	await expect(card(blue, 'alert').getByTestId('decision-outcome')).toContainText(TIMEOUT, {
		timeout: 60_000
	});
	const blueHtml = await blue.content();
	for (const text of [ISOLATE, WATCH, CARD]) expect(blueHtml).not.toContain(text);
});
