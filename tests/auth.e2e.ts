/**
 * Accounts journeys against the real build: first-run set-up, sign-in and out (also without
 * JavaScript), API tokens, user administration, disabled accounts and the sign-in rate limit.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';

const PASSWORD = 'a long enough password';

async function signIn(page: Page, base: string, email: string, password: string, next = '') {
	await page.goto(`${base}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test.describe('first run', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		// Started as `npm ci && npm start` starts it: no ORIGIN, plain http. Its form posts must
		// pass SvelteKit's cross-site check (adapter-node alone would take the origin for https).
		server = await new AppServer({ noAdmin: true, origin: null }).start();
	});
	test.afterAll(async () => server.dispose());

	test('every page leads to set-up until the first admin exists, then set-up is gone', async ({
		page
	}) => {
		// A load balancer's health check sees a fresh install as up.
		expect((await page.request.get(`${server.url}/healthz`)).status()).toBe(200);
		await page.goto(`${server.url}/login`);
		await expect(page).toHaveURL(`${server.url}/setup`);
		await expect(page.getByRole('heading', { name: 'Set up Sandtable' })).toBeVisible();
		await expectAccessible(page);

		await page.getByLabel('Email').fill('first@sandtable.test');
		await page.getByLabel('Name').fill('First Admin');
		await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await page.getByLabel('Password again').fill('something else entirely');
		await page.getByRole('button', { name: 'Create administrator' }).click();
		await expect(page.getByText('The two passwords do not match.')).toBeVisible();
		// The email and name survive the round trip; the passwords do not.
		await expect(page.getByLabel('Email')).toHaveValue('first@sandtable.test');

		await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await page.getByLabel('Password again').fill(PASSWORD);
		await page.getByRole('button', { name: 'Create administrator' }).click();
		// Set-up lands on the next steps (tests/first-run-and-looks.e2e.ts follows its links).
		await expect(page).toHaveURL(`${server.url}/welcome`);
		await page.goto(`${server.url}/admin/users`);
		await expect(page.getByRole('cell', { name: 'first@sandtable.test' })).toBeVisible();

		const again = await page.request.get(`${server.url}/setup`);
		expect(again.status()).toBe(404);
	});
});

test.describe('signed-in journeys', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		server = await new AppServer().start();
	});
	test.afterAll(async () => server.dispose());

	test('sign in returns to the page asked for, refuses other sites, and signs out', async ({
		page
	}) => {
		await page.goto(`${server.url}/admin/users`);
		await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
		await expectAccessible(page);
		await page.getByLabel('Email').fill(ADMIN.email);
		await page.getByLabel('Password').fill('not the password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toHaveText('Email or password is not correct.');
		await page.getByLabel('Password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${server.url}/admin/users`);
		await expectAccessible(page);

		const cookie = (await page.context().cookies()).find((c) => c.name === 'st_session');
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(`${server.url}/login`);
		// The old cookie is dead on the server too, not just removed from this browser.
		const replay = await page.request.get(`${server.url}/account`, {
			headers: { cookie: `st_session=${cookie!.value}` },
			maxRedirects: 0
		});
		expect(replay.status()).toBe(303);

		await signIn(page, server.url, ADMIN.email, ADMIN.password, '//evil.example/');
		await expect(page).toHaveURL(`${server.url}/`);
	});

	test('API tokens: shown once, usable as Bearer, revocable', async ({ page }) => {
		await signIn(page, server.url, ADMIN.email, ADMIN.password, '/account');
		await expect(page).toHaveURL(`${server.url}/account`);
		await page.getByLabel('Token name').fill('CI export');
		await page.getByRole('button', { name: 'Create token' }).click();
		const token = (await page.locator('code.secret').textContent())!.trim();
		expect(token).toMatch(/^stu_[A-Za-z0-9_-]{43}$/);
		await expect(page.getByRole('cell', { name: 'CI export', exact: true })).toBeVisible();
		await expectAccessible(page);

		const asToken = { headers: { authorization: `Bearer ${token}` }, maxRedirects: 0 };
		expect((await page.request.get(`${server.url}/admin/users`, asToken)).status()).toBe(200);

		await page.reload();
		await expect(page.locator('code.secret')).toHaveCount(0);
		await expect(page.getByText(token)).toHaveCount(0);

		await page.getByRole('button', { name: 'Revoke token CI export' }).click();
		await expect(page.getByText('The token was revoked.')).toBeVisible();
		expect((await page.request.get(`${server.url}/admin/users`, asToken)).status()).toBe(303);
	});

	test('POST /api/v1/auth/token issues tokens and answers errors as JSON', async ({ request }) => {
		const url = `${server.url}/api/v1/auth/token`;
		const ok = await request.post(url, { data: { email: ADMIN.email, password: ADMIN.password } });
		expect(ok.status()).toBe(201);
		expect((await ok.json()).token).toMatch(/^stu_/);

		const wrong = await request.post(url, { data: { email: ADMIN.email, password: 'nope' } });
		const unknown = await request.post(url, { data: { email: 'who@x.test', password: 'nope' } });
		expect([wrong.status(), unknown.status()]).toEqual([401, 401]);
		expect(await wrong.json()).toEqual(await unknown.json());

		const malformed = await request.post(url, {
			headers: { 'content-type': 'application/json' },
			data: Buffer.from('{"email":')
		});
		expect(malformed.status()).toBe(400);
		expect(await malformed.json()).toEqual({ error: 'The request body is not valid JSON.' });
	});

	test('admins add, demote and disable users; a disabled user loses access at once', async ({
		page,
		browser
	}) => {
		await signIn(page, server.url, ADMIN.email, ADMIN.password, '/admin/users');
		await expect(page).toHaveURL(`${server.url}/admin/users`);
		await page.getByLabel('Email').fill('fran@sandtable.test');
		await page.getByLabel('Name').fill('Fran Facilitator');
		await page.getByLabel('Role', { exact: true }).selectOption('facilitator');
		await page.getByLabel('First password').fill(PASSWORD);
		await page.getByRole('button', { name: 'Add user' }).click();
		await expect(page.getByText('Added Fran Facilitator')).toBeVisible();
		const row = page.getByRole('row').filter({ hasText: 'fran@sandtable.test' });
		await expect(row.getByText('Active')).toBeVisible();

		// No way to disable or demote oneself from the page.
		const me = page.getByRole('row').filter({ hasText: ADMIN.email });
		await expect(me.getByRole('button')).toHaveCount(0);

		const fran = await browser.newContext();
		const franPage = await fran.newPage();
		await signIn(franPage, server.url, 'fran@sandtable.test', PASSWORD, '/account');
		await expect(franPage).toHaveURL(`${server.url}/account`);
		const forbidden = await franPage.goto(`${server.url}/admin/users`);
		expect(forbidden?.status()).toBe(403);

		await row.getByRole('button', { name: 'Disable Fran Facilitator' }).click();
		await expect(
			page.getByText('Fran Facilitator: Account disabled and signed out.')
		).toBeVisible();
		await expect(row.getByText('Disabled')).toBeVisible();

		await franPage.goto(`${server.url}/account`);
		await expect(franPage).toHaveURL(/\/login\?next=%2Faccount$/);
		await signIn(franPage, server.url, 'fran@sandtable.test', PASSWORD);
		await expect(franPage.getByRole('alert')).toHaveText('Email or password is not correct.');
		await fran.close();

		await row.getByLabel('Role of Fran Facilitator').selectOption('lead');
		await row.getByRole('button', { name: 'Save role of Fran Facilitator' }).click();
		await expect(page.getByText('Fran Facilitator: Role changed to lead.')).toBeVisible();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	let server: AppServer;
	test.beforeAll(async () => {
		server = await new AppServer().start();
	});
	test.afterAll(async () => server.dispose());

	test('sign in, create a token and sign out with plain forms', async ({ page }) => {
		await signIn(page, server.url, ADMIN.email, ADMIN.password, '/account');
		await expect(page).toHaveURL(`${server.url}/account`);
		await page.getByLabel('Token name').fill('no-js');
		await page.getByRole('button', { name: 'Create token' }).click();
		await expect(page.locator('code.secret')).toHaveText(/^stu_/);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(`${server.url}/login`);
	});
});

test.describe('sign-in rate limit', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		server = await new AppServer().start();
	});
	test.afterAll(async () => server.dispose());

	test('the 6th failed attempt at one account from one address is refused with a clear message', async ({
		page
	}) => {
		for (let i = 0; i < 5; i++) {
			await signIn(page, server.url, ADMIN.email, `wrong password ${i}`);
			await expect(page.getByRole('alert')).toHaveText('Email or password is not correct.');
		}
		await signIn(page, server.url, ADMIN.email, ADMIN.password);
		await expect(page.getByRole('alert')).toHaveText(
			/Too many attempts\. Please wait 1[45] minutes/
		);
		await expect(page).toHaveURL(/\/login/);

		const api = await page.request.post(`${server.url}/api/v1/auth/token`, {
			data: { email: ADMIN.email, password: ADMIN.password }
		});
		expect(api.status()).toBe(429);
		expect(Number(api.headers()['retry-after'])).toBeGreaterThan(800);
	});
});
