/**
 * The room from the facilitator's console (issue 13): a trainee's request for information shows
 * up live with the open-RFI badge, and is answered in words and with an inject of the script;
 * exercise control writes in a team's channel (the trainee reads it); unscripted injects go out
 * now and later, and come back as scenario YAML; a team's incident record shows up and is rated;
 * after the end the participants' feedback arrives for the hot wash, and a note is added.
 * Trainees act through the API and their page's form actions, with their own cookies, as their
 * browser would.
 *
 * ROOM_SHOTS=docs/screenshots saves console-room.png (1440x900) there.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { AppServer } from './support/server';
import { joinAs, signIn } from './support/people';

const SCENARIO = 'ransomware-file-server';
const PHISH = 'User report: "I think I opened something bad"';
const SHOTS = process.env.ROOM_SHOTS;

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
		id: page.url().split('/').pop()!,
		code: (await page.locator('.code').first().textContent())!.trim()
	};
}

interface TraineeRoom {
	channels: { id: string; messages: { author: string; html: string }[] }[];
	improvised: { title: string }[];
	record: { entries: { id: string; kind: string }[] };
}

/** What a trainee's browser gets from the API with its own cookie. */
function as(trainee: Page, sessionId: string) {
	const api = `${server.url}/api/v1/sessions/${sessionId}`;
	return {
		post: (path: string, data: unknown) => trainee.request.post(`${api}/${path}`, { data }),
		room: async () =>
			((await (await trainee.request.get(`${api}/state`)).json()) as { room: TraineeRoom }).room,
		/** A form action of the trainee page, posted as its enhanced form does. */
		action: async (name: string, form: Record<string, string>) => {
			const res = await trainee.request.post(`${server.url}/play/${sessionId}?/${name}`, {
				form,
				headers: { origin: server.url, accept: 'application/json', 'x-sveltekit-action': 'true' }
			});
			const body = (await res.json()) as { type: string; data?: string };
			expect(body.type, `?/${name}: ${body.data}`).toBe('success');
		}
	};
}

const flash = (page: Page, text: string | RegExp) =>
	expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();

