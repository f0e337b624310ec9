/**
 * The bundled card game (scenarios/hidden-attack-cards.yaml) against the real build: a
 * facilitator (the incident master) and a team of two play the first turns. The incident lead
 * declares the incident and plays procedure cards; each lock shows its outcome text and the
 * engine rolls a d20 for it; the next turn card arrives with the board. The facilitator ends the
 * session, the team gets its ending, and the console and the debrief list the rolls.
 */
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import { joinAs } from './support/people';

const SCENARIO_ID = 'hidden-attack-cards';

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

const card = (page: Page, injectId: string) => page.locator(`[data-inject="${injectId}"]`);

/** The incident lead plays a procedure card on a turn; the team sees the lock and its outcome. */
async function play(lead: Page, scribe: Page, turn: string, option: RegExp, outcome: string) {
	await expect(card(lead, turn)).toBeVisible({ timeout: 30_000 });
	const form = lead.locator(`#answer-${turn}-procedure`);
	await form.getByRole('radio', { name: option }).check();
	await form.getByRole('button', { name: 'Decide for the team' }).click();
	await expect(card(scribe, turn).getByText('chosen by Ina')).toBeVisible();
	await expect(card(scribe, turn)).toContainText(outcome);
}

test('a team plays procedure cards, the rolls are kept, and the session ends', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const fac = await (await browser.newContext()).newPage();
	await fac.goto(`${server.url}/login`);
	await fac.getByLabel('Email').fill(ADMIN.email);
	await fac.getByLabel('Password').fill(ADMIN.password);
	await fac.getByRole('button', { name: 'Sign in' }).click();
	await expect(fac).not.toHaveURL(/\/login/);

	// The card game is one of the bundled scenarios in the library.
	await fac.goto(`${server.url}/scenarios`);
	await expect(fac.getByText('Hidden attack cards: a ten-turn hunt').first()).toBeVisible();

	await fac.goto(`${server.url}/sessions/new?scenario=${SCENARIO_ID}`);
	await fac.getByLabel('Title', { exact: true }).fill('Card night');
	await fac.getByLabel('Teams', { exact: true }).fill('Red');
	await fac.getByLabel('Speed', { exact: true }).selectOption('10');
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const sessionId = fac.url().split('/').pop()!;
	const code = (await fac.locator('.code').textContent())!.trim();

	const ina = await joinAs(browser, server.url, code, {
		name: 'Ina',
		team: 'Red',
		role: 'Incident lead'
	});
	const sam = await joinAs(browser, server.url, code, { name: 'Sam', team: 'Red', role: 'Scribe' });
	await expect(fac.locator('.lobby')).toContainText('2 participants joined');
	await fac.getByRole('button', { name: 'Start the exercise', exact: true }).click();

	// The briefing explains the rules; the lead declares the incident before the first turn.
	await expect(card(ina, 'briefing')).toContainText('11 or more');
	const declare = ina.locator('#answer-briefing-declare');
	await declare.getByRole('radio', { name: /Declare a security incident/ }).check();
	await declare.getByRole('button', { name: 'Decide for the team' }).click();
	await expect(card(sam, 'briefing')).toContainText('The bridge is open');

	// Three turns: each procedure card is locked, narrated and rolled.
	await play(ina, sam, 'turn-01', /^SIEM log hunt/, 'd20 + 3 + modifier');
	await expect(card(sam, 'turn-01')).toContainText('All four attack cards are face down');
	await play(ina, sam, 'turn-02', /^Active Directory and Kerberos audit/, 'identity team');
	await play(ina, sam, 'turn-03', /^Network beacon hunt/, 'outbound connections');
	await expect(card(sam, 'turn-04')).toBeVisible({ timeout: 30_000 });
	await expect(card(sam, 'turn-04')).toContainText('Turn 4 of 10');

	// The attack cards are the facilitator's: trainees never see them before the end.
	for (const page of [ina, sam])
		await expect(page.getByText('Attack card, pivot and escalate')).toHaveCount(0);

	// The console lists the team's dice: one d20 per procedure played, and the event roll.
	const dice = fac.locator('section.team').getByRole('heading', { name: 'Dice' });
	await expect(dice).toBeVisible();
	const panel = fac.locator('section.team');
	// Named by titles, not ids.
	await expect(panel).toContainText('“SIEM log hunt (established, +3)');
	await expect(panel).toContainText('chosen in “Turn 1 of 10”');
	await expect(panel).toContainText('chosen in “Turn 2 of 10”');
	await expect(panel).toContainText('chosen in “Turn 3 of 10”');
	await expect(panel).toContainText('attacker stage “Event card: the DFIR consultant”');
	await expect(panel).not.toContainText('option:turn-01');

	// The facilitator ends the game after three turns: the team ended before an outcome (no
	// ending it did not reach is claimed).
	await fac.getByText('End the exercise…').click();
	await fac.getByLabel('Yes, end it for everyone').check();
	await fac.getByRole('button', { name: 'End the exercise', exact: true }).click();
	await expect(fac.locator('.badge', { hasText: 'Ended' })).toBeVisible();
	for (const page of [ina, sam])
		await expect(page.getByRole('heading', { name: 'Ended before an outcome' })).toBeVisible();

	// The debrief lists every roll with its die, value and what rolled it.
	await fac.goto(`${server.url}/sessions/${sessionId}/debrief`);
	await expect(fac.getByRole('heading', { name: 'Dice rolled' })).toBeVisible();
	const rolls = fac
		.getByRole('heading', { name: 'Dice rolled' })
		.locator('xpath=following-sibling::ul[1]')
		.getByRole('listitem');
	await expect(rolls).toHaveCount(4);
	await expect(rolls.first()).toContainText(
		/d20 = \d+ \(“SIEM log hunt .*” chosen in “Turn 1 of 10”\)/
	);
});
