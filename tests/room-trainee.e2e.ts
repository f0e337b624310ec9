/**
 * The team room as trainees use it (issue 13), against the real build: a facilitator signs in,
 * creates a session with two teams and starts it; two trainees of Alpha and one of Bravo each
 * have a browser of their own. A team message that mentions a role reaches the teammate live and
 * is marked for them, never the other team; the whole room's channel reaches everyone; a question
 * to exercise control is answered through the API and the answer arrives live; the incident
 * record (status, severity, evidence with a hash and a custody note) is shared by the team; an
 * improvised inject appears in the feed as "Unscripted" and its question is answered; after the
 * end the feedback form is sent. Without JavaScript a message is posted from the room page too,
 * and markup in a message is rendered inert.
 *
 * ROOM_SHOTS=1 saves the room page at 390x844 and 1280x800 to docs/screenshots (or to the folder
 * ROOM_SHOTS names).
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { adminToken, bearer, call } from './security/support';
import { joinAs, signIn } from './support/people';
import { AppServer } from './support/server';

const SHOTS = process.env.ROOM_SHOTS
	? process.env.ROOM_SHOTS === '1'
		? 'docs/screenshots'
		: process.env.ROOM_SHOTS
	: null;
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };

let server: AppServer;
let token: string;
test.beforeAll(async () => {
	server = await new AppServer().start();
	token = await adminToken(server);
});
test.afterAll(async () => {
	await server?.dispose();
});

/** Creates a session of the ransomware scenario through the console's form, manual releases. */
async function newSession(page: Page, title: string, teams: string[]) {
	await page.goto(`${server.url}/sessions/new?scenario=ransomware-file-server`);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Teams', { exact: true }).fill(teams.join('\n'));
	await page.getByLabel('Speed', { exact: true }).selectOption('1');
	await page.getByRole('radio', { name: /Manual/ }).check();
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const id = page.url().split('/').pop()!;
	const code = (await page.locator('.code').first().textContent())!.trim();
	const state = await call(server, 'GET', `/api/v1/sessions/${id}/state`, {
		headers: bearer(token)
	});
	const teamIds = Object.fromEntries(
		state.json<{ teams: { id: string; name: string }[] }>().teams.map((t) => [t.name, t.id])
	);
	return { id, code, teamIds };
}

/** Exercise control through the JSON API, as the console's own forms would. */
async function control(path: string, json: unknown) {
	const res = await call(server, 'POST', path, { headers: bearer(token), json });
	expect(res.status, res.text).toBeLessThan(300);
	return res.json();
}

const message = (page: Page, text: string) => page.locator('#chat li.msg', { hasText: text });
const composer = (page: Page) => page.locator('#chat-text');
const tab = (page: Page, channel: string) => page.locator(`#chat a[data-channel="${channel}"]`);

