/**
 * The debrief against the real build: a bundled scenario played by two trainees in two teams
 * through the JSON API, then the after-action report as the admin sees it (figures checked
 * against percentages computed here from the scenario file and the answers given), its chart,
 * its Markdown download, the findings form (also without JavaScript), the print layout, the API
 * export, and the trainee's results: nothing before the reveal, their own after it, and never the
 * staff debrief.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { ADMIN, AppServer } from './support/server';

const SCENARIO = 'ransomware-file-server';

interface FileOption {
	id: string;
	label: string;
	scores?: Record<string, number>;
}
interface FileDecision {
	id: string;
	kind: string;
	options?: FileOption[];
}
const file = parse(readFileSync(`scenarios/${SCENARIO}.yaml`, 'utf8')) as {
	phases?: { id: string; name: string }[];
	injects: { id: string; decisions?: FileDecision[] }[];
};

/** The answers played below: trainee -> [inject, decision, chosen option ids]. */
const PLAY = {
	Ana: [
		['month-end-briefing', 'readiness-checks', ['oob-bridge', 'backup-status']],
		['edr-iso-alert', 'trust-edr-status', ['beacon-alive']]
	],
	Bob: [
		['month-end-briefing', 'readiness-checks', ['oob-bridge', 'all-staff-mail']],
		['edr-iso-alert', 'trust-edr-status', ['closed']]
	]
} as const;

function decisionOf(injectId: string, decisionId: string): FileDecision {
	const inject = file.injects.find((i) => i.id === injectId)!;
	return inject.decisions!.find((d) => d.id === decisionId)!;
}

const total = (o: FileOption) => Object.values(o.scores ?? {}).reduce((a, b) => a + b, 0);
const round = (n: number) => Math.round(n * 100) / 100;
/** What a page shows of a percentage: a whole number (no "57.14%"). */
const whole = (n: number) => `${Math.round(n)}%`;

/**
 * Points reachable in `phase`: the best any single option gives that phase, or every positive
 * multiple-choice score.
 */
function reachable(d: FileDecision, phase: string): number {
	const positive = (o: FileOption) => Math.max(0, o.scores?.[phase] ?? 0);
	if (d.kind === 'single') return Math.max(0, ...d.options!.map(positive));
	return d.options!.reduce((sum, o) => sum + positive(o), 0);
}

/** Points the chosen options earn in `phase` (these decisions score one phase each). */
function earned(d: FileDecision, chosen: readonly string[], phase: string): number {
	const options = d.options!.filter((o) => chosen.includes(o.id));
	const sum = options.reduce((s, o) => s + total(o), 0);
	if (d.kind === 'multiple' && sum < 0) return 0;
	return options.reduce((s, o) => s + (o.scores?.[phase] ?? 0), 0);
}

/** A trainee's percentage in a phase, as the scoring rules define it. */
function expectedPercent(who: keyof typeof PLAY, phase: string): number {
	let e = 0;
	let r = 0;
	for (const [injectId, decisionId, chosen] of PLAY[who]) {
		const d = decisionOf(injectId, decisionId);
		e += earned(d, chosen, phase);
		r += reachable(d, phase);
	}
	// Unrounded: the app rounds once, at display.
	return (100 * Math.max(0, e)) / r;
}

let server: AppServer;
let admin: string;
let session: { id: string; joinCode: string };
const trainees: Record<string, string> = {};
const api = (path: string) => `${server.url}/api/v1${path}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(method: string, path: string, token?: string, body?: unknown) {
	const res = await fetch(api(path), {
		method,
		headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
	return text ? JSON.parse(text) : null;
}

async function signIn(page: Page) {
	await page.goto(`${server.url}/login`);
	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

async function traineePage(browser: Browser, name: string): Promise<Page> {
	const context = await browser.newContext();
	await context.addCookies([
		{ name: `st_p_${session.id}`, value: trainees[name], url: server.url }
	]);
	return context.newPage();
}

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	// The first library listing runs the path explorer over every bundled scenario.
	test.setTimeout(180_000);
	server = await new AppServer().start();
	const res = await fetch(api('/auth/token'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
	});
	admin = ((await res.json()) as { token: string }).token;
	session = await call('POST', '/sessions', admin, {
		scenarioId: SCENARIO,
		teams: ['Red', 'Blue'],
		release: 'manual',
		title: 'Debrief journey'
	});
	for (const [name, team] of [
		['Ana', 'Red'],
		['Bob', 'Blue']
	]) {
		const joined = await call('POST', '/join', undefined, {
			code: session.joinCode,
			name,
			team,
			role: 'incident-commander'
		});
		trainees[name] = joined.token;
	}
	await call('POST', `/sessions/${session.id}/start`, admin);
	await call('POST', `/sessions/${session.id}/release`, admin, {});
	const answer = async (who: keyof typeof PLAY, step: number) => {
		const [injectId, decisionId, chosen] = PLAY[who][step];
		const kind = decisionOf(injectId, decisionId).kind;
		await call('POST', `/sessions/${session.id}/responses`, trainees[who], {
			injectId,
			decisionId,
			value:
				kind === 'multiple'
					? { kind, optionIds: [...chosen] }
					: { kind: 'single', optionId: chosen[0] },
			rationale: who === 'Ana' ? `Ana's reason ${step}` : undefined,
			idempotencyKey: `${who}-${step}`
		});
	};
	await answer('Ana', 0);
	await answer('Bob', 0);
	await call('POST', `/sessions/${session.id}/release`, admin, { injectId: 'edr-iso-alert' });
	await answer('Ana', 1);
	await answer('Bob', 1);
	await call('POST', `/sessions/${session.id}/observations`, admin, {
		team: 'Blue',
		objectiveId: 'detect-and-scope',
		rating: 'M',
		text: 'Trusted the green Mitigated badge.'
	});
});

