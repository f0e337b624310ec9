/**
 * The facilitator's side against the real build: from the scenario library to a finished
 * session (join code, clock, progress, release, pause and resume, an observation, the end), an
 * upload refused with located errors, the same controls without JavaScript, and a lead who may
 * watch but not steer.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';

const SCENARIO = 'ransomware-file-server';
const SCENARIO_TITLE = /Month-end lockout/;
const FIRST_TIMED = 'EDR: suspicious process launched from a mounted disk image';
const LEAD = {
	email: 'lee.lead@sandtable.test',
	name: 'Lee Lead',
	password: 'lead password 12345'
};

let server: AppServer;

test.beforeAll(async () => {
	// The first library listing runs the path explorer over every bundled scenario; pay it here.
	test.setTimeout(180_000);
	server = await new AppServer().start();
	const warm = await fetch(`${server.url}/healthz`);
	expect(warm.status).toBe(200);
});
test.afterAll(async () => {
	await server?.dispose();
});

async function signIn(page: Page, email = ADMIN.email, password = ADMIN.password) {
	await page.goto(`${server.url}/login`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** Creates a session through the form and returns its console URL. */
async function newSession(page: Page, title: string, teams = 'Blue\nRed', speed = '10') {
	await page.goto(`${server.url}/sessions/new?scenario=${SCENARIO}`);
	await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue(SCENARIO);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Teams', { exact: true }).fill(teams);
	await page.getByLabel('Speed', { exact: true }).selectOption(speed);
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	return page.url();
}

const clock = (page: Page) => page.getByRole('timer');
const teamPanel = (page: Page, name: string) =>
	page.locator('section.team').filter({ has: page.getByRole('heading', { level: 2, name }) });

