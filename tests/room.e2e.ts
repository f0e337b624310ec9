/**
 * The room, end to end (issue 13's journey): a facilitator and four trainees in two teams, each
 * in a browser of their own, and the big screen in a third kind of browser. They chat (a team's
 * channel stays in the team), one trainee asks exercise control a question and gets the answer,
 * the facilitator sends an unscripted inject to one team, the big screen follows live, the
 * exercise ends with participant feedback forms and a hot-wash note, and the after-action report
 * shows the channels, the RFIs with their response times, the unscripted inject and the feedback.
 */
import { expect, test, type Page } from '@playwright/test';
import { joinAs, signIn } from './support/people';
import { AppServer } from './support/server';

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

const message = (page: Page, text: string) => page.locator('#chat li.msg', { hasText: text });

async function openRoom(page: Page) {
	await page.getByTestId('room-link').click();
	await expect(page.getByRole('heading', { level: 1, name: 'Team room' })).toBeVisible();
	await expect(page.locator('[data-connection="live"]')).toBeVisible();
}

test('two teams chat, ask, get an unscripted inject and give feedback; the report has it all', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const facilitatorContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const fac = await facilitatorContext.newPage();
	await signIn(fac, server.url);
	await fac.goto(`${server.url}/sessions/new?scenario=ransomware-file-server`);
	await fac.getByLabel('Title', { exact: true }).fill('Room day');
	await fac.getByLabel('Teams', { exact: true }).fill('Red\nBlue');
	await fac.getByLabel('Speed', { exact: true }).selectOption('1');
	await fac.getByRole('radio', { name: /^Manual/ }).check();
	await fac.getByRole('button', { name: 'Create session' }).click();
	await expect(fac).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const sessionId = fac.url().split('/').pop()!;
	const code = (await fac.locator('.code').first().textContent())!.trim();

	// The big screen: a browser of its own on the projector, signed in as staff.
	const screenContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const screen = await screenContext.newPage();
	await signIn(screen, server.url);
	await screen.goto(`${server.url}/sessions/${sessionId}/screen`);
	await expect(screen.getByTestId('join-qr').locator('svg')).toBeVisible();
	await expect(screen.getByTestId('join-code')).toHaveText(code);

	const [ana, ivo, bea, bo] = await Promise.all([
		joinAs(browser, server.url, code, { name: 'Ana', team: 'Red', role: 'SOC analyst' }),
		joinAs(browser, server.url, code, { name: 'Ivo', team: 'Red', role: 'Incident commander' }),
		joinAs(browser, server.url, code, { name: 'Bea', team: 'Blue', role: 'SOC analyst' }),
		joinAs(browser, server.url, code, { name: 'Bo', team: 'Blue', role: 'Incident commander' })
	]);
	await expect(screen.getByRole('status').filter({ hasText: 'joined' })).toContainText('4');

	await fac.getByRole('button', { name: 'Start the exercise' }).click();
	await expect(screen.getByTestId('screen-status')).toHaveText('Running');
	await fac.getByRole('button', { name: 'Release next to all teams' }).click();
	// The screen follows without a reload: the released inject is the room's situation now.
	await expect(screen.getByTestId('screen-situation')).not.toContainText('Nothing has happened');
	await expect(screen.locator('[data-testid="screen-team"]')).toHaveCount(2);
	await expect(ana.locator('[data-inject]')).toHaveCount(1);

	// Chat: Red's channel stays in Red; the whole room's reaches everyone, live.
	for (const page of [ana, ivo, bea, bo]) await openRoom(page);
	const redLine = '@incident-commander FIN-WS-0231 beacons to 185.220.101.4 every 60 s';
	await ana.locator('#chat-text').fill(redLine);
	await ana.getByRole('button', { name: 'Send', exact: true }).click();
	await expect(message(ivo, 'FIN-WS-0231 beacons')).toBeVisible();
	await expect(message(ivo, 'FIN-WS-0231 beacons').getByTestId('mention')).toHaveText('@you');
	await bea.locator('#chat a[data-channel="room"]').click();
	await bea.locator('#chat-text').fill('Blue here: we see the same alert.');
	await bea.getByRole('button', { name: 'Send', exact: true }).click();
	await ana.locator('#chat a[data-channel="room"]').click();
	await expect(message(ana, 'Blue here: we see the same alert.')).toBeVisible();
	await bo.locator('#chat a[data-channel="room"]').click();
	await expect(message(bo, 'Blue here')).toBeVisible();
	for (const page of [bea, bo]) {
		await expect(page.locator('body')).not.toContainText('185.220.101.4');
	}

	// A question to exercise control, answered from the console; it arrives live.
	const question = 'What does the EDR show on FIN-WS-0231?';
	await ana.locator('#rfi-text').fill(question);
	await ana.getByRole('button', { name: 'Ask', exact: true }).click();
	await expect(fac.getByTestId('open-rfis')).toHaveText('1 open');
	const room = fac.getByRole('complementary', { name: 'The room' });
	await room.getByRole('tab', { name: /^RFIs/ }).click();
	const rfi = room.getByTestId('rfi').filter({ hasText: 'EDR show' });
	const answer = rfi.getByRole('form', { name: 'Answer to Ana' });
	await answer.getByLabel('Answer', { exact: true }).fill('PowerShell spawned by **WINWORD.EXE**.');
	await answer.getByRole('button', { name: 'Answer', exact: true }).click();
	await expect(fac.getByTestId('open-rfis')).toHaveText('0 open');
	const asked = ana.locator('#rfis li[data-rfi]', { hasText: question });
	await expect(asked.locator('strong', { hasText: 'WINWORD.EXE' })).toBeVisible();
	await expect(bea.locator('#rfis')).not.toContainText(question);

	// An unscripted inject for Blue only, with a question.
	await room.getByRole('tab', { name: 'Improvise' }).click();
	const improvise = room.getByRole('form', { name: 'Unscripted inject' });
	await improvise.getByLabel('Team').selectOption({ label: 'Blue' });
	await improvise.getByLabel('Arrives as').selectOption({ label: 'Phone call' });
	await improvise.getByLabel('From').fill('Journalist, The Ledger');
	await improvise.getByLabel('Title').fill('A reporter calls about the outage');
	await improvise.getByLabel(/^Message/).fill('She asks whether **payroll** will be late.');
	await improvise.getByLabel(/^Question/).fill('What do you tell her?');
	await improvise.getByRole('button', { name: 'Send inject' }).click();
	await bea.getByRole('link', { name: '← Back to the exercise' }).click();
	const call = bea.locator('[data-inject]', { hasText: 'A reporter calls about the outage' });
	await expect(call).toContainText('Unscripted');
	await call
		.getByLabel('What do you tell her?')
		.fill('We are investigating; no comment on payroll.');
	await call.getByRole('button', { name: 'Send answer' }).click();
	await expect(call.getByRole('button', { name: 'Send answer' })).toHaveCount(0);
	await ana.getByRole('link', { name: '← Back to the exercise' }).click();
	await expect(ana.locator('[data-inject]')).toHaveCount(1);
	await expect(ana.locator('body')).not.toContainText('A reporter calls');

	// The end: feedback forms from two trainees, a hot-wash note from the facilitator.
	await fac.getByText('End the exercise…').click();
	await fac.getByLabel('Yes, end it for everyone').check();
	await fac.getByRole('button', { name: 'End the exercise', exact: true }).click();
	await expect(fac.locator('.badge', { hasText: 'Ended' })).toBeVisible();
	await expect(screen.getByTestId('screen-status')).toHaveText(/Ended/);
	const feedback = [
		[ana, 'Asking exercise control early paid off.', 'We chatted but did not update the record.'],
		[bea, 'The holding line for the press was quick.', 'Nobody owned the comms plan.']
	] as const;
	for (const [page, strength, improvement] of feedback) {
		await page.getByTestId('feedback-card').getByRole('link', { name: 'Give feedback' }).click();
		const form = page.locator('#feedback');
		await form.getByLabel('Strengths').fill(strength);
		await form.getByLabel('Areas for improvement').fill(improvement);
		await form.locator('fieldset.rating').first().getByRole('radio', { name: '4 agree' }).check();
		await form.getByRole('button', { name: 'Send feedback' }).click();
		await expect(form.getByTestId('feedback-sent')).toContainText('Sent');
	}
	await room.getByRole('tab', { name: 'Hot wash' }).click();
	await expect(room.getByRole('heading', { name: 'Participant feedback (2)' })).toBeVisible();
	const note = room.getByRole('form', { name: 'Hot-wash note' });
	await note.getByLabel('Kind').selectOption('strength');
	await note.getByLabel('Note', { exact: true }).fill('Both teams used the RFI channel well.');
	await note.getByRole('button', { name: 'Add note' }).click();
	await expect(room.getByRole('list', { name: 'Hot-wash notes' })).toContainText(
		'Both teams used the RFI channel well.'
	);

	// The after-action report: channels, the RFI with its response time, the unscripted inject,
	// the feedback and the hot wash, and the drafted findings built from them.
	await fac.goto(`${server.url}/sessions/${sessionId}/debrief`);
	const roomSection = fac.locator('section[aria-labelledby="room"]');
	await expect(roomSection).toContainText(question);
	await expect(roomSection).toContainText('WINWORD.EXE');
	// The row of Ana's question ends with how long Red waited, in real time.
	const rfiRow = roomSection.getByRole('row').filter({ hasText: question });
	await expect(rfiRow.locator('td').last()).toHaveText(/^\d+ s$|^\d+ min/);
	await expect(roomSection).toContainText('A reporter calls about the outage');
	await expect(roomSection).toContainText('We are investigating; no comment on payroll.');
	await expect(roomSection).toContainText('FIN-WS-0231 beacons');
	await expect(roomSection).toContainText('Blue here: we see the same alert.');
	const feedbackSection = fac.locator('section[aria-labelledby="feedback"]');
	await expect(feedbackSection).toContainText('Asking exercise control early paid off.');
	await expect(feedbackSection).toContainText('Nobody owned the comms plan.');
	await expect(feedbackSection).toContainText('Both teams used the RFI channel well.');
	await expect(feedbackSection).not.toContainText('Ana');
	const log = fac.locator('section[aria-labelledby="decisions"]');
	await expect(log).toContainText('Unscripted');
	await expect(fac.locator('main')).toContainText(
		'Participant feedback: The holding line for the press was quick.'
	);
	await expect(fac.locator('main')).toContainText(
		'Hot wash: Both teams used the RFI channel well.'
	);

	for (const c of [facilitatorContext, screenContext]) await c.close();
	for (const p of [ana, ivo, bea, bo]) await p.context().close();
});