test.afterAll(async () => {
	await server?.dispose();
});

test('before the reveal a trainee sees only that results come later, and never the debrief', async ({
	browser
}) => {
	const page = await traineePage(browser, 'Ana');
	await page.goto(`${server.url}/play/${session.id}/results`);
	await expect(
		page.getByText('Results appear after the facilitator reveals the answers')
	).toBeVisible();
	await expect(page.locator('main')).not.toContainText('%');
	await expect(page.locator('main')).not.toContainText('Your answers');
	for (const path of ['debrief', 'debrief/export?format=md']) {
		const res = await page.request.get(`${server.url}/sessions/${session.id}/${path}`);
		expect(res.status(), path).toBe(403);
	}
	const viaApi = await page.request.get(api(`/sessions/${session.id}/debrief`), {
		headers: bearer(trainees.Ana)
	});
	expect(viaApi.status()).toBe(403);
	await page.context().close();
});

test('the debrief shows the figures the answers earn, with a chart and a table', async ({
	page
}) => {
	await call('POST', `/sessions/${session.id}/end`, admin);
	await signIn(page);
	await page.goto(`${server.url}/sessions/${session.id}/debrief`);
	await expect(
		page.getByRole('heading', { name: 'After-action report: Debrief journey' })
	).toBeVisible();

	const expected = {
		preparation: [expectedPercent('Ana', 'preparation'), expectedPercent('Bob', 'preparation')],
		identification: [
			expectedPercent('Ana', 'identification'),
			expectedPercent('Bob', 'identification')
		]
	};
	// Sanity of the computation itself: these are the numbers the file gives for these answers.
	expect({
		preparation: expected.preparation.map(round),
		identification: expected.identification.map(round)
	}).toEqual({ preparation: [57.14, 14.29], identification: [100, 0] });

	const table = page.locator('table.phase-table');
	for (const [phase, name] of [
		['preparation', 'Preparation'],
		['identification', 'Identification']
	] as const) {
		const [red, blue] = expected[phase];
		const cells = table.getByRole('row', { name: new RegExp(name) }).locator('td');
		await expect(cells.nth(0)).toContainText(whole(red));
		await expect(cells.nth(1)).toContainText(whole(blue));
		await expect(cells.nth(2)).toContainText(whole((red + blue) / 2));
		await expect(table).not.toContainText(/\d\.\d+%/);
	}
	const chart = page.locator('figure.chart');
	await expect(chart).toHaveAttribute('data-ready', 'true');
	const canvas = chart.locator('canvas');
	await expect(canvas).toBeVisible();
	await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /per-phase scores/);
	expect((await canvas.boundingBox())!.height).toBeGreaterThan(100);

	const ana = page.locator('#trainees').locator('..').getByRole('row', { name: /Ana/ });
	await expect(ana).toContainText('57%');
	await expect(ana).not.toContainText('57.14');
	await expect(ana).toContainText('2 of 2');
	const log = page.locator('#log-red').locator('..');
	await expect(log).toContainText("Ana's reason 1");
	await expect(log).toContainText('✓ full marks');
	await expect(page.locator('#log-blue').locator('..')).toContainText('✗ no points');
	await expect(page.locator('#objectives').locator('..')).toContainText(
		'Trusted the green Mitigated badge.'
	);
	await expect(page.locator('#plan').locator('..').locator('..')).toContainText('Improvement plan');
	// Issue 13: the room's sections render (empty here: nobody chatted or asked).
	const roomSection = page.locator('#room').locator('..');
	await expect(roomSection).toContainText('No team asked exercise control for information.');
	await expect(roomSection.getByText('Red team channel')).toBeVisible();
	await expect(page.locator('#feedback').locator('..')).toContainText(
		'0 of 2 participants sent the feedback form.'
	);
	await expectAccessible(page);

	// The Markdown download carries the same figures.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Markdown (.md)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^debrief-debrief-journey-[a-z0-9]+\.md$/);
	const md = readFileSync((await download.path())!, 'utf8');
	expect(md).toContain('# After-action report: Debrief journey');
	expect(md).toMatch(/\| Red \| 57% \| 100% \|/);
	expect(md).toMatch(/\| Blue \| 14% \| 0% \|/);
	expect(md).toMatch(/\| Room average \| 36% \| 50% \|/);
	expect(md).toContain('## 7. Improvement plan');

	// On paper: no buttons, one section per page.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Export the debrief' })).toBeHidden();
	const breaks = await page
		.locator('.debrief-section')
		.evaluateAll((els) => els.map((el) => getComputedStyle(el).breakBefore));
	expect(breaks[0]).toBe('auto');
	expect(breaks.slice(1).every((b) => b === 'page')).toBe(true);
});

