/**
 * The trainee's feed on a 390x844 phone (issue 18), against the real build, with a scenario made
 * for it: a long log to flag, an email from an address longer than the screen, a team decision
 * with a deadline and a timeout outcome, and two questions to answer. The bar with the clock,
 * the next deadline and the connection stays on screen while scrolling; the deadline turns
 * urgent in its last minute (the clock skipped there); "next open question" focuses the right
 * decision; an answered inject folds to one line and opens by keyboard; the log opens full
 * screen and closes with Escape, focus back on its button; lines are 44 px tap targets; no
 * domain breaks; the timeout outcome shows once the deadline passes; after the end a link
 * leads to the trainee's results. Without JavaScript: a refresh link and a notice when a team
 * decision waits. The same page on a desktop keeps its bar too; axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { stringify } from 'yaml';
import { AppServer } from './support/server';
import { adminToken, bearer, call, createSession, staff } from './security/support';
import { joinAs } from './support/people';

const ADDRESS =
	'incident-notifications@security-operations.northwind-invoices-and-payments.example';
const TIMEOUT = 'Nobody decided; the beacon kept calling home for another hour.';
const LOG_LINES = 40;

const SCENARIO = stringify({
	id: 'phone-feed',
	title: 'Phone feed',
	summary: 'A scenario for the trainee feed on a phone.',
	version: '1.0.0',
	authors: ['Sandtable team'],
	licence: 'CC-BY-4.0',
	duration: { min: 15, max: 30 },
	difficulty: 'introductory',
	phases: [
		{ id: 'identification', name: 'Identification' },
		{ id: 'containment', name: 'Containment' }
	],
	objectives: [{ id: 'triage', title: 'Triage the alert', phases: ['identification'] }],
	roles: [
		{ id: 'lead', name: 'Incident lead' },
		{ id: 'analyst', name: 'Analyst' }
	],
	injects: [
		{
			id: 'brief',
			title: 'Briefing',
			phase: 'identification',
			channel: 'briefing',
			at: '29m',
			body: 'You are the incident-response team of **Northwind**.',
			decisions: [
				{
					id: 'who',
					kind: 'single',
					prompt: 'Who leads the response today?',
					objectives: ['triage'],
					options: [
						{ id: 'named', label: 'The on-call lead', scores: { identification: 2 } },
						{ id: 'first', label: 'Whoever picks up first', scores: { identification: 0 } }
					]
				}
			]
		},
		{
			id: 'alert',
			title: 'Beacon from LT-07',
			phase: 'identification',
			channel: 'alert',
			at: '30m',
			body: 'The EDR sees a beacon. The mail below came in just before.',
			artefacts: [
				{
					type: 'log',
					id: 'proxy',
					title: 'Proxy log, LT-07',
					lines: Array.from({ length: LOG_LINES }, (_, n) =>
						n === 17
							? { text: '10:17:02 LT-07 CONNECT 203.0.113.7:443 beacon', indicator: true }
							: `10:${String(n).padStart(2, '0')}:00 LT-07 GET https://intranet.example/page/${n}`
					)
				},
				{
					type: 'email',
					id: 'mail',
					headers: [
						{ name: 'From', value: `Notifications <${ADDRESS}>` },
						{ name: 'To', value: 'soc@northwind.example, lead@northwind.example' },
						{ name: 'Subject', value: 'Unusual outbound traffic from LT-07' }
					],
					body: 'Please look at LT-07.'
				}
			],
			decisions: [
				{
					id: 'flag',
					kind: 'indicators',
					prompt: 'Flag the beacon.',
					objectives: ['triage'],
					artefact: 'proxy',
					phase: 'identification',
					points: 4
				},
				{
					id: 'contain',
					kind: 'single',
					prompt: 'Isolate LT-07 now?',
					objectives: ['triage'],
					team: { decider: 'lead' },
					deadline: '10m',
					options: [
						{ id: 'isolate', label: 'Isolate it', scores: { containment: 5 } },
						{ id: 'wait', label: 'Keep watching', scores: { containment: -2 } }
					],
					timeout: { scores: { containment: -2 }, outcome: TIMEOUT }
				}
			]
		},
		{
			id: 'comms',
			title: 'The press calls',
			phase: 'containment',
			channel: 'phone',
			at: '45m',
			body: 'A journalist asks about an outage.',
			decisions: [
				{
					id: 'say',
					kind: 'single',
					prompt: 'What do you say?',
					objectives: ['triage'],
					options: [
						{ id: 'hold', label: 'A holding statement', scores: { containment: 1 } },
						{ id: 'nothing', label: 'No comment', scores: { containment: 0 } }
					]
				}
			]
		},
		{
			id: 'wrap',
			title: 'Status update',
			phase: 'containment',
			channel: 'meeting',
			at: '40m',
			body: 'The team meets to take stock.'
		}
	],
	endings: [{ id: 'end', title: 'Done', outcome: 'mixed', summary: 'The drill is over.' }]
});

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

let server: AppServer;
let admin: string;
test.beforeAll(async () => {
	server = await new AppServer().start();
	admin = await adminToken(server);
	const uploaded = await call(server, 'POST', '/api/v1/scenarios', {
		headers: { ...bearer(admin), 'content-type': 'application/yaml' },
		body: SCENARIO
	});
	expect(uploaded.status, uploaded.text).toBe(201);
});
test.afterAll(async () => {
	await server?.dispose();
});

const card = (page: Page, injectId: string) => page.locator(`[data-inject="${injectId}"]`);
const bar = (page: Page) => page.getByTestId('feed-bar');

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** A session of the scenario at speed 1 that releases by itself. */
const playing = (title: string) =>
	createSession(server, admin, { scenarioId: 'phone-feed', title, release: 'auto', speed: 1 });

