/**
 * The organisation profile as a facilitator uses it: one scenario written with placeholders
 * reads as "our" incident. The profile fills in the names when a session is created and the
 * session keeps them after the profile changes; two people saving the profile at once are told,
 * and the second keeps what they typed.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { joinAs, signIn } from './support/people';
import { AppServer } from './support/server';

let server: AppServer;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

/** The minimal fixture, retitled and with placeholders in its alert. */
const SCENARIO = readFileSync('tests/fixtures/scenarios/valid/minimal.yaml', 'utf8')
	.replace('id: minimal', 'id: our-phish')
	.replace('title: Minimal phish', 'title: Phish at {{org.name|Northwind}}')
	.replace(
		'body: EDR flags `winword.exe` spawning `powershell.exe -enc` on LT-07.',
		"body: '{{people.ciso.title|The CISO}} {{people.ciso}} asks about {{systems.edr|the EDR}}: it flags LT-07.'"
	);

async function saveProfile(page: Page, name: string) {
	await page.getByLabel(/^Organisation name/).fill(name);
	await page.getByRole('button', { name: 'Save the profile' }).click();
}

async function newSession(page: Page, title: string) {
	await page.goto(`${server.url}/sessions/new?scenario=our-phish`);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Teams', { exact: true }).fill('Blue');
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	return (await page.locator('.code').textContent())!.trim();
}

test('a profile fills a scenario in at session creation, and the session keeps it', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	await signIn(page, server.url);
	await page.goto(`${server.url}/scenarios`);
	await page.getByLabel('Scenario file').setInputFiles({
		name: 'our-phish.yaml',
		mimeType: 'application/yaml',
		buffer: Buffer.from(SCENARIO)
	});
	await page.getByRole('button', { name: 'Check and upload' }).click();
	await expect(page.getByRole('status')).toContainText('Added');

	// The profile: a name, a person and a system, saved from the form.
	await page.getByRole('link', { name: 'organisation profile' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Organisation profile' })).toBeVisible();
	await page.getByLabel('People').fill('ciso | Dana Reyes | CISO | dana@contoso.example');
	await page.getByLabel('Systems').fill('edr | Defender for Endpoint');
	await saveProfile(page, 'Contoso Ltd');
	await expect(page.getByRole('status')).toHaveText('Saved. New sessions use it.');

	// A bad line is refused with its line number, and nothing changes.
	await page.getByLabel('IP ranges').fill('office | 10.20.0.0/16\nguest 10.30.0.0/16');
	await page.getByRole('button', { name: 'Save the profile' }).click();
	await expect(page.getByText('Error: IP ranges, line 2: write key | value')).toBeVisible();

	const code = await newSession(page, 'Contoso drill');
	const trainee = await joinAs(browser, server.url, code, {
		name: 'Sam',
		team: 'Blue',
		role: 'Incident lead'
	});
	await page.getByRole('button', { name: 'Start the exercise' }).click();
	const alert = 'CISO Dana Reyes asks about Defender for Endpoint: it flags LT-07.';
	await expect(trainee.getByText(alert)).toBeVisible();
	await expect(trainee).toHaveTitle(/Contoso drill/);

	// A new name later: the running session keeps Contoso, a new session is Fabrikam's.
	await page.goto(`${server.url}/organisation`);
	await saveProfile(page, 'Fabrikam');
	await expect(page.getByRole('status')).toBeVisible();
	await trainee.reload();
	await expect(trainee.getByText(alert)).toBeVisible();
	const fabrikam = await newSession(page, '');
	expect(fabrikam).not.toBe(code);
	await expect(page.getByRole('heading', { level: 1, name: 'Phish at Fabrikam' })).toBeVisible();
	await trainee.context().close();
});

test('two people saving the profile at once: the second is told and keeps their text', async ({
	browser
}) => {
	const [ana, ben] = await Promise.all(
		[0, 1].map(async () => (await browser.newContext()).newPage())
	);
	for (const p of [ana, ben]) {
		await signIn(p, server.url);
		await p.goto(`${server.url}/organisation`);
	}
	await saveProfile(ana, 'Ana’s name');
	await expect(ana.getByRole('status')).toBeVisible();
	await saveProfile(ben, 'Ben’s name');
	await expect(ben.getByRole('alert')).toContainText(
		'Someone saved the profile while you were editing it'
	);
	await expect(ben.getByLabel(/^Organisation name/)).toHaveValue('Ben’s name');
	await ben.reload();
	await expect(ben.getByLabel(/^Organisation name/)).toHaveValue('Ana’s name');
	await ana.context().close();
	await ben.context().close();
});
