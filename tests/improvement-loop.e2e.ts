/**
 * The loop from an exercise back into the IR plan, as a security lead lives it: an exercise goes
 * badly in preparation, its debrief proposes an improvement item on the plan section it names,
 * the lead accepts it with an edit of that section (a new plan revision with its provenance and
 * diff), marks it done, and the next exercise on the same scenario shows the retest: did the
 * same team do better in that phase?
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';

const LEAD = {
	email: 'lou.lead@sandtable.test',
	name: 'Lou Lead',
	password: 'lead password 67890'
};
const SCENARIO = 'ransomware-file-server';
const SECTION = 'roles-and-contacts';

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => {
	await server?.dispose();
});

async function post<T>(path: string, body: object, token?: string): Promise<T> {
	const res = await fetch(`${server.url}/api/v1/${path}`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(token ? { authorization: `Bearer ${token}` } : {})
		},
		body: JSON.stringify(body)
	});
	const data = await res.json();
	expect(res.ok, `${path}: ${JSON.stringify(data)}`).toBe(true);
	return data as T;
}

/**
 * Plays one exercise: each team's commander answers the readiness question, then it ends.
 * Team Red by default.
 */
async function exercise(
	token: string,
	title: string,
	readiness: string[],
	teams = ['Red']
): Promise<string> {
	const session = await post<{ id: string; joinCode: string }>(
		'sessions',
		{ scenarioId: SCENARIO, teams, release: 'manual', title },
		token
	);
	const commanders: string[] = [];
	for (const team of teams) {
		const ic = await post<{ token: string }>('join', {
			code: session.joinCode,
			name: `Ina of ${team}`,
			team,
			role: 'incident-commander'
		});
		commanders.push(ic.token);
	}
	await post(`sessions/${session.id}/start`, {}, token);
	await post(`sessions/${session.id}/release`, { injectId: 'month-end-briefing' }, token);
	for (const [i, ic] of commanders.entries()) {
		await post(
			`sessions/${session.id}/responses`,
			{
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				value: { kind: 'multiple', optionIds: readiness },
				idempotencyKey: `${title}-${i}`
			},
			ic
		);
	}
	await post(`sessions/${session.id}/end`, {}, token);
	return session.id;
}

async function signIn(page: Page, who: { email: string; password: string }) {
	await page.goto(`${server.url}/login`);
	await page.getByLabel('Email').fill(who.email);
	await page.getByLabel('Password').fill(who.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

async function addLead(browser: Browser) {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, ADMIN);
	await page.goto(`${server.url}/admin/users`);
	await page.locator('#new-email').fill(LEAD.email);
	await page.locator('#new-name').fill(LEAD.name);
	await page.locator('#new-role').selectOption('lead');
	await page.locator('#new-password').fill(LEAD.password);
	await page.getByRole('button', { name: 'Add user' }).click();
	await expect(page.getByText(`Added ${LEAD.name}`)).toBeVisible();
	await page.context().close();
}

test('an improvement accepted into the plan is retested by the next exercise', async ({
	browser,
	page
}) => {
	test.setTimeout(240_000);
	const { token } = await post<{ token: string }>('auth/token', {
		email: ADMIN.email,
		password: ADMIN.password
	});

	// A first exercise goes badly in preparation: only the all-staff mail, a harmful choice.
	const first = await exercise(token, 'April drill', ['all-staff-mail']);
	await addLead(browser);
	await signIn(page, LEAD);

	// Its debrief shows the weak phase and proposes items on the plan sections the scenario names.
	await page.goto(`${server.url}/sessions/${first}/debrief`);
	const scores = page.getByRole('table').filter({ hasText: 'Room' }).first();
	await expect(scores.getByRole('row', { name: /Preparation/ })).toContainText('0%');
	await expect(async () => {
		await page.goto(`${server.url}/improvements?session=${first}&section=${SECTION}`);
		await expect(page.locator('tbody tr')).toHaveCount(1, { timeout: 1000 });
	}).toPass({ timeout: 20_000 });

	// The lead accepts the item with an edit of the section it names.
	await page.locator('tbody tr a').first().click();
	await expect(page).toHaveURL(/\/improvements\/i[0-9a-f]+$/);
	const itemUrl = page.url();
	await page.getByRole('link', { name: 'Accept and edit the plan section' }).click();
	const body = page.getByLabel(/Text of “Roles and contacts”/);
	const added =
		'At every readiness check the IC opens the out-of-band bridge before anything else.';
	await body.fill(`${await body.inputValue()}\n\n${added}`);
	await page.getByRole('button', { name: 'Accept and save the plan' }).click();
	await expect(page.getByRole('status')).toContainText('Accepted');
	const rev = (await page
		.getByRole('status')
		.getByRole('link', { name: /revision \d+/ })
		.textContent())!.match(/\d+/)![0];

	// The new revision names the exercise and the item that caused it, and shows its diff.
	await page.goto(`${server.url}/plan/history`);
	const row = page.locator('tbody tr', { hasText: 'April drill' }).first();
	await expect(row.locator('td').first()).toHaveText(rev);
	await expect(row).toContainText('Improvement item');
	await row.getByRole('link', { name: `Changes in revision ${rev}` }).click();
	await expect(page.locator('tr.added', { hasText: added })).toHaveCount(1);

	// The fix is done; the next exercise on the same scenario retests it.
	await page.goto(itemUrl);
	await page.getByLabel('Status').selectOption('done');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByText('status: open -> done')).toBeVisible();
	const second = await exercise(token, 'May drill', [
		'oob-bridge',
		'backup-status',
		'edr-coverage',
		'retainer'
	]);
	await page.goto(`${server.url}/sessions/${second}/debrief`);
	const retests = page.locator('section', {
		has: page.getByRole('heading', { name: /Retests of earlier improvements/ })
	});
	await expect(retests).toBeVisible();
	await expect(retests.locator('tbody tr').first()).toContainText(SECTION);
	await expect(retests.locator('tbody tr').first()).toContainText('in April drill');
	await expect(retests.locator('tbody tr').first()).toContainText('▲ improved');
});