test('a facilitator runs a session from the library to the end', async ({ page }) => {
	test.setTimeout(120_000);
	await signIn(page);

	await page.goto(`${server.url}/scenarios`);
	const card = page.getByRole('article').filter({ hasText: SCENARIO_TITLE });
	await expect(card.getByText('Valid')).toBeVisible();
	await expect(card.getByText('T1486')).toBeVisible();
	await card.getByRole('link', { name: 'Outline and branches' }).click();
	await expect(page.getByRole('img', { name: /Branches of Month-end lockout/ })).toBeVisible();
	await expect(
		page.getByRole('table').filter({ hasText: 'Decisions and answer key' })
	).toContainText('✓ correct');
	await page.getByRole('link', { name: 'New session with this scenario' }).click();
	await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue(SCENARIO);
	// At 1× the first timed inject is five real minutes away, so "release next" is predictable.
	const url = await newSession(page, 'Thursday drill', 'Blue\nRed', '1');

	// Lobby: the code, big and formatted, and the people arriving without a reload.
	const code = (await page.locator('.code').textContent())!.trim();
	expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
	await expect(page.getByRole('link', { name: `${server.url}/join?code=${code}` })).toBeVisible();
	await expect(page.getByText('Live', { exact: true })).toBeVisible();
	const joined = await fetch(`${server.url}/api/v1/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code, name: 'Ana', team: 'Blue', role: 'soc-analyst' })
	});
	expect(joined.status).toBe(201);
	await expect(page.locator('.lobby')).toContainText('SOC analyst: Ana');
	await expect(page.locator('.lobby')).toContainText('1 participant joined');

	// Start: the clock runs on its own between updates, and progress shows.
	await page.getByRole('button', { name: 'Start the exercise' }).click();
	await expect(page.getByText('The exercise has started.')).toBeVisible();
	await expect(page.locator('.badge', { hasText: 'Running' })).toBeVisible();
	const first = await clock(page).textContent();
	await expect(clock(page)).not.toHaveText(first!, { timeout: 5_000 });
	await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^\d+$/);
	await expect(teamPanel(page, 'Blue')).toContainText('Thursday 30 April');

	// Release the next inject to one team only.
	await teamPanel(page, 'Blue').getByRole('button', { name: 'Release next to Blue' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: `“${FIRST_TIMED}” to Blue` })
	).toBeVisible();
	await expect(teamPanel(page, 'Blue').getByText(FIRST_TIMED).first()).toBeVisible();
	await expect(teamPanel(page, 'Blue').getByText('Waiting for (1): Ana').first()).toBeVisible();

	// Hold an upcoming inject and let it go again.
	const blue = teamPanel(page, 'Blue');
	const report = blue.getByRole('listitem').filter({ hasText: 'I think I opened something bad' });
	await report.getByRole('button', { name: /^Hold/ }).click();
	await expect(report.getByText('held', { exact: true })).toBeVisible();
	await report.getByRole('button', { name: /^Unhold/ }).click();
	await expect(report.getByText('held', { exact: true })).toHaveCount(0);

	// Release a chosen inject now, then decide its team decision for the team.
	await blue
		.getByLabel('Inject to release to Blue')
		.selectOption({ label: 'Decision: what to do with FIN-WS-0231' });
	await blue.getByRole('button', { name: 'Release now', exact: true }).click();
	await expect(
		page.getByRole('status').filter({ hasText: '“Decision: what to do with FIN-WS-0231” to Blue' })
	).toBeVisible();
	await blue.getByText('Override the team decision…').click();
	await blue.getByLabel('Option to lock').selectOption('edr-contain');
	await blue.getByLabel('Reason (logged)').fill('Time box: the room agreed out loud.');
	await blue.getByRole('button', { name: 'Lock this option' }).click();
	await expect(page.getByText('The team decision is locked by your override.')).toBeVisible();
	await expect(blue.getByText('Closed decisions (1)')).toBeVisible();
	// The option's branch is now scheduled for Blue only.
	const contained = (team: string) =>
		teamPanel(page, team)
			.getByRole('listitem')
			.filter({ hasText: 'EDR: FIN-WS-0231 network-contained' });
	await expect(contained('Blue').getByText('branch', { exact: true })).toBeVisible();
	await expect(contained('Red')).toHaveCount(0);

	// Pause stops the clock; resume starts it again.
	await page.getByRole('button', { name: 'Pause' }).click();
	await expect(page.locator('.badge', { hasText: 'Paused' })).toBeVisible();
	const paused = await clock(page).textContent();
	await page.waitForTimeout(1500);
	await expect(clock(page)).toHaveText(paused!);
	await page.getByRole('button', { name: 'Resume' }).click();
	await expect(page.locator('.badge', { hasText: 'Running' })).toBeVisible();
	await expect(clock(page)).not.toHaveText(paused!, { timeout: 5_000 });

	// Set speed: the selector keeps the speed that was set, not the one the page loaded with.
	const speed = page.getByLabel('Speed', { exact: true });
	await speed.selectOption('2');
	await page.getByRole('button', { name: 'Set speed' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Speed set to 2×.' })).toBeVisible();
	await expect(page.locator('.clock').getByText(/^2× ·/)).toBeVisible();
	await expect(speed).toHaveValue('2');
	await speed.selectOption('1');
	await page.getByRole('button', { name: 'Set speed' }).click();
	await expect(page.locator('.clock').getByText(/^1× ·/)).toBeVisible();
	await expect(speed).toHaveValue('1');

	// An observation, tied to a team and rated. A rating tied to nothing has nowhere to count
	// (it used to vanish from the debrief): the form asks for an objective, and so does the server.
	const noted = 'Ana asked for the EDR console before deciding.';
	await page.getByLabel('Observation', { exact: true }).fill(noted);
	await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Blue' });
	await page.getByLabel('Rating').selectOption('S');
	await expect(page.getByLabel('Objective', { exact: true })).toHaveAttribute('required', '');
	await expect(page.getByText('A rating needs an objective')).toBeVisible();
	const blueId = await page
		.getByLabel('Team', { exact: true })
		.locator('option', { hasText: 'Blue' })
		.getAttribute('value');
	const bare = await page.request.post(`${url}?/observe`, {
		form: { text: 'Rated, about nothing.', teamId: blueId!, rating: 'M' },
		headers: { origin: server.url, accept: 'text/html' }
	});
	expect(bare.status()).toBe(400);
	// Tied to the decision inject instead: the rating counts for that inject's objectives.
	await page
		.getByLabel('Inject', { exact: true })
		.selectOption({ label: 'Decision: what to do with FIN-WS-0231' });
	await expect(page.getByLabel('Objective', { exact: true })).not.toHaveAttribute('required');
	await expect(page.getByText("The rating counts for the inject's objectives")).toBeVisible();
	await page.getByRole('button', { name: 'Add observation' }).click();
	await expect(page.locator('.observations')).toContainText(noted);
	await expect(page.locator('.observations')).not.toContainText('Rated, about nothing.');

	// End, after the confirmation.
	await page.getByText('End the exercise…').click();
	await page.getByLabel('Yes, end it for everyone').check();
	await page.getByRole('button', { name: 'End the exercise' }).click();
	await expect(page.locator('.badge', { hasText: 'Ended' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Pause' })).toHaveCount(0);
	// Ended before every team's play was done: no ending is claimed (issue 18).
	await expect(page.getByText('Ended before an outcome').first()).toBeVisible();

	// The debrief rates the inject's objectives for Blue with the observation as evidence.
	await page.goto(`${url}/debrief`);
	const contain = page
		.locator('#objectives')
		.locator('..')
		.getByRole('row', { name: /Contain the spread while weighing the cost/ });
	await expect(contain.locator('td').first()).toContainText('S');
	await expect(contain).toContainText(noted);

	await page.goto(`${server.url}/sessions`);
	const row = page.getByRole('row').filter({ hasText: 'Thursday drill' });
	await expect(row.getByText('Ended')).toBeVisible();
	await expect(row.getByRole('cell', { name: '1', exact: true })).toBeVisible();
	expect(url).toContain('/sessions/');
});

test('an uploaded scenario credits its source in the library and shows its context on its page', async ({
	page
}) => {
	const title = 'Minimal phish, sourced';
	const attribution = 'Adapted from the Example Phishing Tabletop by Example CERT, CC BY 4.0.';
	await signIn(page);
	await page.goto(`${server.url}/scenarios`);
	await page
		.getByLabel('Scenario file')
		.setInputFiles('tests/fixtures/scenarios/valid/with-metadata.yaml');
	await page.getByRole('button', { name: 'Check and upload' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Added' })).toContainText(title);

	await page.goto(`${server.url}/scenarios`);
	const card = page.getByRole('article').filter({ hasText: title });
	await expect(card.getByRole('link', { name: 'Example Phishing Tabletop' })).toHaveAttribute(
		'href',
		'https://cert.example.org/tabletops/phishing'
	);
	await expect(card).toContainText('(Example CERT)');
	await expect(card).toContainText(`CC-BY-4.0 ${attribution}`);

	await card.getByRole('link', { name: title, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const about = page
		.locator('section')
		.filter({ has: page.getByRole('heading', { name: 'About' }) });
	await expect(about).toContainText(attribution);
	await expect(about).toContainText('FIN-EXAMPLE');
	// The description is Markdown, rendered.
	await expect(about.locator('em', { hasText: 'financially motivated' })).toBeVisible();
	await expect(about).toContainText('LT-07 laptop, Finance file share (data)');
	await expect(about).toContainText('CIS Controls v8 17.4 Establish and maintain');
	await expect(about).toContainText('NIST CSF 2.0 RS.MA-01');
	await expect(about).toContainText('R-012, R-031');
});

/** with-metadata.yaml as a new version, with another title. */
function withMetadataV2(version: string, title: string) {
	const text = readFileSync('tests/fixtures/scenarios/valid/with-metadata.yaml', 'utf8')
		.replace(/^version: .*$/m, `version: ${version}`)
		.replace(/^title: .*$/m, `title: ${title}`);
	return { name: 'with-metadata.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) };
}

async function uploadFile(page: Page, file: string | ReturnType<typeof withMetadataV2>) {
	await page.goto(`${server.url}/scenarios`);
	await page.getByLabel('Scenario file').setInputFiles(file);
	await page.getByRole('button', { name: 'Check and upload' }).click();
}

test('re-uploading a scenario id asks first, and replaces only when confirmed', async ({
	page
}) => {
	await signIn(page);
	// The upload exists (the test above, or this one on its own).
	await uploadFile(page, 'tests/fixtures/scenarios/valid/with-metadata.yaml');
	await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toBeVisible();
	if (await page.getByRole('button', { name: 'Replace it' }).isVisible()) {
		await page.getByLabel(/Yes, replace/).check();
		await page.getByRole('button', { name: 'Replace it' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Replaced' })).toBeVisible();
	}
	const sessionUrl = await newSessionOf(page, 'with-metadata', 'Ran the first version');

	await uploadFile(page, withMetadataV2('2.0.0', 'Minimal phish, second version'));
	const question = page.getByRole('alert').filter({ hasText: 'replace it?' });
	await expect(question).toContainText(
		'A scenario with this id exists (version 1.0.0, used by 1 session); replace it?'
	);
	await expect(question).toContainText('the new file is version 2.0.0');
	// Nothing changed yet.
	await page.goto(`${server.url}/scenarios`);
	await expect(page.getByRole('article').filter({ hasText: 'Minimal phish, sourced' })).toHaveCount(
		1
	);
	await expect(
		page.getByRole('article').filter({ hasText: 'Minimal phish, second version' })
	).toHaveCount(0);

	await uploadFile(page, withMetadataV2('2.0.0', 'Minimal phish, second version'));
	await page.getByLabel('Yes, replace Minimal phish, sourced').check();
	await page.getByRole('button', { name: 'Replace it' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Replaced' })).toContainText(
		'Minimal phish, second version'
	);
	await page.goto(`${server.url}/scenarios`);
	await expect(
		page.getByRole('article').filter({ hasText: 'Minimal phish, second version' })
	).toHaveCount(1);
	// The session that ran version 1 keeps it.
	await page.goto(sessionUrl);
	await expect(page.getByText('Minimal phish, sourced').first()).toBeVisible();
	await expect(page.getByText('Minimal phish, second version')).toHaveCount(0);
});

/** Creates a session of a scenario id through the form, with defaults; returns its URL. */
async function newSessionOf(page: Page, scenario: string, title: string) {
	await page.goto(`${server.url}/sessions/new?scenario=${scenario}`);
	await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue(scenario);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Teams', { exact: true }).fill('Blue');
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	return page.url();
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('replacing a scenario is confirmed with plain form posts', async ({ page }) => {
		await signIn(page);
		await uploadFile(page, 'tests/fixtures/scenarios/valid/with-metadata.yaml');
		await expect(page.getByRole('status').or(page.getByRole('alert')).first()).toBeVisible();
		await uploadFile(page, withMetadataV2('3.0.0', 'Minimal phish, plain forms'));
		await expect(page.getByRole('alert').filter({ hasText: 'replace it?' })).toBeVisible();
		// Without the confirmation the server refuses too, not only the browser.
		const token = await page.locator('input[name="token"]').getAttribute('value');
		const refused = await page.request.post(`${server.url}/scenarios?/replace`, {
			form: { token: token! },
			headers: { origin: server.url, accept: 'text/html' }
		});
		expect(refused.status()).toBe(400);
		await page.getByLabel(/Yes, replace/).check();
		await page.getByRole('button', { name: 'Replace it' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Replaced' })).toContainText(
			'Minimal phish, plain forms'
		);
	});

	test('an upload of a broken scenario shows located errors and stores nothing', async ({
		page
	}) => {
		await signIn(page);
		await page.goto(`${server.url}/scenarios`);
		const cards = await page.getByRole('article').count();
		await page.getByLabel('Scenario file').setInputFiles({
			name: 'broken.yaml',
			mimeType: 'application/yaml',
			buffer: Buffer.from('id: broken\ntitle: Broken\nsummary: [unclosed\n')
		});
		await page.getByRole('button', { name: 'Check and upload' }).click();
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('broken.yaml was not stored');
		// Where the unclosed [ opens, not where the file ends.
		await expect(alert.getByRole('listitem').first()).toHaveText(
			/^broken\.yaml:3:10: YAML: the flow sequence \[ opened here is not closed/
		);
		await page.goto(`${server.url}/scenarios`);
		await expect(page.getByRole('article')).toHaveCount(cards);
	});

	test('the console works with plain form posts', async ({ page }) => {
		test.setTimeout(90_000);
		await signIn(page);
		const url = await newSession(page, 'Plain forms drill', 'Only team');
		await expect(page.locator('.code')).toHaveText(/^\w{5}-\w{5}$/);
		await page.getByRole('button', { name: 'Start the exercise' }).click();
		await expect(page.getByText('The exercise has started.')).toBeVisible();
		await page.getByRole('button', { name: 'Release next to all teams' }).click();
		await expect(page.getByRole('status').filter({ hasText: FIRST_TIMED })).toBeVisible();
		await page.getByRole('button', { name: 'Pause' }).click();
		await expect(page.locator('.badge', { hasText: 'Paused' })).toBeVisible();
		// Ending without the confirmation is refused by the server, not only by the browser.
		const refused = await page.request.post(`${url}?/control`, {
			form: { action: 'end' },
			headers: { origin: server.url, accept: 'text/html' }
		});
		expect(refused.status()).toBe(400);
		await page.getByText('End the exercise…').click();
		await page.getByLabel('Yes, end it for everyone').check();
		await page.getByRole('button', { name: 'End the exercise' }).click();
		await expect(page.locator('.badge', { hasText: 'Ended' })).toBeVisible();
	});
});

async function addLead(browser: Browser) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page);
	await page.goto(`${server.url}/admin/users`);
	await page.locator('#new-email').fill(LEAD.email);
	await page.locator('#new-name').fill(LEAD.name);
	await page.locator('#new-role').selectOption('lead');
	await page.locator('#new-password').fill(LEAD.password);
	await page.getByRole('button', { name: 'Add user' }).click();
	await expect(page.getByText(`Added ${LEAD.name}`)).toBeVisible();
	const url = await newSession(page, 'Watched drill', 'Blue');
	await context.close();
	return url;
}

test('a lead watches a session but has no controls', async ({ browser, page }) => {
	test.setTimeout(90_000);
	const url = await addLead(browser);
	await signIn(page, LEAD.email, LEAD.password);
	await page.goto(`${server.url}/sessions`);
	await page.getByRole('link', { name: 'Watched drill' }).click();
	await expect(page).toHaveURL(url);
	await expect(page.getByText('view only')).toBeVisible();
	await expect(page.getByText('Live', { exact: true })).toBeVisible();
	await expect(page.getByRole('timer')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Start the exercise' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Add observation' })).toHaveCount(0);
	// The actions check the role too, not only the page.
	const res = await page.request.post(`${url}?/control`, {
		form: { action: 'start' },
		headers: { origin: server.url }
	});
	expect(res.status()).toBe(403);
	await page.goto(`${server.url}/sessions/new`);
	await expect(page.getByText('Your account does not have access to this.')).toBeVisible();
});
