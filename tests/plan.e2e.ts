/**
 * The IR plan against the real build: reading it, editing a section with a reason, the new
 * revision in the history and its diff, an invalid upload refused with line numbers (with and
 * without JavaScript), a trainee reading the plan during an exercise, and a lead accepting an
 * improvement item from that exercise into the plan. The session is driven through the JSON API
 * so that this journey does not depend on the facilitator console's markup.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';

let server: AppServer;

test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

async function signIn(page: Page) {
	await page.goto(`${server.url}/login`);
	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** The admin's API token, for driving a session. */
async function apiToken(): Promise<string> {
	const res = await fetch(`${server.url}/api/v1/auth/token`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { token: string }).token;
}

async function api<T>(token: string, path: string, body: object = {}): Promise<T> {
	const res = await fetch(`${server.url}/api/v1/${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	const data = await res.json();
	expect(res.ok, `${path}: ${JSON.stringify(data)}`).toBe(true);
	return data as T;
}

test.describe('with JavaScript', () => {
	test('read the plan, edit a section with a reason, see the revision and its diff', async ({
		page
	}) => {
		await signIn(page);
		await page.goto(`${server.url}/plan`);
		await expect(
			page.getByRole('heading', { level: 1, name: 'Northwind Logistics incident response plan' })
		).toBeVisible();
		// Every section shows its id, and the table of contents links to it by that id.
		const escalation = page.locator('section#escalation');
		await expect(escalation.locator('code.section-id')).toHaveText('escalation');
		await expect(
			page
				.getByRole('navigation', { name: 'Plan contents' })
				.getByRole('link', { name: 'Escalation' })
		).toHaveAttribute('href', '#escalation');
		await expect(page.getByText('Sample plan shipped with Sandtable')).toBeVisible();
		await expectAccessible(page);

		await page.getByRole('link', { name: 'Edit section Escalation' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit “Escalation”');
		const body = page.getByLabel(/Text of “Escalation”/);
		await expect(body).toHaveValue(/Containment authority/);
		const added = 'Month-end close: the IC agrees server isolation with the CFO within 15 minutes.';
		await body.fill(`${await body.inputValue()}\n\n${added}`);
		await page.getByLabel('Why does it change?').fill('Drill showed no month-end rule');
		await page.getByRole('button', { name: 'Save as a new revision' }).click();

		// Saving lands on the revision's diff: the new line is marked added, by sign and by word.
		await expect(page).toHaveURL(/\/plan\/diff\?from=1&to=2/);
		await expect(page.getByRole('status')).toContainText('Saved as revision 2');
		const row = page.locator('tr.added', { hasText: added });
		await expect(row).toHaveCount(1);
		await expect(row.locator('.sign')).toContainText('+');
		await expect(row.locator('.sign')).toContainText('added');
		await expect(page.getByText('Changed:')).toContainText('escalation');
		await expectAccessible(page);

		await page.goto(`${server.url}/plan/history`);
		const rev2 = page.locator('tbody tr', { hasText: 'Drill showed no month-end rule' });
		await expect(rev2.locator('td').first()).toHaveText('2');
		await expect(rev2).toContainText(ADMIN.name);
		await expect(rev2).toContainText('Section edit');

		// Any two revisions, picked with the two selects.
		await page.goto(`${server.url}/plan/diff`);
		await page.getByLabel('From revision', { exact: true }).selectOption('2');
		await page.getByLabel('To revision', { exact: true }).selectOption('1');
		await page.getByRole('button', { name: 'Compare' }).click();
		await expect(page).toHaveURL(/from=2&to=1/);
		await expect(page.locator('tr.removed', { hasText: added })).toHaveCount(1);
	});

	test('an invalid upload is refused with its line numbers and nothing is stored', async ({
		page
	}) => {
		await signIn(page);
		await page.goto(`${server.url}/plan/history`);
		const before = await page.locator('tbody tr').count();
		await page.goto(`${server.url}/plan/upload`);
		await page.getByLabel('Markdown file').setInputFiles({
			name: 'plan.md',
			mimeType: 'text/markdown',
			buffer: Buffer.from(
				'# Plan\n\n## Roles {#roles}\n\nText.\n\n## Again {#roles}\n\n## Bad {#Bad_Id}\n'
			)
		});
		await page.getByLabel('Why is the plan replaced?').fill('New plan from the board');
		await page.getByRole('button', { name: 'Check and store' }).click();
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('plan.md was not stored');
		await expect(alert).toContainText("line 7: section id 'roles' is used twice (first on line 3)");
		await expect(alert).toContainText("line 9: section id 'Bad_Id' must be lowercase");
		await page.goto(`${server.url}/plan/history`);
		await expect(page.locator('tbody tr')).toHaveCount(before);
	});

	test('a trainee reads the plan; a lead accepts an item from that exercise into the plan', async ({
		page,
		browser
	}) => {
		const token = await apiToken();
		const session = await api<{ id: string; joinCode: string }>(token, 'sessions', {
			scenarioId: 'ransomware-file-server',
			teams: ['Red'],
			release: 'manual',
			title: 'Plan journey drill'
		});

		// The trainee joins with the code and opens the plan from the exercise.
		const trainee = await browser.newContext({ viewport: { width: 375, height: 800 } });
		const phone = await trainee.newPage();
		await phone.goto(`${server.url}/join`);
		await phone.getByLabel('Join code').fill(session.joinCode.toLowerCase());
		await phone.getByRole('button', { name: 'Continue' }).click();
		await phone.getByLabel('Your name').fill('Ana');
		await phone.getByRole('radio', { name: 'Incident commander' }).check();
		await phone.getByRole('button', { name: 'Join' }).click();
		await expect(phone).toHaveURL(`${server.url}/play/${session.id}`);
		await phone.getByRole('link', { name: 'IR plan', exact: true }).click();
		await expect(phone).toHaveURL(`${server.url}/play/${session.id}/plan`);
		await expect(
			phone.getByRole('heading', { level: 1, name: 'Northwind Logistics incident response plan' })
		).toBeVisible();
		await expect(phone.locator('section#playbook-ransomware\\.containment')).toContainText(
			'suspend the VM and disconnect its vNIC'
		);
		// Read-only: no edit links, no section ids for authors, and it fits a phone.
		await expect(phone.getByRole('link', { name: /^Edit section/ })).toHaveCount(0);
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			375
		);
		await expectAccessible(phone);
		await trainee.close();

		// Someone without the session's token gets nothing.
		const stranger = await fetch(`${server.url}/play/${session.id}/plan`);
		expect(stranger.status).toBe(401);

		// The exercise runs and ends: its debrief proposes improvement items.
		await api(token, `sessions/${session.id}/start`);
		await api(token, `sessions/${session.id}/release`, {});
		await api(token, `sessions/${session.id}/end`);

		await signIn(page);
		await expect(async () => {
			await page.goto(
				`${server.url}/improvements?session=${session.id}&section=roles-and-contacts`
			);
			await expect(page.locator('tbody tr')).toHaveCount(1, { timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		await expectAccessible(page);
		await page.locator('tbody tr a').first().click();
		await expect(page.getByText('Pending review').first()).toBeVisible();
		await page.getByRole('link', { name: 'Accept and edit the plan section' }).click();

		const body = page.getByLabel(/Text of “Roles and contacts”/);
		await expect(body).toHaveValue(/The \*\*incident commander \(IC\)\*\*/);
		const added = 'The IC confirms the retainer and insurer contacts at every readiness check.';
		await body.fill(`${await body.inputValue()}\n\n${added}`);
		await expect(page.getByLabel('Why does it change?')).toHaveValue(/Plan journey drill/);
		await page.getByRole('button', { name: 'Accept and save the plan' }).click();

		await expect(page.getByRole('status')).toContainText('Accepted');
		const revLink = page.getByRole('status').getByRole('link', { name: /revision \d+/ });
		const rev = (await revLink.textContent())!.match(/\d+/)![0];
		await expect(page.getByText(`accepted (plan revision ${rev})`)).toBeVisible();

		// The new revision records the exercise and the item that caused it.
		await page.goto(`${server.url}/plan/history`);
		const row = page.locator('tbody tr', { hasText: 'Plan journey drill' }).first();
		await expect(row.locator('td').first()).toHaveText(rev);
		await expect(row).toContainText('Improvement item');
		await expect(row.getByRole('link', { name: 'Plan journey drill' })).toHaveAttribute(
			'href',
			`/sessions/${session.id}/debrief`
		);
		await row.getByRole('link', { name: `Changes in revision ${rev}` }).click();
		await expect(page.locator('tr.added', { hasText: added })).toHaveCount(1);
		await expect(page.getByRole('region', { name: 'Line differences' })).toBeVisible();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a section edit and a refused upload work as plain forms', async ({ page }) => {
		await signIn(page);
		await page.goto(`${server.url}/plan/sections/recovery.backups/edit`);
		const body = page.getByLabel(/Text of “Backups”/);
		const added = 'Restore tests are also run after every Veeam upgrade.';
		await body.fill(`${await body.inputValue()}\n\n${added}`);
		await page.getByLabel('Why does it change?').fill('Upgrade broke a restore in March');
		await page.getByRole('button', { name: 'Save as a new revision' }).click();
		await expect(page.getByRole('status')).toContainText(/Saved as revision \d+/);
		await expect(page.locator('tr.added', { hasText: added })).toHaveCount(1);

		await page.goto(`${server.url}/plan/upload`);
		await page.getByLabel('…or paste the plan').fill('# Just a title\n\nNo sections here.\n');
		await page.getByLabel('Why is the plan replaced?').fill('Paste test');
		await page.getByRole('button', { name: 'Check and store' }).click();
		await expect(page.getByRole('alert')).toContainText('line 1: no section has an id');
	});
});