test('findings of several teams on one plan section are one item, and a lead reviews several at once', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const { token } = await post<{ token: string }>('auth/token', {
		email: ADMIN.email,
		password: ADMIN.password
	});
	// Both teams go badly in preparation: before merging, one item per team and plan section.
	const session = await exercise(token, 'Two-team drill', ['all-staff-mail'], ['Red', 'Blue']);
	await addLead(browser).catch(() => {}); // the lead may exist from the test above
	// Without JavaScript: checkboxes and one action are a plain form post.
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, LEAD);
	const list = `${server.url}/improvements?session=${session}`;
	await expect(async () => {
		await page.goto(list);
		await expect(page.locator('tbody tr').first()).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 20_000 });
	// One item per plan section (grouped by section), each naming both teams.
	const rows = page.locator('tbody tr');
	await expect(rows).toHaveCount(2);
	await expect(page.getByRole('heading', { level: 2, name: /roles-and-contacts/ })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: /post-incident-review/ })).toBeVisible();
	for (const row of await rows.all()) {
		await expect(row).toContainText('2 findings on plan section');
		await expect(row).toContainText('Red: low');
		await expect(row).toContainText('Blue: low');
	}

	// Deferring needs a note: refused, and nothing changes.
	const boxes = page.getByRole('checkbox', { name: /^Select:/ });
	await expect(boxes).toHaveCount(2);
	await boxes.nth(0).check();
	await boxes.nth(1).check();
	await page.getByRole('button', { name: 'Defer ticked' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'Say why, in a short note. Nothing was changed.'
	);
	await page.goto(list);
	await expect(rows.filter({ hasText: 'Pending review' })).toHaveCount(2);

	// An id that is not an item: a clear error, and nothing changes for the real one.
	const ids = await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
	const bad = await page.request.post(`${server.url}/improvements?/review`, {
		form: { decision: 'rejected', note: 'x', ids: ids[0] },
		headers: { origin: server.url, accept: 'text/html' }
	});
	expect(bad.status()).toBe(200);
	const badIds = await page.request.fetch(`${server.url}/improvements?/review`, {
		method: 'POST',
		data: `decision=rejected&note=x&ids=${ids[0]}&ids=i000000000000`,
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		}
	});
	expect(badIds.status()).toBe(404);
	expect(await badIds.text()).toContain(
		'No improvement item “i000000000000”. Nothing was changed.'
	);
	await page.goto(list);
	// The first post rejected one; the second (with the bad id) changed nothing more.
	await expect(rows.filter({ hasText: 'Rejected' })).toHaveCount(1);
	await expect(rows.filter({ hasText: 'Pending review' })).toHaveCount(1);

	// The other one: deferred with a note, in one post.
	await rows.filter({ hasText: 'Pending review' }).getByRole('checkbox').check();
	await page
		.getByLabel('Note (needed to defer or reject)')
		.fill('Next quarter, with the new bridge.');
	await page.getByRole('button', { name: 'Defer ticked' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Deferred' })).toHaveText(
		'Deferred 1 item.'
	);

	// A facilitator cannot review, not even by posting the form.
	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await signIn(adminPage, ADMIN);
	await adminPage.goto(`${server.url}/admin/users`);
	await adminPage.locator('#new-email').fill('fay.facilitator@sandtable.test');
	await adminPage.locator('#new-name').fill('Fay Facilitator');
	await adminPage.locator('#new-role').selectOption('facilitator');
	await adminPage.locator('#new-password').fill('facilitator password 1');
	await adminPage.getByRole('button', { name: 'Add user' }).click();
	await expect(adminPage.getByText('Added Fay Facilitator')).toBeVisible();
	await admin.close();
	const fay = await (await browser.newContext()).newPage();
	await signIn(fay, {
		email: 'fay.facilitator@sandtable.test',
		password: 'facilitator password 1'
	});
	const refused = await fay.request.post(`${server.url}/improvements?/review`, {
		form: { decision: 'accepted', ids: ids[0] },
		headers: { origin: server.url, accept: 'text/html' }
	});
	expect(refused.status()).toBe(403);
	await fay.context().close();
	await context.close();
});
