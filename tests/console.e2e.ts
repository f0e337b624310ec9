/**
 * The facilitator's console as a room sees it (issue 18): the answers arrive live as bars per
 * option with names and rationales, a team's proposal shows before the lock, a deadline counts
 * down, the observation form opens beside its inject with the inject and team filled in, the
 * keyboard shortcuts release, pause and observe (and do nothing while typing), and at 1280x800
 * the controls and the first team's open decision are on screen without scrolling. Trainees
 * answer through the API, as a phone would; axe finds nothing serious.
 *
 * CONSOLE_SHOTS=/tmp/dir saves screenshots at 1280x800 and 1920x1080 there.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AppServer } from './support/server';
import { signIn } from './support/people';

const SCENARIO = 'ransomware-file-server';
const ALERT = 'EDR: suspicious process launched from a mounted disk image';
const DECISION = 'Decision: what to do with FIN-WS-0231';
const SHOTS = process.env.CONSOLE_SHOTS;

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

async function newSession(page: Page, title: string, teams: string) {
	await page.goto(`${server.url}/sessions/new?scenario=${SCENARIO}`);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Teams', { exact: true }).fill(teams);
	await page.getByLabel('Speed', { exact: true }).selectOption('1');
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	return {
		url: page.url(),
		id: page.url().split('/').pop()!,
		code: (await page.locator('.code').first().textContent())!.trim()
	};
}

interface ApiTrainee {
	token: string;
	participantId: string;
}

async function join(code: string, name: string, team: string, role: string): Promise<ApiTrainee> {
	const res = await fetch(`${server.url}/api/v1/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code, name, team, role })
	});
	expect(res.status).toBe(201);
	return (await res.json()) as ApiTrainee;
}

let keys = 0;
async function answer(
	sessionId: string,
	t: ApiTrainee,
	injectId: string,
	decisionId: string,
	optionId: string,
	rationale?: string
) {
	const res = await fetch(`${server.url}/api/v1/sessions/${sessionId}/responses`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
		body: JSON.stringify({
			injectId,
			decisionId,
			value: { kind: 'single', optionId },
			...(rationale && { rationale }),
			idempotencyKey: `console-${++keys}`
		})
	});
	expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** Keeps a trainee's live stream open, as a phone with the page open does. */
function openStream(sessionId: string, t: ApiTrainee) {
	const abort = new AbortController();
	void fetch(`${server.url}/api/v1/sessions/${sessionId}/stream`, {
		headers: { authorization: `Bearer ${t.token}` },
		signal: abort.signal
	})
		.then(async (res) => {
			const reader = res.body!.getReader();
			for (;;) if ((await reader.read()).done) break;
		})
		.catch(() => {});
	return () => abort.abort();
}

const teamColumn = (page: Page, name: string) =>
	page.locator('section.team').filter({ has: page.getByRole('heading', { level: 2, name }) });
const injectBlock = (team: Locator, title: string) =>
	team.locator('section.inject').filter({ has: team.page().getByRole('heading', { name: title }) });
const option = (decision: Locator, label: RegExp) =>
	decision
		.getByRole('list', { name: /^Answers to/ })
		.getByRole('listitem')
		.filter({ hasText: label });

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

