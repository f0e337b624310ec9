/**
 * Scenario format v2 (issue 11) against the real build, on the fixture scenario
 * tests/fixtures/scenarios/v2/optional-and-team-text.yaml: a team reaches its ending while an
 * optional inject is still unanswered; the scribe writes the team's answer to a text question,
 * a teammate reads it, the facilitator marks it. Then the JSON API: dropping an inject for a
 * team and marking text answers, with its refusals.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import { joinAs } from './support/people';

const SCENARIO_ID = 'optional-and-team-text';
const scenariosDir = mkdtempSync(join(tmpdir(), 'sandtable-v2-scenarios-'));
copyFileSync(
	`tests/fixtures/scenarios/v2/${SCENARIO_ID}.yaml`,
	join(scenariosDir, `${SCENARIO_ID}.yaml`)
);

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer({ env: { SCENARIOS_DIR: scenariosDir } }).start();
});
test.afterAll(async () => {
	await server?.dispose();
	rmSync(scenariosDir, { recursive: true, force: true });
});

const api = (path: string) => `${server.url}/api/v1${path}`;
const card = (page: Page, injectId: string) => page.locator(`[data-inject="${injectId}"]`);

async function adminToken(): Promise<string> {
	const res = await fetch(api('/auth/token'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { token: string }).token;
}

async function call(token: string, method: string, path: string, body?: unknown) {
	const res = await fetch(api(path), {
		method,
		headers: {
			authorization: `Bearer ${token}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('a team ends with an optional inject unanswered; the scribe writes the team answer', async ({
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
	await fac.getByLabel('Teams', { exact: true }).fill('Red');
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const code = (await fac.locator('.code').textContent())!.trim();

	const ina = await joinAs(browser, server.url, code, {
		name: 'Ina',
		team: 'Red',
		role: 'Incident commander'
	});
	const sam = await joinAs(browser, server.url, code, { name: 'Sam', team: 'Red', role: 'Scribe' });
	await expect(fac.locator('.lobby')).toContainText('2 participants joined');
	await fac.getByRole('button', { name: 'Start the exercise', exact: true }).click();

	// The optional inject is marked as such for trainees and in the console.
	await expect(card(ina, 'intel')).toBeVisible();
	await expect(card(ina, 'intel').getByTestId('optional')).toBeVisible();
	await expect(card(ina, 'alert').getByTestId('optional')).toHaveCount(0);
	await expect(fac.locator('section.team').getByText('optional').first()).toBeVisible();

	// The commander contains; the write-up follows with the text for that outcome.
	const contain = ina.locator('#answer-alert-contain');
	await contain.getByRole('radio', { name: /Isolate it now/ }).check();
	await contain.getByRole('button', { name: 'Decide for the team' }).click();
	await expect(card(sam, 'write-up')).toBeVisible({ timeout: 20_000 });
	await expect(card(sam, 'write-up')).toContainText('The host was isolated in time.');
	await expect(card(sam, 'write-up')).not.toContainText('still on the network');

	// Only the scribe writes the team's answer; the commander sees it once it is in.
	await expect(card(ina, 'write-up')).toContainText("The Scribe writes the team's answer");
	await expect(ina.locator('#answer-write-up-summary')).toHaveCount(0);
	const summary = sam.locator('#answer-write-up-summary');
	await summary.getByLabel('Your answer').fill('WS-07 isolated within minutes; no spread.');
	await summary.getByRole('button', { name: "Submit the team's answer" }).click();
	await expect(card(ina, 'write-up').getByTestId('team-answer')).toContainText(
		'WS-07 isolated within minutes; no spread.'
	);
	await expect(card(ina, 'write-up').getByTestId('team-answer')).toContainText('Sam');

	// Nothing else holds the team back: it reaches its ending with the optional inject open.
	await expect(ina.getByRole('heading', { name: /Your team's ending/ })).toBeVisible({
		timeout: 20_000
	});
	await expect(fac.getByText('Ending reached:')).toBeVisible();
	await expect(fac.locator('section.team')).toContainText('Contained');

	// The facilitator marks the team's answer; it counts in full for the team.
	const answers = fac.locator('section[aria-labelledby="text-heading"]');
	await expect(answers).toContainText('WS-07 isolated within minutes; no spread.');
	await answers.getByLabel('Points (0–10)').fill('8');
	await answers.getByRole('button', { name: 'Score' }).click();
	await expect(answers.getByRole('button', { name: 'Change score' })).toBeVisible();

	const sessionId = fac.url().split('/').pop()!;
	const token = await adminToken();
	const debrief = await call(token, 'GET', `/sessions/${sessionId}/debrief`);
	expect(debrief.status).toBe(200);
	const text = JSON.stringify(debrief.body);
	expect(text).toContain('Left unanswered (optional, not scored)');
	expect(text).toContain('Marked 8 of 10');
	const awaiting = await call(token, 'GET', `/sessions/${sessionId}/text-scores`);
	expect(awaiting).toMatchObject({ status: 200, body: { answers: [] } });
});

test('the API drops an inject for a team and marks text answers', async () => {
	const token = await adminToken();
	const created = await call(token, 'POST', '/sessions', {
		scenarioId: SCENARIO_ID,
		teams: ['Red', 'Blue'],
		release: 'auto'
	});
	expect(created.status).toBe(201);
	const { id, joinCode } = created.body as { id: string; joinCode: string };
	const joined = await fetch(api('/join'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code: joinCode, name: 'Sam', team: 'Red', role: 'scribe' })
	});
	expect(joined.status).toBe(201);
	const trainee = ((await joined.json()) as { token: string }).token;

	// Before the start nothing can be dropped; unknown ids and wrong callers change nothing.
	expect(
		(await call(token, 'POST', `/sessions/${id}/drop`, { team: 'Blue', injectId: 'alert' })).status
	).toBe(409);
	expect((await call(token, 'POST', `/sessions/${id}/start`)).status).toBe(200);
	const unknownTeam = await call(token, 'POST', `/sessions/${id}/drop`, {
		team: 'Green',
		injectId: 'alert'
	});
	expect(unknownTeam.status).toBe(404);
	const unknownInject = await call(token, 'POST', `/sessions/${id}/drop`, {
		team: 'Blue',
		injectId: 'nope'
	});
	expect(unknownInject.status).toBe(404);
	expect(
		(
			await call(token, 'POST', `/sessions/${id}/drop`, {
				team: 'Blue',
				injectId: 'alert',
				by: 'x'
			})
		).status
	).toBe(400);
	expect(
		(await call(trainee, 'POST', `/sessions/${id}/drop`, { team: 'Blue', injectId: 'alert' }))
			.status
	).toBe(403);

	// Blue's write-up was never scheduled: dropping it keeps it from ever being released.
	const pending = await call(token, 'POST', `/sessions/${id}/drop`, {
		team: 'Blue',
		injectId: 'write-up'
	});
	expect(pending).toMatchObject({ status: 200, body: { released: false } });

	// Dropping Blue's released alert closes its decision: Blue reaches its ending.
	const dropped = await call(token, 'POST', `/sessions/${id}/drop`, {
		team: 'Blue',
		injectId: 'alert',
		reason: 'Blue is short-handed'
	});
	expect(dropped).toMatchObject({
		status: 200,
		body: { teamId: 'blue', injectId: 'alert', released: true, reason: 'Blue is short-handed' }
	});
	const again = await call(token, 'POST', `/sessions/${id}/drop`, {
		team: 'Blue',
		injectId: 'alert'
	});
	expect(again.status).toBe(409);
	const state = await call(token, 'GET', `/sessions/${id}/state`);
	const blue = (
		state.body.teams as {
			id: string;
			ending: unknown;
			decisions: { injectId: string; status: string }[];
		}[]
	).find((t) => t.id === 'blue')!;
	expect(blue.decisions.find((d) => d.injectId === 'alert')?.status).toBe('dropped');
	expect(blue.ending).toMatchObject({ id: 'open' });

	// Red has no commander: Sam's choice decides (majority), then Sam writes the team's answer.
	const answer = async (injectId: string, decisionId: string, value: unknown, key: string) => {
		const res = await fetch(api(`/sessions/${id}/responses`), {
			method: 'POST',
			headers: { authorization: `Bearer ${trainee}`, 'content-type': 'application/json' },
			body: JSON.stringify({ injectId, decisionId, value, idempotencyKey: key })
		});
		expect(res.status, await res.clone().text()).toBe(201);
		return ((await res.json()) as { responseId: string }).responseId;
	};
	const choice = await answer('alert', 'contain', { kind: 'single', optionId: 'isolate' }, 'k1');
	await expect
		.poll(async () => {
			const s = await call(token, 'GET', `/sessions/${id}/state`);
			const red = (s.body.teams as { id: string; released: { injectId: string }[] }[])[0];
			return red.released.map((r) => r.injectId);
		})
		.toContain('write-up');
	const text = await answer('write-up', 'summary', { kind: 'text', text: 'Isolated.' }, 'k2');

	const listed = await call(token, 'GET', `/sessions/${id}/text-scores`);
	expect(listed.status).toBe(200);
	expect(listed.body.answers).toEqual([
		expect.objectContaining({
			responseId: text,
			teamId: 'red',
			name: 'Sam',
			team: true,
			text: 'Isolated.',
			maxPoints: 10
		})
	]);
	const mark = (responseId: string, points: number) =>
		call(token, 'POST', `/sessions/${id}/text-scores`, { responseId, points });
	expect((await mark('rnope', 1)).status).toBe(404);
	expect((await mark(choice, 1)).status).toBe(409);
	expect((await mark(text, 11)).status).toBe(400);
	expect((await mark(text, -1)).status).toBe(400);
	expect((await call(trainee, 'GET', `/sessions/${id}/text-scores`)).status).toBe(403);
	expect(await mark(text, 7)).toMatchObject({ status: 200, body: { responseId: text, points: 7 } });
	expect(await call(token, 'GET', `/sessions/${id}/text-scores`)).toMatchObject({
		status: 200,
		body: { answers: [] }
	});
});
