/**
 * A whole exercise as a room plays it: a facilitator at the console and four trainees in two
 * teams, each in their own browser (one without JavaScript), playing the bundled ransomware
 * scenario to its endings. On the way: indicators flagged in a log, a team decision that sends
 * the two teams down different branches, a deadline that passes and lets the attacker move on,
 * a trainee reload, a server crash and restart with nothing lost, the reveal, the end. Nothing a
 * trainee receives before the reveal carries the answer key; axe finds nothing serious.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { ADMIN, AppServer } from './support/server';

const SCENARIO_ID = 'ransomware-file-server';
const SCENARIO = parse(readFileSync(`scenarios/${SCENARIO_ID}.yaml`, 'utf8'));

/** Answer-key texts of the scenario: indicator notes, feedback, guidance, facilitator notes. */
function secrets(): string[] {
	const found = new Set<string>();
	const walk = (node: unknown) => {
		if (Array.isArray(node)) return node.forEach(walk);
		if (!node || typeof node !== 'object') return;
		for (const [key, value] of Object.entries(node)) {
			if (
				['note', 'feedback', 'guidance', 'facilitatorNotes'].includes(key) &&
				typeof value === 'string'
			) {
				// A distinctive slice survives Markdown rendering and HTML escaping.
				const text = value
					.replace(/[`*_<>&"'[\]]/g, ' ')
					.split(/\s+/)
					.slice(0, 8)
					.join(' ');
				if (text.length > 25) found.add(text);
			} else walk(value);
		}
	};
	walk(SCENARIO.injects);
	for (const stage of SCENARIO.attacker) found.add(stage.title);
	return [...found];
}
const SECRETS = secrets();
const KEY_FIELDS = /["']?\b(indicator|indicatorLines|correct|scores|feedbackHtml)["']?\s*:/;

function expectNoAnswerKey(where: string, text: string) {
	const normalised = text
		.replace(/<[^>]+>/g, ' ')
		.replace(/&[a-z#0-9]+;/g, ' ')
		.replace(/\s+/g, ' ');
	const leaked = SECRETS.filter((s) => normalised.includes(s));
	expect(leaked, `answer key in ${where}`).toEqual([]);
	expect(text.match(KEY_FIELDS)?.[0] ?? null, `answer-key field in ${where}`).toBeNull();
}

async function expectAccessible(page: Page, what: string) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		serious.map(
			(v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		),
		`axe on ${what}`
	).toEqual([]);
}

interface Trainee {
	name: string;
	team: 'Red' | 'Blue';
	role: 'Incident commander' | 'SOC analyst';
	js: boolean;
	context?: BrowserContext;
	page?: Page;
	/** Every document and data payload this trainee's browser received. */
	received: string[];
}

const card = (page: Page, injectId: string) => page.locator(`[data-inject="${injectId}"]`);
const answerForm = (page: Page, injectId: string, decisionId: string) =>
	page.locator(`#answer-${injectId}-${decisionId}`);

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

async function joinAs(browser: Browser, t: Trainee, code: string) {
	t.context = await browser.newContext({ javaScriptEnabled: t.js });
	t.page = await t.context.newPage();
	t.page.on('response', async (res) => {
		const type = res.headers()['content-type'] ?? '';
		if (type.includes('text/event-stream')) return;
		if (type.includes('html') || type.includes('json'))
			t.received.push(await res.text().catch(() => ''));
	});
	await t.page.goto(`${server.url}/join?code=${code}`);
	if (await t.page.getByLabel('Join code').isVisible()) {
		await t.page.getByLabel('Join code').fill(code);
		await t.page.getByRole('button', { name: 'Continue' }).click();
	}
	await t.page.getByLabel('Your name').fill(t.name);
	await t.page.getByLabel('Team', { exact: true }).selectOption({ label: t.team });
	await t.page.getByRole('radio', { name: new RegExp(`^${t.role}`) }).check();
	await t.page.getByRole('button', { name: 'Join' }).click();
	await expect(t.page).toHaveURL(/\/play\/[0-9a-f]{16}$/);
}

/** A trainee sees an inject: live with JavaScript, after a reload without. */
async function expectInject(t: Trainee, injectId: string, visible = true) {
	if (!t.js) await t.page!.reload();
	if (visible) await expect(card(t.page!, injectId)).toBeVisible({ timeout: 20_000 });
	else await expect(card(t.page!, injectId)).toHaveCount(0);
}

async function control(page: Page, button: string) {
	await page.getByRole('button', { name: button, exact: true }).click();
}

/** Reads a trainee's live stream for a moment, as its browser does, and returns the text. */
async function streamText(t: Trainee, sessionId: string): Promise<string> {
	const cookie = (await t.context!.cookies(server.url)).find(
		(c) => c.name === `st_p_${sessionId}`
	)!;
	const abort = new AbortController();
	const res = await fetch(`${server.url}/play/${sessionId}/stream`, {
		headers: { cookie: `${cookie.name}=${cookie.value}` },
		signal: abort.signal
	});
	const reader = res.body!.getReader();
	let text = '';
	const stop = setTimeout(() => abort.abort(), 1500);
	try {
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			text += new TextDecoder().decode(value);
		}
	} catch {
		// aborted: we have what arrived
	}
	clearTimeout(stop);
	return text;
}

async function adminToken(): Promise<string> {
	const res = await fetch(`${server.url}/api/v1/auth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
	});
	return ((await res.json()) as { token: string }).token;
}

/** What the facilitator's API sees of the session: answers recorded and the clock. */
async function recorded(token: string, sessionId: string) {
	const res = await fetch(`${server.url}/api/v1/sessions/${sessionId}/state`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(res.status).toBe(200);
	return (await res.json()) as {
		scenarioMs: number;
		status: string;
		teams: {
			id: string;
			released: { injectId: string }[];
			stages: { id: string; status: string }[];
			decisions: { decisionId: string; status: string; answered: { name: string }[] }[];
		}[];
	};
}

test('a facilitator and four trainees play the ransomware scenario, then end it early', async ({
	browser
}) => {
	test.setTimeout(420_000);
	const trainees: Trainee[] = [
		{ name: 'Ina', team: 'Red', role: 'Incident commander', js: true, received: [] },
		{ name: 'Sam', team: 'Red', role: 'SOC analyst', js: true, received: [] },
		{ name: 'Ivo', team: 'Blue', role: 'Incident commander', js: true, received: [] },
		{ name: 'Sol', team: 'Blue', role: 'SOC analyst', js: false, received: [] }
	];
	const [ina, sam, ivo, sol] = trainees;

	// The facilitator signs in and opens a session for two teams.
	const fac = await (await browser.newContext()).newPage();
	await fac.goto(`${server.url}/login`);
	await fac.getByLabel('Email').fill(ADMIN.email);
	await fac.getByLabel('Password').fill(ADMIN.password);
	await fac.getByRole('button', { name: 'Sign in' }).click();
	await expect(fac).not.toHaveURL(/\/login/);
	await fac.goto(`${server.url}/sessions/new?scenario=${SCENARIO_ID}`);
	await fac.getByLabel('Title', { exact: true }).fill('Quarter-end drill');
	await fac.getByLabel('Teams', { exact: true }).fill('Red\nBlue');
	await fac.getByLabel('Speed', { exact: true }).selectOption('1');
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const sessionId = fac.url().split('/').pop()!;
	const code = (await fac.locator('.code').textContent())!.trim();

	// The room joins; the lobby fills without a reload.
	for (const t of trainees) await joinAs(browser, t, code);
	await expect(fac.locator('.lobby')).toContainText('4 participants joined');
	await expectAccessible(fac, 'the lobby');
	await expectAccessible(ina.page!, 'the trainee lobby');

	// Start, then pause to let people read; release the next injects to everyone.
	await control(fac, 'Start the exercise');
	await expect(card(ina.page!, 'month-end-briefing')).toBeVisible();
	await control(fac, 'Pause');
	await expect(fac.locator('.badge', { hasText: 'Paused' })).toBeVisible();
	for (const injectId of ['edr-iso-alert', 'phish-report', 'ws-sysmon', 'ws-decision']) {
		await control(fac, 'Release next to all teams');
		await expect(card(sam.page!, injectId)).toBeVisible();
	}
	await expectAccessible(fac, 'the console');

	// Sam flags indicators in the Sysmon log (with JavaScript); Sol does it with plain forms.
	const flag = async (t: Trainee, lines: number[]) => {
		if (!t.js) await t.page!.reload();
		const boxes = card(t.page!, 'ws-sysmon').locator('input[name="line"]');
		for (const n of lines) await boxes.nth(n).check();
		await answerForm(t.page!, 'ws-sysmon', 'sysmon-indicators')
			.getByRole('button', { name: 'Submit answer' })
			.click();
		await expect(
			answerForm(t.page!, 'ws-sysmon', 'sysmon-indicators')
				.locator('xpath=ancestor::section[contains(@class,"decision")]')
				.getByTestId('my-answer')
		).toContainText('flagged');
	};
	await flag(sam, [3, 4, 5, 9]);
	await flag(sol, [3, 7]);
	await expectAccessible(sam.page!, 'the trainee view');

	// Red's commander contains the workstation; Blue's commander hesitates.
	await control(fac, 'Resume');
	const redDecision = answerForm(ina.page!, 'ws-decision', 'ws-action');
	await redDecision.getByRole('radio', { name: /EDR network containment now/ }).check();
	await redDecision.getByRole('button', { name: 'Decide for the team' }).click();
	await expect(card(sam.page!, 'ws-decision').getByText('chosen by Ina')).toBeVisible();

	// A reload mid-exercise keeps Sam's identity and answers.
	await sam.page!.reload();
	await expect(sam.page!.locator('header').getByText('Sam', { exact: true })).toBeVisible();
	await expect(card(sam.page!, 'ws-sysmon').getByTestId('my-answer')).toContainText('flagged');

	// Speed up: Blue's deadline passes, then the attacker spreads for Blue only.
	await fac.getByLabel('Speed', { exact: true }).selectOption('60');
	await fac.getByRole('button', { name: 'Set speed' }).click();
	await expect(card(ivo.page!, 'wmi-lateral-alert')).toBeVisible({ timeout: 90_000 });
	await control(fac, 'Pause');
	await expect(fac.locator('.badge', { hasText: 'Paused' })).toBeVisible();
	await expectInject(ina, 'ws-contained');
	await expectInject(ina, 'wmi-lateral-alert', false);
	await expectInject(ivo, 'ws-contained', false);
	await expectInject(sol, 'wmi-lateral-alert');

	// Everything a trainee received so far, pages and stream, carries no answer key.
	for (const t of trainees) {
		await t.page!.reload();
		t.received.push(await t.page!.content());
		for (const [i, text] of t.received.entries())
			expectNoAnswerKey(`${t.name}'s response ${i}`, text);
	}
	expectNoAnswerKey("Ivo's stream", await streamText(ivo, sessionId));

	// The server crashes. What was acknowledged is still there after the restart.
	const token = await adminToken();
	const before = await recorded(token, sessionId);
	await server.kill();
	await server.start();
	const after = await recorded(token, sessionId);
	expect(after.status).toBe('paused');
	expect(after.scenarioMs).toBe(before.scenarioMs);
	expect(after.teams).toEqual(before.teams);
	const blue = after.teams.find((t) => t.id === 'blue')!;
	expect(blue.decisions.find((d) => d.decisionId === 'ws-action')?.status).toBe('expired');
	expect(blue.stages.find((s) => s.id === 'spread-second-host')?.status).toBe('fired');
	const red = after.teams.find((t) => t.id === 'red')!;
	expect(red.stages.find((s) => s.id === 'spread-second-host')?.status).toBe('prevented');
	const sysmon = red.decisions.find((d) => d.decisionId === 'sysmon-indicators')!;
	expect(sysmon.answered.map((a) => a.name)).toEqual(['Sam']);

	// Browsers reconnect by themselves and the exercise goes on.
	await expect(fac.getByText('Live', { exact: true })).toBeVisible({ timeout: 20_000 });
	await expect(ina.page!.locator('[data-connection="live"]')).toBeVisible({ timeout: 20_000 });
	await control(fac, 'Resume');
	await expect(fac.locator('.badge', { hasText: 'Running' })).toBeVisible();
	const live = answerForm(ina.page!, 'ws-contained', 'live-response');
	await live.getByRole('radio', { name: /Capture memory through live response/ }).check();
	await live.getByRole('button', { name: 'Submit answer' }).click();
	await expect(
		live.locator('xpath=ancestor::section[contains(@class,"decision")]').getByTestId('my-answer')
	).toContainText('Capture memory');

	// The reveal shows the answer key; the end tells each team it ended before an outcome.
	await control(fac, 'Reveal answers');
	await expect(sam.page!.getByText('Answers revealed.')).toBeVisible();
	await expect(
		card(sam.page!, 'ws-sysmon').getByText('Indicator · you flagged it').first()
	).toBeVisible();
	await fac.getByText('End the exercise…').click();
	await fac.getByLabel('Yes, end it for everyone').check();
	await control(fac, 'End the exercise');
	await expect(fac.locator('.badge', { hasText: 'Ended' })).toBeVisible();
	// Ended mid-play: no team is handed an ending it did not reach (issue 18).
	for (const t of [ina, ivo])
		await expect(t.page!.getByRole('heading', { name: 'Ended before an outcome' })).toBeVisible();
	await sol.page!.reload();
	await expect(sol.page!.getByRole('heading', { name: 'Ended before an outcome' })).toBeVisible();
	const ended = await recorded(token, sessionId);
	expect(ended.status).toBe('ended');
	for (const t of trainees) await t.context!.close();
});
