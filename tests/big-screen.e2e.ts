/**
 * The big screen (issue 13, "the room"): the facilitator creates a session and opens the big
 * screen in a third browser context (a laptop on the projector, signed in as staff). In the lobby
 * it shows the join QR code (inline SVG, within the CSP) and the code; trainees join in their own
 * contexts and the screen counts them; the facilitator starts and releases, and the screen follows
 * without a reload: the situation, each team's progress and decisions. Teams finish: the screen
 * says "Finished" with no ending until the reveal, then the ending titles. No site header, no
 * scrolling at 1920x1080 or 1280x720, and with six teams and five attacker moves it still fits.
 *
 * The screenshot docs/screenshots/big-screen.png (and -lobby.png) are taken here at 1920x1080.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import { joinAs, signIn } from './support/people';
import { adminToken, bearer, call, createSession, joinSession, staff } from './security/support';

const FIXTURE = readFileSync('tests/fixtures/scenarios/valid/minimal.yaml', 'utf8');
const ALERT = 'EDR alert on LT-07';
const ENDINGS = ['Contained', 'It spread'];
/** ROOM_SHOTS=1 (or a folder) saves the lobby and running screens for the docs. */
const SHOTS = process.env.ROOM_SHOTS
	? process.env.ROOM_SHOTS === '1'
		? 'docs/screenshots'
		: process.env.ROOM_SHOTS
	: null;

let server: AppServer;
let admin: string;
test.beforeAll(async () => {
	server = await new AppServer().start();
	admin = await adminToken(server);
	const uploaded = await call(server, 'POST', '/api/v1/scenarios', {
		headers: { ...bearer(admin), 'content-type': 'application/yaml' },
		body: FIXTURE
	});
	expect(uploaded.status, uploaded.text).toBe(201);
});
test.afterAll(async () => {
	await server?.dispose();
});

const teamCard = (page: Page, teamId: string) =>
	page.locator(`[data-testid="screen-team"][data-team="${teamId}"]`);