test('the facilitator edits the findings and restores the drafts', async ({ page }) => {
	await signIn(page);
	await page.goto(`${server.url}/sessions/${session.id}/debrief`);
	const findings = page.locator('#findings').locator('..');
	await findings.getByText('Edit the findings').click();
	await page
		.getByRole('textbox', { name: 'Strengths' })
		.fill('Calm bridge call.\n\nBackups checked first.');
	await page.getByRole('button', { name: 'Save findings' }).click();
	await expect(findings.getByText('Findings saved.')).toBeVisible();
	await expect(findings.locator('ul').first().locator('li')).toHaveText([
		'Calm bridge call.',
		'Backups checked first.'
	]);
	await expect(findings).toContainText(`Edited by ${ADMIN.name}`);
	await page.getByRole('button', { name: 'Restore drafts' }).click();
	await expect(findings.getByText('The drafted findings are back.')).toBeVisible();
	await expect(findings).not.toContainText('Calm bridge call.');
	await expect(findings).toContainText('Red scored 100% in Identification.');
});

test('the findings form works without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page);
	await page.goto(`${server.url}/sessions/${session.id}/debrief`);
	await page.getByText('Edit the findings').click();
	await page
		.getByRole('textbox', { name: 'Areas for improvement' })
		.fill('Read the process tree, not the badge.');
	await page.getByRole('button', { name: 'Save findings' }).click();
	const findings = page.locator('#findings').locator('..');
	await expect(findings.getByText('Findings saved.')).toBeVisible();
	await expect(findings).toContainText('Read the process tree, not the badge.');
	await page.getByText('Edit the findings').click();
	await page.getByRole('button', { name: 'Restore drafts' }).click();
	await expect(page.locator('#findings').locator('..')).not.toContainText('Read the process tree');
	await context.close();
});

test('the API exports the debrief as JSON, Markdown and CSV to staff only', async ({ request }) => {
	const url = api(`/sessions/${session.id}/debrief`);
	const json = await request.get(url, { headers: bearer(admin) });
	expect(json.status()).toBe(200);
	const body = (await json.json()) as {
		scores: { room: Record<string, number> };
		items: { issue: string }[];
		overview: { participants: number };
	};
	// (4/7 + 1/7) / 2, unrounded in JSON (rounding the two 57.14 and 14.29 first gave 35.72).
	expect(body.scores.room.preparation).toBeCloseTo(250 / 7, 9);
	expect(body.overview.participants).toBe(2);
	expect(body.items.length).toBeGreaterThan(0);

	const csv = await request.get(`${url}?format=csv`, { headers: bearer(admin) });
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
	expect(await csv.text()).toContain('"trainee","Red","Ana","incident-commander","Preparation"');

	const md = await request.get(`${url}?format=md`, { headers: bearer(admin) });
	expect(md.headers()['content-type']).toContain('text/markdown');

	expect((await request.get(`${url}?format=xml`, { headers: bearer(admin) })).status()).toBe(400);
	expect((await request.get(url)).status()).toBe(401);
	const nobody = await request.get(api('/sessions/0000000000000000/debrief'), {
		headers: bearer(admin)
	});
	expect(nobody.status()).toBe(404);
});

test('after the reveal a trainee sees their own results and their team’s, nobody else’s', async ({
	browser
}) => {
	await call('POST', `/sessions/${session.id}/reveal`, admin);
	const page = await traineePage(browser, 'Ana');
	await page.goto(`${server.url}/play/${session.id}/results`);
	await expect(page.getByRole('heading', { name: 'Scores per phase' })).toBeVisible();
	const prep = page.getByRole('row', { name: /Preparation/ });
	await expect(prep.locator('td').nth(0)).toHaveText(whole(expectedPercent('Ana', 'preparation')));
	await expect(prep.locator('td').nth(1)).toHaveText(whole(expectedPercent('Ana', 'preparation')));
	await expect(page.getByRole('heading', { name: "Your team's ending" })).toBeVisible();
	await expect(page.getByText('✓ Correct: full marks')).toBeVisible();
	await expect(page.getByText('◐ Partly right')).toBeVisible();
	const text = await page.locator('main').innerText();
	expect(text).not.toContain('Bob');
	expect(text).not.toContain('14.29');
	expect(text).not.toMatch(/\d\.\d+%/);
	await expectAccessible(page);
	const debrief = await page.request.get(`${server.url}/sessions/${session.id}/debrief`);
	expect(debrief.status()).toBe(403);
	await page.context().close();
});