async function openRoom(page: Page) {
	await page.getByTestId('room-link').click();
	await expect(page).toHaveURL(/\/play\/[0-9a-f]{16}\/room$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Team room' })).toBeVisible();
	// Live updates are on (the page does not have to be reloaded for what follows).
	await expect(page.locator('[data-connection="live"]')).toBeVisible();
}

async function say(page: Page, text: string) {
	await composer(page).fill(text);
	await composer(page).press('Enter');
	await expect(composer(page)).toHaveValue('');
	await expect(message(page, text)).toBeVisible();
}

async function shoot(page: Page, name: string) {
	if (!SHOTS) return;
	mkdirSync(SHOTS, { recursive: true });
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.waitForTimeout(300);
	await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

test('the team room: chat, a question to exercise control, the record, an improvised inject, feedback', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const facilitator = await (await browser.newContext()).newPage();
	await signIn(facilitator, server.url);
	const session = await newSession(facilitator, 'Room drill', ['Alpha', 'Bravo']);
	const join = (name: string, team: string, role: string, options = {}) =>
		joinAs(browser, server.url, session.code, { name, team, role }, options);
	const ana = await join('Ana', 'Alpha', 'Incident commander', {
		viewport: { width: 1280, height: 800 }
	});
	const ivo = await join('Ivo', 'Alpha', 'SOC analyst', PHONE);
	const bea = await join('Bea', 'Bravo', 'IT operations');
	await facilitator.getByRole('button', { name: 'Start the exercise' }).click();
	await facilitator.getByRole('button', { name: 'Release next to all teams' }).click();
	await expect(ana.locator('[data-inject]')).toHaveCount(1);

	for (const page of [ana, ivo, bea]) await openRoom(page);
	// The hint names the roles a message can mention.
	await expect(ana.locator('#chat-hint')).toContainText('@soc-analyst');

	// A team message that mentions the analyst: Ivo sees it live, marked for him; Bea never.
	const teamLine = 'Beacon on FIN-WS-0231 still running, @soc-analyst can you scope it?';
	await say(ana, teamLine);
	await expect(message(ivo, teamLine)).toBeVisible();
	await expect(message(ivo, teamLine).getByTestId('mention')).toHaveText('@you');
	await expect(message(ana, teamLine).getByTestId('mention')).toHaveCount(0);
	await expect(message(ivo, teamLine)).toContainText('Ana');
	await expect(message(ivo, teamLine)).toContainText('Incident commander');

	// Bea writes to the whole room; Ana, on her team's tab, sees the other tab light up.
	await tab(bea, 'room').click();
	const roomLine = 'Bravo here: has anyone else seen the ransom note on FS01?';
	await say(bea, roomLine);
	await expect(tab(ana, 'room')).toContainText('1 new');
	await tab(ana, 'room').click();
	await expect(message(ana, roomLine)).toBeVisible();
	await expect(message(ana, roomLine)).toContainText('Bea');
	// Bravo was never sent Alpha's channel: not on the page, not in its data.
	await tab(bea, session.teamIds.Bravo).click();
	await expect(bea.locator('#chat')).not.toContainText('FIN-WS-0231');
	expect(await bea.content()).not.toContain('still running, @soc-analyst');
	await bea.reload();
	expect(await bea.content()).not.toContain('still running, @soc-analyst');

	// A question to exercise control, answered through the API: the answer arrives live.
	const question = 'Is the backup server BKP01 reachable from the finance VLAN?';
	await ana.locator('#rfi-text').fill(question);
	await ana.getByRole('button', { name: 'Ask', exact: true }).click();
	const asked = ana.locator('#rfis li[data-rfi]', { hasText: question });
	await expect(asked).toContainText('waiting');
	await expect(ivo.locator('#rfis li[data-rfi]', { hasText: question })).toContainText('waiting');
	const rfis = await call(server, 'GET', `/api/v1/sessions/${session.id}/rfis`, {
		headers: bearer(token)
	});
	const rfiId = rfis
		.json<{ rfis: { id: string; text: string }[] }>()
		.rfis.find((r) => r.text === question)!.id;
	await control(`/api/v1/sessions/${session.id}/rfis/${rfiId}`, {
		text: 'Yes: **port 445 is open** from VLAN 20.'
	});
	await expect(asked).toContainText(/answered in/);
	await expect(asked.locator('strong', { hasText: 'port 445 is open' })).toBeVisible();
	await expect(bea.locator('#rfis')).not.toContainText(question);

	// Ivo keeps the record: investigating, high, an evidence item with its hash and custody.
	await ivo.getByLabel('Status', { exact: true }).selectOption('investigating');
	await ivo.getByLabel('Severity', { exact: true }).selectOption('high');
	await ivo.getByRole('button', { name: 'Save the record' }).click();
	await expect(ivo.getByText('Saved.')).toBeVisible();
	await ivo.getByLabel('Description').fill('Memory image of FIN-WS-0231');
	await ivo.getByLabel(/^Hash/).fill(SHA256);
	await ivo.getByRole('button', { name: 'Add evidence' }).click();
	const evidence = (page: Page) =>
		page.locator('article[data-evidence]', { hasText: 'Memory image of FIN-WS-0231' });
	await expect(evidence(ivo)).toContainText(SHA256);
	await evidence(ivo).getByLabel('Add a custody note').fill('Sealed in bag 7, handed to Ana');
	await evidence(ivo).getByRole('button', { name: 'Add custody note' }).click();
	await expect(evidence(ivo).locator('.custody')).toContainText('Sealed in bag 7, handed to Ana');
	await expect(ana.locator('#record-status')).toHaveValue('investigating');
	await expect(ana.locator('#record-severity')).toHaveValue('high');
	await expect(evidence(ana).locator('code')).toHaveText(SHA256);
	await expect(evidence(ana).locator('.custody')).toContainText('Ivo');
	await expect(evidence(ana).locator('.custody')).toContainText('Sealed in bag 7, handed to Ana');
	await expect(bea.locator('#record')).not.toContainText('Memory image');

	await expectAccessible(ana);
	await tab(ana, session.teamIds.Alpha).click();
	await shoot(ana, 'room-desktop');
	await shoot(ivo, 'room-phone');

	// Back to the exercise: the room link counts what arrived since, and what mentions Ana.
	await ana.getByRole('link', { name: '← Back to the exercise' }).click();
	await expect(ana.getByTestId('room-link')).toHaveText('Team room');
	await tab(bea, 'room').click();
	await say(bea, 'Bravo to @incident-commander of Alpha: we isolated FS01 on our side');
	await expect(ana.getByTestId('room-link')).toHaveText('Team room 1 new · 1 @you');

	// An improvised inject to Alpha: an "Unscripted" card after the scripted one, with a question.
	const created = await control(`/api/v1/sessions/${session.id}/improvised`, {
		teamId: session.teamIds.Alpha,
		channel: 'call',
		from: 'Dana Roy, CEO',
		title: 'The CEO calls the incident commander',
		body: 'Dana wants to know whether **customer data** has left the building.',
		question: 'What do you tell the CEO?'
	});
	const card = ana.locator(`[data-inject="${created.improvisedId as string}"]`);
	await expect(card).toContainText('Unscripted');
	await expect(card).toContainText('Phone call');
	await expect(card).toContainText('Dana Roy, CEO');
	await expect(card.locator('strong', { hasText: 'customer data' })).toBeVisible();
	await expect(ana.locator('[data-inject]').last()).toHaveAttribute(
		'data-inject',
		created.improvisedId as string
	);
	await card.getByLabel('What do you tell the CEO?').fill('Not yet known; egress logs next.');
	await card.getByRole('button', { name: 'Send answer' }).click();
	await expect(card).toContainText('Your answer: Not yet known; egress logs next.');
	await expect(card.getByRole('button', { name: 'Send answer' })).toHaveCount(0);
	await bea.getByRole('link', { name: '← Back to the exercise' }).click();
	await expect(bea.getByTestId('feed-bar')).toBeVisible();
	await expect(bea.locator('body')).not.toContainText('The CEO calls');

	// After the end: a card asks for feedback; sent, it says thank you.
	await control(`/api/v1/sessions/${session.id}/end`, {});
	const invite = ana.getByTestId('feedback-card');
	await expect(invite).toContainText('participant feedback form');
	await invite.getByRole('link', { name: 'Give feedback' }).click();
	await expect(ana).toHaveURL(/\/room#feedback$/);
	const form = ana.locator('#feedback');
	await form.getByLabel('Strengths').fill('Fast scoping of the beacon.');
	await form.getByLabel('Areas for improvement').fill('We asked exercise control too late.');
	const objectives = form.locator('fieldset.rating');
	await expect(objectives.first()).toBeVisible();
	await objectives.first().getByRole('radio', { name: '4 agree' }).check();
	await objectives.nth(1).getByRole('radio', { name: '2 disagree' }).check();
	await form.getByRole('button', { name: 'Send feedback' }).click();
	await expect(form.getByTestId('feedback-sent')).toContainText('Sent');
	await expect(form.getByLabel('Strengths')).toHaveValue('Fast scoping of the beacon.');
	// The room is read-only once ended; the form stays open to change.
	await expect(ana.locator('#chat-text')).toHaveCount(0);
	await ana.reload();
	await expect(form.getByTestId('feedback-sent')).toBeVisible();
	await expect(objectives.first().getByRole('radio', { name: '4 agree' })).toBeChecked();
	await ana.getByRole('link', { name: '← Back to the exercise' }).click();
	await expect(ana.getByTestId('feedback-card')).toContainText('sent, thank you');
	await ana.goto(`${server.url}/play/${session.id}/results`);
	await expect(ana.getByTestId('feedback-card')).toContainText('sent, thank you');
});

test('without JavaScript the room page posts a message and shows it; markup in a message is inert', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const facilitator = await (await browser.newContext()).newPage();
	await signIn(facilitator, server.url);
	const session = await newSession(facilitator, 'Quiet room', ['Alpha']);
	const noJs = await joinAs(
		browser,
		server.url,
		session.code,
		{ name: 'Noa', team: 'Alpha', role: 'Communications lead' },
		{ javaScriptEnabled: false }
	);
	const reader = await joinAs(browser, server.url, session.code, {
		name: 'Raf',
		team: 'Alpha',
		role: 'Legal and compliance'
	});
	await facilitator.getByRole('button', { name: 'Start the exercise' }).click();

	// A plain link to the room, and a plain form there.
	await noJs.getByTestId('room-link').click();
	await expect(noJs).toHaveURL(/\/room$/);
	await noJs.locator('#chat-text').fill('Holding statement drafted, @legal please review.');
	await noJs.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(message(noJs, 'Holding statement drafted')).toBeVisible();
	await expect(noJs.locator('#chat-text')).toHaveValue('');
	// The whole room's tab is a link; a message posted there stays on that tab.
	await tab(noJs, 'room').click();
	await expect(noJs).toHaveURL(/\?channel=room#chat$/);
	await noJs.locator('#chat-text').fill('Press enquiry received at 10:40.');
	await noJs.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(message(noJs, 'Press enquiry received at 10:40.')).toBeVisible();
	await expect(tab(noJs, 'room')).toHaveAttribute('aria-current', 'page');
	// A refused post keeps the text and says why (an empty message passes the browser's check
	// only as spaces).
	await noJs.locator('#chat-text').fill('   ');
	await noJs.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(noJs.locator('#chat .alert-error')).toContainText('The message is empty.');

	// Markup in a message never runs in the reader's live page.
	await reader.goto(`${server.url}/play/${session.id}/room`);
	const dialogs: string[] = [];
	reader.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	await noJs.goto(`${server.url}/play/${session.id}/room`);
	const payload =
		'<img src=x onerror=alert(1)> and <script>window.__xss="chat"</script> and <b onmouseover=alert(2)>b</b>';
	await noJs.locator('#chat-text').fill(payload);
	await noJs.getByRole('button', { name: 'Send', exact: true }).click();
	const shown = message(reader, 'and');
	await expect(shown).toBeVisible();
	await shown.hover();
	await reader.waitForTimeout(500);
	expect(dialogs).toEqual([]);
	expect(await reader.evaluate(() => (window as { __xss?: unknown }).__xss ?? null)).toBeNull();
	// The sanitizer may keep a harmless <img> or <b>, never a script or a handler.
	const body = shown.locator('.body');
	expect(await body.locator('script, [onerror], [onmouseover]').count()).toBe(0);
	await expect(body).toContainText('and');
});

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}