/** Everything on screen: nothing scrolls and no part of the screen is cut off at the bottom. */
async function expectFits(page: Page, what: string) {
	const box = await page.evaluate(() => {
		const doc = document.documentElement;
		const screen = document.querySelector('.screen')!;
		const last = [...screen.children].at(-1)!.getBoundingClientRect();
		const cards = [...document.querySelectorAll('[data-testid="screen-team"]')].map((c) => {
			const r = c.getBoundingClientRect();
			const inner = [...c.children].map((x) => x.getBoundingClientRect().bottom);
			return { bottom: r.bottom, content: Math.max(...inner) };
		});
		return {
			scroll: doc.scrollHeight - window.innerHeight,
			lastBottom: last.bottom,
			height: window.innerHeight,
			clipped: cards.filter((c) => c.content > c.bottom + 1).length
		};
	});
	expect(box.scroll, `${what}: page scrolls`).toBeLessThanOrEqual(0);
	expect(box.lastBottom, `${what}: bottom cut off`).toBeLessThanOrEqual(box.height);
	expect(box.clipped, `${what}: team cards cut off`).toBe(0);
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

test('the big screen follows the room live, with the join code, and no ending before the reveal', async ({
	browser
}) => {
	test.setTimeout(150_000);
	// The facilitator creates the session on the console.
	const fac = await (
		await browser.newContext({ viewport: { width: 1280, height: 800 } })
	).newPage();
	await signIn(fac, server.url);
	await fac.goto(`${server.url}/sessions/new?scenario=minimal`);
	await fac.getByLabel('Title', { exact: true }).fill('Big screen drill');
	await fac.getByLabel('Teams', { exact: true }).fill('Red\nBlue');
	await fac.getByLabel('Speed', { exact: true }).selectOption('1');
	await fac.getByRole('radio', { name: /^Manual/ }).check();
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const sessionId = fac.url().split('/').pop()!;
	const code = (await fac.locator('.code').first().textContent())!.trim();

	// The console links to the big screen, in a new tab.
	const link = fac.getByRole('link', { name: /^Big screen/ });
	await expect(link).toHaveAttribute('target', '_blank');
	await expect(link).toHaveAttribute('href', `/sessions/${sessionId}/screen`);

	// A third context: the laptop on the projector, signed in as staff.
	const room = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const screen = await room.newPage();
	const cspErrors: string[] = [];
	screen.on('console', (m) => {
		if (/Content.Security.Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
	});
	await signIn(screen, server.url, ADMIN);
	await screen.goto(`${server.url}/sessions/${sessionId}/screen`);
	await expect(screen.getByRole('heading', { level: 1, name: 'Big screen drill' })).toBeVisible();
	// No site chrome: the header and its navigation are not there for the room to see.
	await expect(screen.locator('header.topbar')).toBeHidden();
	await expect(screen.getByRole('navigation')).toHaveCount(0);
	// The lobby: a QR code (inline SVG) and the code in big letters.
	const qr = screen.getByTestId('join-qr');
	await expect(qr.locator('svg')).toBeVisible();
	await expect(qr).toHaveAttribute('aria-label', new RegExp(`/join\\?code=${code}$`));
	const qrBox = (await qr.boundingBox())!;
	expect(qrBox.width).toBeGreaterThan(600);
	const codeText = screen.getByTestId('join-code');
	await expect(codeText).toHaveText(code);
	const fontSize = await codeText.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
	expect(fontSize).toBeGreaterThan(100);
	await expect(screen.getByTestId('screen-status')).toHaveText('Waiting to start');
	await expect(screen.getByRole('status').filter({ hasText: 'joined' })).toHaveText(
		/0 people have joined/
	);
	// A marker that a reload would wipe: everything below arrives live.
	await screen.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

	// Two trainees join, each in their own context; the screen counts them.
	const rita = await joinAs(browser, server.url, code, {
		name: 'Rita',
		team: 'Red',
		role: 'Incident lead'
	});
	await joinAs(browser, server.url, code, { name: 'Bert', team: 'Blue', role: 'Incident lead' });
	await expect(screen.getByRole('status').filter({ hasText: 'joined' })).toHaveText(
		/2 people have joined/
	);
	await expectFits(screen, 'lobby 1920x1080');
	await expectAccessible(screen, 'the lobby');
	if (SHOTS) await screen.screenshot({ path: `${SHOTS}/big-screen-lobby.png` });

	// The facilitator starts and releases: the screen follows.
	await fac.getByRole('button', { name: 'Start the exercise' }).click();
	await expect(screen.getByTestId('screen-status')).toHaveText('Running');
	await expect(screen.getByTestId('join-qr')).toBeVisible();
	await expect(screen.getByTestId('join-code')).toHaveText(code);
	await expect(screen.getByText('Nothing has happened yet.')).toBeVisible();
	const clock = screen.getByTestId('screen-clock');
	const clockSize = await clock.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
	expect(clockSize).toBeGreaterThanOrEqual(180);
	await fac.getByRole('button', { name: 'Release next to all teams' }).click();
	const situation = screen.getByTestId('screen-situation');
	await expect(situation).toContainText(ALERT);
	await expect(situation).toContainText('All teams');
	const red = teamCard(screen, 'red');
	await expect(red).toContainText('0/1 decision');
	const redProgress = (await red.locator('.pct').textContent())!;
	// The clock ticks in the browser.
	const t0 = await clock.textContent();
	await expect(clock).not.toHaveText(t0!, { timeout: 5_000 });

	// Rita decides for Red on her own screen: Red's card moves.
	const form = rita.locator('#answer-alert-contain');
	await form.getByRole('radio', { name: 'Isolate it from the network' }).check();
	await form.getByRole('button', { name: 'Decide for the team' }).click();
	await expect(red).toContainText('1/1 decision');
	await expect(red.locator('.pct')).not.toHaveText(redProgress);
	await expect(teamCard(screen, 'blue')).toContainText('0/1 decision');
	// Red's isolation ticket is released next: the situation shows the newest first.
	await fac.getByRole('button', { name: 'Release next to all teams' }).click();
	await expect(situation.locator('li').first()).toContainText('LT-07 isolated');
	await expect(situation.locator('li').nth(1)).toContainText(ALERT);
	await expectFits(screen, 'running 1920x1080');
	await expectAccessible(screen, 'the running screen');
	if (SHOTS) await screen.screenshot({ path: `${SHOTS}/big-screen.png` });
	await screen.setViewportSize({ width: 1280, height: 720 });
	await expectFits(screen, 'running 1280x720');
	await screen.setViewportSize({ width: 1920, height: 1080 });

	// Past the deadline and the attacker's stage: Blue's lateral movement fires, Red's is
	// prevented; the spread reaches Blue. Both teams finish; the screen names no ending yet.
	await fac.getByLabel('Skip clock to').fill('20:00');
	await fac.getByRole('button', { name: 'Skip', exact: true }).click();
	await fac.getByRole('button', { name: 'Release next to all teams' }).click();
	for (const team of ['red', 'blue'])
		await expect(teamCard(screen, team).getByTestId('screen-ending')).toContainText('Finished');
	await expect(screen.getByTestId('screen-attacker')).toHaveCount(0);
	const before = await screen.locator('.screen').innerText();
	for (const ending of ENDINGS) expect(before).not.toContain(ending);
	expect(before).not.toContain('Lateral movement over SMB');

	// The reveal, then the end: the ending titles and the attacker's move appear.
	await fac.getByRole('button', { name: 'Reveal answers' }).click();
	await expect(teamCard(screen, 'red').getByTestId('screen-ending')).toHaveText('Contained');
	await expect(teamCard(screen, 'blue').getByTestId('screen-ending')).toHaveText('It spread');
	await expect(screen.getByTestId('screen-attacker')).toContainText('Blue');
	await expect(screen.getByTestId('screen-attacker')).not.toContainText('Red');
	await expect(screen.getByTestId('screen-attacker')).toContainText('Lateral movement over SMB');
	await fac.getByText('End the exercise…').click();
	await fac.getByLabel('Yes, end it for everyone').check();
	await fac.getByRole('button', { name: 'End the exercise' }).click();
	await expect(screen.getByTestId('screen-status')).toHaveText('Ended');
	await expect(screen.getByTestId('join-qr')).toHaveCount(0);
	await expect(teamCard(screen, 'red').getByTestId('screen-ending')).toHaveText('Contained');
	await expectFits(screen, 'ended 1920x1080');

	// All of it without a reload, and nothing refused by the Content-Security-Policy.
	expect(await screen.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
	expect(cspErrors).toEqual([]);
});

test('six teams and five attacker moves fit a 1280x720 and a 1920x1080 screen', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const teams = [
		'Red team',
		'Blue team',
		'Green team',
		'Finance night shift',
		'Orange',
		'Purple platoon'
	];
	const session = await createSession(server, admin, {
		scenarioId: 'ransomware-file-server',
		teams,
		release: 'auto',
		title: 'Northwind quarterly incident response exercise'
	});
	for (const [i, team] of teams.entries())
		for (const role of ['incident-commander', 'soc-analyst'])
			await joinSession(server, session.joinCode, { name: `P${i}${role}`, team, role });
	await staff(server, admin, session.id, 'start');
	await staff(server, admin, session.id, 'skip', { to: '5:00:00' });
	await staff(server, admin, session.id, 'reveal');

	const room = await browser.newContext({ viewport: { width: 1280, height: 720 } });
	const screen = await room.newPage();
	await signIn(screen, server.url, ADMIN);
	await screen.goto(`${server.url}/sessions/${session.id}/screen`);
	await expect(screen.getByTestId('screen-team')).toHaveCount(6);
	await expect(screen.getByTestId('screen-attacker').locator('li')).toHaveCount(5);
	await expectFits(screen, '6 teams 1280x720');
	await screen.screenshot({ path: 'test-results/big-screen-6-teams-1280.png' });
	await screen.setViewportSize({ width: 1920, height: 1080 });
	await expectFits(screen, '6 teams 1920x1080');
	await screen.screenshot({ path: 'test-results/big-screen-6-teams-1920.png' });
	await room.close();
});
