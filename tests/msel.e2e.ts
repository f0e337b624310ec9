/**
 * A facilitator who keeps the exercise as an HSEEP MSEL in a spreadsheet: a CSV with a mistake is
 * refused with the cells named (file:line:col) and adds nothing; the corrected CSV becomes a
 * scenario in the library, a trainee plays its first inject, and the scenario comes back out as
 * an MSEL CSV with the same injects (and as its YAML); the same as an Excel workbook (.xlsx).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { joinAs, signIn } from './support/people';
import { ADMIN, AppServer } from './support/server';
import { readCsv } from '../src/lib/format/csv-read';
import { readXlsx, writeXlsx } from '../src/lib/format/xlsx';

const FIXTURE = 'tests/fixtures/msel/phishing-drill.csv';

let server: AppServer;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

async function importMsel(
	page: Page,
	name: string,
	content: string | Buffer,
	title: string,
	mimeType = 'text/csv'
) {
	await page.goto(`${server.url}/scenarios`);
	await page.getByRole('link', { name: /^Import an MSEL/ }).click();
	await page.getByLabel('Scenario title').fill(title);
	await page
		.getByLabel(/^MSEL file/)
		.setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
	await page.getByRole('button', { name: 'Import' }).click();
}

function rowsOf(csv: string) {
	const read = readCsv(csv);
	if (!read.ok) throw new Error(read.message);
	return read.rows.map((r) => r.map((f) => f.value));
}

test('an MSEL CSV becomes a playable scenario and comes back out as an MSEL', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	await signIn(page, server.url);
	const fixture = readFileSync(FIXTURE, 'utf8');

	// A method nobody delivers by and a time that is not one: both cells named, nothing stored.
	const broken = fixture
		.replace('0:15,Second click', 'soon,Second click')
		.replace(',Phone call,', ',Pigeon,');
	await importMsel(page, 'drill.csv', broken, 'Phishing drill');
	const errors = page.getByRole('list', { name: 'Errors' });
	await expect(errors).toContainText("drill.csv:3:5: Time: 'soon' is not a scenario time");
	await expect(errors).toContainText("drill.csv:4:61: Method: 'Pigeon' is not a delivery method");
	await page.goto(`${server.url}/scenarios`);
	await expect(page.getByRole('article').filter({ hasText: 'Phishing drill' })).toHaveCount(0);

	// The corrected file: a scenario in the library, opened on its page.
	await importMsel(page, 'drill.csv', fixture, 'Phishing drill');
	await expect(page).toHaveURL(/\/scenarios\/phishing-drill\?imported=msel$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Phishing drill' })).toBeVisible();
	await expect(page.getByText('Valid', { exact: true })).toBeVisible();
	await expect(page.getByText(`by ${ADMIN.name}`)).toBeVisible();

	// Importing it again would take its id: refused, saying what to do.
	await importMsel(page, 'drill.csv', fixture, 'Phishing drill');
	await expect(page.getByRole('alert')).toContainText(
		'A scenario with the id phishing-drill exists already: give the import another title.'
	);

	// The MSEL export: the same injects, times, phases, people and methods, in order.
	await page.goto(`${server.url}/scenarios/phishing-drill`);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download MSEL (CSV)' }).click()
	]);
	expect(download.suggestedFilename()).toBe('phishing-drill-msel.csv');
	const exported = rowsOf(readFileSync((await download.path())!, 'utf8'));
	const original = rowsOf(fixture);
	expect(exported.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[5], r[7]])).toEqual(
		original.slice(1).map((r) => [r[2], r[11], r[3], r[4], r[5], r[7]])
	);
	expect(exported.slice(1).map((r) => r[6])).toEqual(['ticket', 'alert', 'phone']);
	const yaml = await page.request.get(`${server.url}/scenarios/phishing-drill/export?format=yaml`);
	expect(yaml.headers()['content-disposition']).toBe('attachment; filename="phishing-drill.yaml"');
	expect(await yaml.text()).toContain('id: phishing-drill');

	// It plays: a session on it, a SOC analyst joins and reads the first inject once it starts.
	await page.goto(`${server.url}/sessions/new?scenario=phishing-drill`);
	await page.getByLabel('Title', { exact: true }).fill('MSEL drill');
	await page.getByLabel('Teams', { exact: true }).fill('Blue');
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	const code = (await page.locator('.code').textContent())!.trim();
	const trainee = await joinAs(browser, server.url, code, {
		name: 'Sam',
		team: 'Blue',
		role: 'SOC analyst'
	});
	await page.getByRole('button', { name: 'Start the exercise' }).click();
	await expect(trainee.getByRole('heading', { name: 'Suspicious mail reported' })).toBeVisible();
	await expect(trainee.getByText('What do you do now, and who does it?')).toBeVisible();
	await trainee.context().close();
});

test('bot teams play a scenario to a preview debrief, the best ahead of the worst', async ({
	page
}) => {
	await signIn(page, server.url);
	await page.goto(`${server.url}/scenarios/ransomware-file-server`);
	await page.getByRole('link', { name: 'Play-test with bots' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Play-test: /);
	const total = async (name: string) => {
		const card = page.getByRole('region', { name });
		await expect(card.getByRole('table')).toBeVisible();
		return Number(/Total: (\d+)%/.exec((await card.textContent())!)![1]);
	};
	const best = await total('Best bot');
	const worst = await total('Worst bot');
	expect(best).toBeGreaterThan(worst);
	await expect(
		page.getByRole('region', { name: 'Best bot' }).locator('.badge').first()
	).not.toHaveText('No ending reached');
	// Another seed plays the random bot again; the page says which seed it used.
	await page.getByLabel('Random seed').fill('42');
	await page.getByRole('button', { name: 'Play again' }).click();
	await expect(page).toHaveURL(/seed=42/);
	await expect(page.getByText('seed 42')).toBeVisible();
});

test('an MSEL workbook (.xlsx): exported, imported back, and a bad cell named by row and column', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, server.url);
	const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
	await importMsel(page, 'drill.csv', readFileSync(FIXTURE, 'utf8'), 'Workbook drill');
	await expect(page).toHaveURL(/\/scenarios\/workbook-drill\?imported=msel$/);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download MSEL (XLSX)' }).click()
	]);
	expect(download.suggestedFilename()).toBe('workbook-drill-msel.xlsx');
	const workbook = readFileSync((await download.path())!);
	const sheet = readXlsx(workbook);
	if (!sheet.ok) throw new Error(sheet.message);
	const csv = await page.request.get(`${server.url}/scenarios/workbook-drill/export?format=msel`);
	expect(sheet.rows.map((r) => r.map((f) => f.value))).toEqual(rowsOf(await csv.text()));

	// A time that is not one: refused at its cell (row 3, column A), nothing stored.
	const bad = writeXlsx(
		'MSEL',
		['Time', 'Inject', 'Method', 'Message'],
		[
			['0:15', 'Alert', 'alert', 'The EDR fires.'],
			['soon', 'Call', 'phone', 'The CEO calls.']
		]
	);
	await importMsel(page, 'bad.xlsx', Buffer.from(bad), 'Bad workbook', XLSX);
	await expect(page.getByRole('list', { name: 'Errors' })).toContainText(
		"bad.xlsx:3:1: Time: 'soon' is not a scenario time"
	);

	// The exported workbook imports back: the same injects as the scenario it came from.
	await importMsel(page, 'drill.xlsx', workbook, 'Workbook drill again', XLSX);
	await expect(page).toHaveURL(/\/scenarios\/workbook-drill-again\?imported=msel$/);
	await expect(page.getByText('Valid', { exact: true })).toBeVisible();
	const again = await page.request.get(
		`${server.url}/scenarios/workbook-drill-again/export?format=msel`
	);
	const without = (rows: string[][]) => rows.map((r) => r.slice(1));
	expect(without(rowsOf(await again.text()))).toEqual(without(rowsOf(await csv.text())));
});