test('exercise control runs the room from the console', async ({ page, browser }) => {
	test.setTimeout(180_000);
	await page.setViewportSize({ width: 1440, height: 900 });
	await signIn(page, server.url);
	const session = await newSession(page, 'Room drill', 'Blue\nRed');
	const ana = await joinAs(browser, server.url, session.code, {
		name: 'Ana',
		team: 'Blue',
		role: 'SOC analyst'
	});
	const rex = await joinAs(browser, server.url, session.code, {
		name: 'Rex',
		team: 'Red',
		role: 'Incident commander'
	});
	const asAna = as(ana, session.id);
	const asRex = as(rex, session.id);
	await expect(page.locator('.lobby')).toContainText('2 participants joined');
	await page.getByRole('button', { name: 'Start the exercise' }).click();
	await expect(page.locator('.badge', { hasText: 'Running' })).toBeVisible();

	const room = page.getByRole('complementary', { name: 'The room' });
	const openRfis = page.getByTestId('open-rfis');
	await expect(openRfis).toHaveText('0 open');

	// Red writes in its channel (unread for now) while Blue asks exercise control: the RFI shows
	// up live, with the badge in the header and on the tab.
	expect(
		(await asRex.post('chat', { channel: 'red', text: 'Who owns FS01?', key: 'c1' })).status()
	).toBe(201);
	const asked = await asAna.post('rfis', {
		text: 'Is FIN-WS-0231 a laptop or a desktop?',
		key: 'rfi-1'
	});
	expect(asked.status()).toBe(201);
	await expect(openRfis).toHaveText('1 open');
	await expect(room.getByTestId('rfis-badge')).toHaveText('1');
	await expect(room.getByTestId('channels-badge')).toHaveText('1');
	// Folded away for the teams' sake, the room leaves a pill for the open RFI; it opens the RFIs.
	await page.getByRole('button', { name: 'Hide room' }).click();
	await expect(room).toHaveCount(0);
	await page.getByRole('button', { name: '1 open RFI: answer R' }).click();
	await expect(room.getByRole('tab', { name: /^RFIs/ })).toHaveAttribute('aria-selected', 'true');
	const rfi = room.getByTestId('rfi').filter({ hasText: 'laptop or a desktop' });
	await expect(rfi).toContainText('Blue · Ana');
	await expect(rfi).toContainText(/waiting \d+ s/);

	// Answered in words and with an inject of the script the team has not had yet.
	const answer = rfi.getByRole('form', { name: 'Answer to Ana' });
	await expect(answer.getByLabel('Answer', { exact: true })).toBeFocused();
	await expect(answer.getByLabel('Release as the answer')).not.toContainText('month-end close');
	await answer.getByLabel('Answer', { exact: true }).fill('A desktop, under a desk in AP.');
	await answer.getByLabel('Release as the answer').selectOption({ label: PHISH });
	if (SHOTS) {
		mkdirSync(SHOTS, { recursive: true });
		await page.evaluate(() => window.scrollTo(0, 0));
		await page.screenshot({ path: `${SHOTS}/console-room.png` });
	}
	await answer.getByRole('button', { name: 'Answer', exact: true }).click();
	await flash(page, `Answered; “${PHISH}” released to the team.`);
	await expect(openRfis).toHaveText('0 open');
	await expect(room.getByTestId('rfis-badge')).toHaveCount(0);
	await expect(rfi).toContainText(/Answered\s+in \d+ s/);
	await expect(rfi).toContainText('A desktop, under a desk in AP.');
	await expect(rfi).toContainText(`Released “${PHISH}” to the team.`);
	await expect(page.locator('section.team').filter({ hasText: 'Blue' }).first()).toContainText(
		'I think I opened something bad'
	);

	// Channels: Red's line stays unread until Red's channel is opened; exercise control answers.
	await room.getByRole('tab', { name: /^Chat/ }).click();
	await expect(room.getByTestId('channels-badge')).toHaveText('1');
	const redChannel = room.getByRole('button', { name: /^Red/ });
	await expect(redChannel.getByLabel('1 unread')).toBeVisible();
	await redChannel.click();
	await expect(redChannel).toHaveAttribute('aria-pressed', 'true');
	await expect(room.getByTestId('channels-badge')).toHaveCount(0);
	const redLines = room.getByRole('list', { name: 'Messages in Red' });
	await expect(redLines.getByRole('listitem').filter({ hasText: 'Who owns FS01?' })).toContainText(
		'Rex · Incident commander'
	);
	const text = room.getByLabel('Message as Exercise control');
	await text.fill('IT operations owns **FS01**; ask Sam.');
	await text.press('Enter');
	await flash(page, 'Sent to Red.');
	await expect(redLines.getByRole('listitem').last()).toContainText('Exercise control');
	await expect(text).toHaveValue('');
	await expect
		.poll(async () => {
			const red = (await asRex.room()).channels.find((c) => c.id === 'red');
			return red?.messages.map((m) => `${m.author}: ${m.html.trim()}`);
		})
		.toContainEqual('Exercise control: <p>IT operations owns <strong>FS01</strong>; ask Sam.</p>');
	expect((await asAna.room()).channels.map((c) => c.id)).not.toContain('red');

	// Unscripted injects: one to Blue later, one to every team now.
	await room.getByRole('tab', { name: 'Improvise' }).click();
	const improvise = room.getByRole('form', { name: 'Unscripted inject' });
	await improvise.getByLabel('Team').selectOption({ label: 'Blue' });
	await improvise.getByLabel('Arrives as').selectOption({ label: 'Phone call' });
	await improvise.getByLabel('From').fill('Journalist, The Ledger');
	await improvise.getByLabel('Title').fill('A reporter calls about the outage');
	await improvise.getByLabel(/^Message/).fill('She asks whether **payroll** is late.');
	await improvise.getByLabel(/^Question/).fill('What do you tell her?');
	await improvise.getByLabel(/^Send at/).fill('+1:30:00');
	await improvise.getByRole('button', { name: 'Send inject' }).click();
	await flash(page, /will go out at \+1:30:00/);
	const scheduled = room.getByRole('list', { name: 'Scheduled unscripted injects' });
	const reporter = scheduled.getByTestId('improvised').filter({ hasText: 'A reporter calls' });
	await expect(reporter).toContainText('at +1:30:00');
	await expect(reporter).toContainText('Blue · every role');
	await improvise.getByLabel('Title').fill('Fire alarm test at 11:00');
	await improvise.getByLabel(/^Message/).fill('Facilities test the fire alarm at 11:00: stay put.');
	await improvise.getByRole('button', { name: 'Send inject' }).click();
	await flash(page, '“Fire alarm test at 11:00” sent.');
	const sent = room.getByRole('list', { name: 'Sent unscripted injects' });
	await expect(sent.getByTestId('improvised')).toContainText('every team · every role');
	await expect
		.poll(async () => (await asRex.room()).improvised.map((i) => i.title))
		.toEqual(['Fire alarm test at 11:00']);

	// The scheduled one as scenario YAML: its fields, the phase left to the author.
	await reporter.getByText('Scenario YAML', { exact: true }).click();
	const yaml = (await reporter.getByTestId('improvised-yaml').textContent())!;
	expect(yaml).toContain('# choose a phase');
	expect(parse(yaml)).toEqual([
		expect.objectContaining({
			id: 'improvised-a-reporter-calls-about-the-outage',
			title: 'A reporter calls about the outage',
			phase: null,
			channel: 'phone',
			from: 'Journalist, The Ledger',
			at: '1h30m',
			body: 'She asks whether **payroll** is late.',
			decisions: [expect.objectContaining({ kind: 'text', prompt: 'What do you tell her?' })]
		})
	]);

	// Blue keeps its incident record; the console shows it and the facilitator rates it.
	await asAna.action('record', {
		status: 'investigating',
		severity: 'high',
		summary: 'Phish on FIN-WS-0231.'
	});
	await asAna.action('entry', { kind: 'timeline', text: 'Isolated FIN-WS-0231', key: 'e1' });
	const hash = 'ab'.repeat(32);
	await asAna.action('entry', { kind: 'evidence', text: 'Memory image', hash, key: 'e2' });
	const evidence = (await asAna.room()).record.entries.find((e) => e.kind === 'evidence')!;
	await asAna.action('custody', { entryId: evidence.id, text: 'Sealed in bag 17' });
	await room.getByRole('tab', { name: 'Records' }).click();
	const blueRecord = room.getByRole('region', { name: /^Blue/ });
	await expect(blueRecord.getByTestId('record-status')).toHaveText('investigating');
	for (const seen of ['high', 'Phish on FIN-WS-0231.', 'Isolated FIN-WS-0231', hash])
		await expect(blueRecord).toContainText(seen);
	await expect(blueRecord.getByRole('list', { name: 'Chain of custody' })).toContainText(
		'Ana: Sealed in bag 17'
	);
	await blueRecord.getByText('Rate this record').click();
	const rate = blueRecord.getByRole('form', { name: "Rate Blue's record" });
	await rate.getByLabel('Rating').selectOption('S');
	await rate.getByLabel('Objective').selectOption('preserve-evidence');
	await rate.getByLabel('What the record shows').fill('Hash and custody kept; no times.');
	await rate.getByRole('button', { name: 'Save rating' }).click();
	await flash(page, 'Observation saved.');
	await expect(blueRecord.getByRole('list', { name: "Ratings of Blue's record" })).toContainText(
		'Hash and custody kept; no times.'
	);

	// The room on one screen, at 1440x900, with its channels open.
	await room.getByRole('tab', { name: /^Chat/ }).click();
	await expect(page.getByRole('button', { name: 'Release next to all teams' })).toBeInViewport();
	await expect(room.getByRole('tab', { name: /^RFIs/ })).toBeInViewport();
	await expectAccessible(page, 'the console with the room');

	// After the end: the participants' feedback for the hot wash, and a note.
	await page.getByText('End the exercise…').click();
	await page.getByLabel('Yes, end it for everyone').check();
	await page.getByRole('button', { name: 'End the exercise', exact: true }).click();
	await expect(page.locator('.badge', { hasText: 'Ended' })).toBeVisible();
	const feedback = await asAna.post('feedback', {
		strengths: 'The RFI answer came fast.',
		improvements: 'We never wrote times down.',
		ratings: { 'detect-and-scope': 4, 'preserve-evidence': 5 },
		comments: ''
	});
	expect(feedback.status()).toBe(201);
	await room.getByRole('tab', { name: 'Hot wash' }).click();
	await expect(room.getByRole('heading', { name: 'Participant feedback (1)' })).toBeVisible();
	await expect(room.getByRole('row', { name: /^Preserve volatile.*5\.0/ })).toBeVisible();
	await expect(room).toContainText('The RFI answer came fast. (Blue)');
	await expect(room).not.toContainText('Ana');
	const note = room.getByRole('form', { name: 'Hot-wash note' });
	await note.getByLabel('Kind').selectOption('improvement');
	await note.getByLabel('Note', { exact: true }).fill('Record times in the incident record.');
	await note.getByRole('button', { name: 'Add note' }).click();
	await flash(page, 'Hot-wash note saved.');
	await expect(room.getByRole('list', { name: 'Hot-wash notes' })).toContainText(
		'Area for improvement Record times in the incident record.'
	);
});

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