async function skip(sessionId: string, minutes: number) {
	await staff(server, admin, sessionId, 'skip', { to: minutes });
}

test('the feed on a phone: bar, deadline, next question, folding, full-screen log, results', async ({
	browser
}) => {
	const session = await playing('Phone drill');
	const lia = await joinAs(
		browser,
		server.url,
		session.joinCode,
		{ name: 'Lia', team: 'Red', role: 'Incident lead' },
		PHONE
	);
	const desk = await joinAs(browser, server.url, session.joinCode, {
		name: 'Ari',
		team: 'Red',
		role: 'Analyst'
	});
	await staff(server, admin, session.id, 'start');
	// Skipped to 30:03: two injects arrive, the team's deadline falls at 40:00; the third is
	// released early.
	await skip(session.id, 30.05);
	await expect(card(lia, 'alert')).toBeVisible();
	await staff(server, admin, session.id, 'release', { team: 'red', injectId: 'comms' });
	await expect(card(lia, 'comms')).toBeVisible();

	// The story reads in order, oldest first, the newest marked.
	await expect(lia.locator('[data-inject]')).toHaveCount(3);
	expect(await lia.locator('[data-inject]').evaluateAll((els) => els.map((e) => e.id))).toEqual([
		'inject-brief',
		'inject-alert',
		'inject-comms'
	]);
	await expect(card(lia, 'comms').getByText('New', { exact: true })).toBeVisible();

	// On the desktop, Ari answers the briefing: it stays open (the answer shows) until the story
	// moves on.
	const ariWho = desk.locator('#answer-brief-who');
	await ariWho.getByRole('radio', { name: 'Whoever picks up first' }).check();
	await ariWho.getByRole('button', { name: 'Submit answer' }).click();
	await expect(card(desk, 'brief').getByTestId('my-answer')).toContainText('Whoever');
	const ariAnswered = Date.now();
	await desk.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	await expect(card(desk, 'brief')).not.toHaveClass(/folded/);

	// The bar: clock, the next deadline counting down (not urgent yet), the connection.
	const deadline = bar(lia).locator('.deadline');
	await expect(deadline).toContainText('Deadline in');
	await expect(deadline).toHaveAttribute('data-urgent', 'false');
	await expect(bar(lia).getByRole('timer')).toHaveText(/^9:\d\d$/);
	await expect(bar(lia).locator('[data-connection="live"]')).toBeVisible();
	await expect(bar(lia)).toContainText('+30:0');
	// The timeout's outcome is not on the page before the deadline passes.
	expect(await lia.content()).not.toContain(TIMEOUT);

	// Mail headers wrap between words, after the "@" and before a dot, never inside a word of
	// the domain; the address fits the phone without scrolling sideways.
	const pieces = card(lia, 'alert').locator('.headers .nb');
	const texts = await pieces.allTextContents();
	expect(texts).toEqual(
		expect.arrayContaining([
			'<incident-notifications@',
			'security-operations',
			'.northwind-invoices-and-payments',
			'.example>'
		])
	);
	const rects = await pieces.evaluateAll((els) => els.map((e) => e.getClientRects().length));
	expect(rects.every((n) => n === 1)).toBe(true);
	const headers = card(lia, 'alert').getByRole('region', { name: /^Headers of/ });
	expect(await headers.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
	expect(await lia.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	// Scrolled to the end, the bar is still on screen, at the top.
	await lia.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
	await expect(bar(lia)).toBeInViewport();
	expect((await bar(lia).boundingBox())!.y).toBeLessThanOrEqual(1);
	await expectAccessible(lia);

	// Next open question: the first one, then the next; the count says how many wait.
	const next = bar(lia).getByRole('link', { name: /Next open question/ });
	await expect(next).toContainText('4');
	await next.click();
	await expect(lia.locator('#decision-brief-who')).toBeFocused();
	await expect(lia.locator('#decision-brief-who')).toBeInViewport();
	await next.click();
	await expect(lia.locator('#decision-alert-flag')).toBeFocused();
	await next.click();
	await expect(lia.locator('#decision-alert-contain')).toBeFocused();
	await next.click();
	await expect(lia.locator('#decision-comms-say')).toBeFocused();
	await next.click();
	await expect(lia.locator('#decision-brief-who')).toBeFocused();

	// Answering the briefing leaves three open questions, starting at the log.
	const who = lia.locator('#answer-brief-who');
	await who.getByRole('radio', { name: 'The on-call lead' }).check();
	await who.getByRole('button', { name: 'Submit answer' }).click();
	await expect(lia.locator('#decision-brief-who').getByTestId('my-answer')).toContainText(
		'The on-call lead'
	);
	await expect(next).toContainText('3');
	await next.click();
	await expect(lia.locator('#decision-alert-flag')).toBeFocused();

	// The log opens full screen; its lines are big tap targets; Escape closes it, focus returns.
	const open = card(lia, 'alert').getByRole('button', { name: /Full screen/ });
	await open.click();
	const dialog = lia.getByRole('dialog');
	await expect(dialog).toBeVisible();
	const box = (await dialog.boundingBox())!;
	expect(box.width).toBeGreaterThanOrEqual(389);
	expect(box.height).toBeGreaterThanOrEqual(843);
	const rows = dialog.locator('li.selectable > label');
	await expect(rows).toHaveCount(LOG_LINES);
	for (const i of [0, 17, LOG_LINES - 1])
		expect((await rows.nth(i).boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await rows.nth(17).scrollIntoViewIfNeeded();
	await rows.nth(17).tap();
	await expect(dialog).toContainText('1 flagged');
	await expectAccessible(lia);
	await lia.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(open).toBeFocused();
	// The tick survived the move back into the page, and the inline rows are tap-sized too.
	const inline = card(lia, 'alert').locator('li.selectable > label');
	await expect(inline.nth(17).locator('input')).toBeChecked();
	expect((await inline.nth(0).boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await lia.locator('#answer-alert-flag').getByRole('button', { name: 'Submit answer' }).click();
	await expect(lia.locator('#decision-alert-flag').getByTestId('my-answer')).toContainText(
		'line 18 flagged'
	);

	// Reloaded, the answered briefing is one line saying the answer; it opens by keyboard.
	await lia.reload();
	const brief = card(lia, 'brief');
	await expect(brief).toHaveClass(/folded/);
	const summary = brief.locator('summary');
	await expect(summary).toContainText('The on-call lead');
	expect((await brief.boundingBox())!.height).toBeLessThan(70);
	await expect(brief.getByRole('radio').first()).toBeHidden();
	await summary.focus();
	await lia.keyboard.press('Enter');
	await expect(brief.locator('details')).toHaveAttribute('open', '');
	await expect(brief.getByRole('radio').first()).toBeVisible();
	// The alert still waits on the team: not folded.
	await expect(card(lia, 'alert')).not.toHaveClass(/folded/);

	// The last minute before the team's deadline: urgent in words and colour, announced once.
	await skip(session.id, 39.5);
	await expect(deadline).toHaveAttribute('data-urgent', 'true');
	await expect(deadline).toContainText('Last minute');
	await expect(bar(lia).locator('[aria-live="polite"]')).toHaveText(
		'Under a minute left to answer: Beacon from LT-07'
	);
	await expect(bar(lia).getByRole('timer')).toHaveText(/^0:[0-3]\d$/);

	// The deadline passes as the next inject arrives: the team reads what the timeout led to
	// (that inject is not folded away at once), and the bar has no deadline. Ari's briefing,
	// done a while ago, folds as the story moves on.
	await desk.waitForTimeout(Math.max(0, 11_000 - (Date.now() - ariAnswered)));
	await skip(session.id, 41);
	await expect(card(lia, 'wrap')).toBeVisible();
	await expect(card(desk, 'brief')).toHaveClass(/folded/);
	await expect(card(desk, 'brief').locator('summary')).toContainText('Whoever picks up first');
	await expect(card(lia, 'alert')).not.toHaveClass(/folded/);
	const outcome = card(lia, 'alert').getByTestId('decision-outcome');
	await expect(outcome).toContainText(TIMEOUT);
	await expect(outcome).toContainText('What happened when the deadline passed');
	await expect(outcome).toBeVisible();
	await expect(card(desk, 'alert').getByTestId('decision-outcome')).toBeVisible();
	await expect(deadline).toHaveCount(0);
	await expect(lia.getByRole('log')).toContainText('The deadline passed: Beacon from LT-07.');

	// On a desktop the bar stays on screen too.
	await desk.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
	await expect(bar(desk)).toBeInViewport();
	await expectAccessible(desk);

	// After the end: a link to the trainee's own results.
	await staff(server, admin, session.id, 'end');
	const results = lia.getByRole('link', { name: 'Your results' });
	await expect(results).toBeVisible();
	await expect(next).toHaveCount(0);
	await lia.evaluate(() => window.scrollTo(0, 0));
	await results.click();
	await expect(lia).toHaveURL(new RegExp(`/play/${session.id}/results$`));
	await expect(lia.getByRole('heading', { level: 1 })).toContainText('Your results');
	await lia.context().close();
	await desk.context().close();
});

test('without JavaScript: a refresh link, and a notice while a team decision waits', async ({
	browser
}) => {
	const session = await playing('No-script phone drill');
	const page = await joinAs(
		browser,
		server.url,
		session.joinCode,
		{ name: 'Noa', team: 'Blue', role: 'Incident lead' },
		{ ...PHONE, javaScriptEnabled: false }
	);
	await staff(server, admin, session.id, 'start');
	await skip(session.id, 30.05);
	const refresh = bar(page).getByRole('link', { name: 'Refresh', exact: true });
	await expect(refresh).toBeVisible();
	await expect(page.getByTestId('team-waiting')).toHaveCount(0);
	await refresh.click();
	await expect(page).toHaveURL(new RegExp(`/play/${session.id}$`));
	await expect(card(page, 'alert')).toBeVisible();

	// The team decision waits for Noa: said at the top, with a link to it.
	const notice = page.getByTestId('team-waiting');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('Your team is waiting for you');
	await expect(notice.getByRole('link', { name: 'Beacon from LT-07' })).toHaveAttribute(
		'href',
		'#decision-alert-contain'
	);
	// Nothing counts down without JavaScript: the bar says when the deadline falls.
	await expect(bar(page).locator('.deadline')).toHaveText(/^\s*Deadline \+40:00/);
	// "Next open question" is a plain link to the first one.
	await expect(bar(page).getByRole('link', { name: /Next open question/ })).toHaveAttribute(
		'href',
		'#decision-brief-who'
	);
	// No live updates claimed: no connection badge, no full-screen button.
	await expect(page.locator('[data-connection]')).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Full screen/ })).toHaveCount(0);

	// Decided: the notice goes away.
	const form = page.locator('#answer-alert-contain');
	await form.getByRole('radio', { name: 'Isolate it' }).check();
	await form.getByRole('button', { name: 'Decide for the team' }).click();
	await expect(page).toHaveURL(/answered=alert%2Fcontain/);
	await expect(page.getByTestId('team-waiting')).toHaveCount(0);
	await expect(card(page, 'alert').getByRole('status')).toHaveText('Your answer was recorded.');
	await page.context().close();
});