async function shoot(page: Page, name: string) {
	if (!SHOTS) return;
	mkdirSync(SHOTS, { recursive: true });
	for (const [w, h] of [
		[1280, 800],
		[1920, 1080]
	]) {
		await page.setViewportSize({ width: w, height: h });
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.waitForTimeout(300);
		await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}.png` });
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('the console shows what the room thinks, live, on one screen', async ({ page }) => {
	test.setTimeout(150_000);
	await page.setViewportSize({ width: 1280, height: 800 });
	await signIn(page, server.url);
	const session = await newSession(page, 'Console drill', 'Blue\nRed');
	const ana = await join(session.code, 'Ana', 'Blue', 'soc-analyst');
	const ivo = await join(session.code, 'Ivo', 'Blue', 'incident-commander');
	await join(session.code, 'Rex', 'Red', 'soc-analyst');
	const closeAna = openStream(session.id, ana);
	await expect(page.locator('.lobby')).toContainText('3 participants joined');

	// Start and pause: the deadline below waits, and the clock does not move under the test.
	await page.getByRole('button', { name: 'Start the exercise' }).click();
	await page.getByRole('button', { name: 'Pause' }).click();
	await expect(page.locator('.badge', { hasText: 'Paused' })).toBeVisible();
	await page.getByRole('button', { name: 'Release next to all teams' }).click();
	const blue = teamColumn(page, 'Blue');
	const alert = injectBlock(blue, ALERT);
	await expect(alert).toBeVisible();
	// Titles, not ids: the decision is named by its prompt, never by `trust-edr-status`.
	const trust = alert.getByRole('article').filter({ hasText: 'What does the alert actually tell' });
	await expect(trust).toBeVisible();
	await expect(blue).not.toContainText('trust-edr-status');
	await expect(trust.getByText('Answered 0 of 2')).toBeVisible();

	// Who is stuck or away: both wait; Ana's page is connected, Ivo's is not.
	const waitingOn = blue.getByTestId('waiting-on');
	await expect(waitingOn.getByRole('listitem').filter({ hasText: 'Ivo' })).toContainText(
		'not connected'
	);
	await expect(waitingOn.getByRole('listitem').filter({ hasText: 'Ana' })).not.toContainText(
		'not connected'
	);
	closeAna();
	await expect(waitingOn.getByRole('listitem').filter({ hasText: 'Ana' })).toContainText(
		'not connected'
	);

	// Two trainees answer: the bars move live, with counts and shares in words, and the rationale.
	const beacon = option(trust, /rundll32 \(6604\) is still running/);
	const closed = option(trust, /close the alert as a true positive/);
	await answer(
		session.id,
		ana,
		'edr-iso-alert',
		'trust-edr-status',
		'beacon-alive',
		'Still beaconing every 60 s.'
	);
	await expect(beacon.getByTestId('option-count')).toHaveText(/^1 .*· 100%$/);
	await expect(beacon).toContainText('Ana');
	await expect(beacon).toContainText('✓ expected');
	await expect(trust.getByText('Answered 1 of 2')).toBeVisible();
	await expect(trust.getByText('Still beaconing every 60 s.')).toBeVisible();
	await answer(session.id, ivo, 'edr-iso-alert', 'trust-edr-status', 'closed');
	await expect(beacon.getByTestId('option-count')).toHaveText(/^1 .*· 50%$/);
	await expect(closed.getByTestId('option-count')).toHaveText(/^1 .*· 50%$/);
	await expect(closed).toContainText('Ivo');
	await expect(trust.getByText('Answered 2 of 2')).toBeVisible();

	// The team decision: the analyst's proposal shows before the commander locks it, and its
	// deadline counts down.
	for (let i = 0; i < 3; i++)
		await page.getByRole('button', { name: 'Release next to all teams' }).click();
	const decisionBlock = injectBlock(blue, DECISION);
	const action = decisionBlock
		.getByRole('article')
		.filter({ hasText: 'The incident commander decides' });
	await expect(action.getByText('Open', { exact: true })).toBeVisible();
	await expect(action.getByText(/^Deadline .* · 10:00 left/)).toBeVisible();
	await answer(session.id, ana, 'ws-decision', 'ws-action', 'edr-contain', 'Contain, keep memory.');
	const contain = option(action, /EDR network containment now/);
	await expect(contain.getByTestId('option-count')).toHaveText(/^1 /);
	await expect(contain).toContainText('Proposed by Ana');
	await expect(action.getByText('Open', { exact: true })).toBeVisible();
	await expect(action.getByText('Contain, keep memory.')).toBeVisible();

	// On one screen at 1280x800: the controls and the first team's open decision, unscrolled.
	await page.evaluate(() => window.scrollTo(0, 0));
	await expect(page.getByRole('button', { name: 'Release next to all teams' })).toBeInViewport({
		ratio: 1
	});
	await expect(page.getByRole('button', { name: 'Resume' })).toBeInViewport({ ratio: 1 });
	await expect(action.getByRole('heading', { level: 4 })).toBeInViewport({ ratio: 1 });
	await expect(contain).toBeInViewport({ ratio: 1 });
	await expectAccessible(page, 'the console with answers in');
	await shoot(page, 'console');

	// The observation form beside the inject, for that inject and team; it saves.
	await decisionBlock.getByRole('link', { name: `Observe “${DECISION}” for Blue` }).click();
	const form = decisionBlock.getByRole('form', {
		name: `Observation on “${DECISION}” for Blue`
	});
	const text = form.getByLabel(`Observation on “${DECISION}” for Blue`);
	await expect(text).toBeFocused();
	await expectAccessible(page, 'the console with an observation form open');
	await shoot(page, 'console-observe');
	await text.fill('Ana argued for memory capture before containment.');
	await form.getByRole('button', { name: 'Save observation' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Observation saved.' })).toBeVisible();
	await expect(decisionBlock.getByText('Observations on this inject (1)')).toBeVisible();
	const noted = page.locator('.observations li').filter({ hasText: 'Ana argued' });
	await expect(noted).toContainText(`Blue · ${DECISION}`);
	await text.press('Escape');
	await expect(form).toHaveCount(0);

	// Shortcuts: not while typing in a field…
	const skip = page.getByLabel('Skip clock to');
	await skip.click();
	await skip.pressSequentially('np');
	await expect(skip).toHaveValue('np');
	await expect(page.locator('.badge', { hasText: 'Paused' })).toBeVisible();
	await skip.fill('');
	// …but P resumes and pauses, N releases the next inject, O opens the form, ? the help.
	await page.locator('h1').click();
	await page.keyboard.press('p');
	await expect(page.locator('.badge', { hasText: 'Running' })).toBeVisible();
	await page.keyboard.press('p');
	await expect(page.locator('.badge', { hasText: 'Paused' })).toBeVisible();
	await page.keyboard.press('n');
	await expect(page.getByRole('status').filter({ hasText: /^Released|released “/ })).toBeVisible();
	await page.keyboard.press('o');
	const newest = blue.locator('section.inject').first();
	await expect(newest.getByRole('textbox')).toBeFocused();
	await page.keyboard.type('p');
	await expect(page.locator('.badge', { hasText: 'Paused' })).toBeVisible();
	await page.keyboard.press('Escape');
	await page.locator('h1').click();
	await page.keyboard.press('?');
	const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
	await expect(help).toBeVisible();
	await expect(help).toContainText('Pause or resume the clock');
	await page.keyboard.press('Escape');
	await expect(help).toBeHidden();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('Observe opens the form beside its inject, prefilled, and it saves', async ({ page }) => {
		test.setTimeout(90_000);
		await signIn(page, server.url);
		const session = await newSession(page, 'Plain console', 'Blue');
		await page.getByRole('button', { name: 'Start the exercise' }).click();
		await page.getByRole('button', { name: 'Release next to all teams' }).click();
		const blue = teamColumn(page, 'Blue');
		await blue.getByRole('link', { name: `Observe “${ALERT}” for Blue` }).click();
		await expect(page).toHaveURL(/observe=edr-iso-alert/);
		const form = page.getByRole('form', { name: `Observation on “${ALERT}” for Blue` });
		await form.getByRole('textbox').fill('They read the EDR fields aloud.');
		await form.getByRole('button', { name: 'Save observation' }).click();
		await expect(page.locator('.observations li').first()).toContainText(`Blue · ${ALERT}`);
		expect(session.url).toContain('/sessions/');
		// The room's parts are stacked, each with its forms, when there are no tabs to switch.
		const room = page.getByRole('complementary', { name: 'The room' });
		for (const part of ['Chat', 'RFIs', 'Improvise', 'Records', 'Hot wash'])
			await expect(room.getByRole('heading', { name: part, exact: true })).toBeVisible();
		await room.getByLabel('Message as Exercise control').fill('Plain post.');
		await room.getByRole('button', { name: 'Send', exact: true }).click();
		await expect(
			page.getByRole('list', { name: 'Messages in Whole room' }).getByRole('listitem')
		).toContainText('Plain post.');
	});
});
