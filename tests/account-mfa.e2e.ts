/**
 * Two-factor sign-in (TOTP) against the real build: enrol on /account in the browser (the codes
 * are computed here from the secret the page shows, as an authenticator app would), sign in with
 * password and code, see a replayed or wrong code refused, sign in with a recovery code, ask the
 * token API with and without a code, an admin's reset, and REQUIRE_MFA's guard.
 */
import { generateSync } from 'otplib';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import { adminToken, call, createAccount, PASSWORD } from './security/support';

const EMAIL = 'mia@sandtable.test';
/** The code an app shows `offsetS` seconds from now. */
const codeAt = (secret: string, offsetS = 0) =>
	generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetS });

async function signIn(page: Page, base: string, email: string, password: string) {
	await page.goto(`${base}/login`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => url.pathname !== '/login');
}

async function enterCode(page: Page, code: string) {
	await page.getByLabel('Code').fill(code);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

const sessionCookie = async (context: BrowserContext) =>
	(await context.cookies()).find((c) => c.name === 'st_session');

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test.describe('two-factor sign-in', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		server = await new AppServer().start();
		await createAccount(server, await adminToken(server), 'facilitator', EMAIL);
	});
	test.afterAll(async () => server?.dispose());

	test('enrol, sign in with a code or a recovery code, never the same code twice', async ({
		page,
		context
	}) => {
		await signIn(page, server.url, EMAIL, PASSWORD);
		await page.goto(`${server.url}/account`);
		await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
		const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
		expect(secret).toMatch(/^[A-Z2-7]{32}$/);
		await expect(page.locator('#mfa svg')).toBeVisible();
		await expectAccessible(page);

		// A wrong code leaves it off; the app's current code turns it on.
		await page.getByLabel('Code from your app').fill('000000');
		await page.getByRole('button', { name: 'Turn on' }).click();
		await expect(page.getByText('That code is not correct.')).toBeVisible();
		const enrolCode = codeAt(secret);
		await page.getByLabel('Code from your app').fill(enrolCode);
		await page.getByRole('button', { name: 'Turn on' }).click();
		await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();
		const recovery = await page
			.getByRole('list', { name: 'Recovery codes' })
			.locator('code')
			.allTextContents();
		expect(recovery).toHaveLength(10);
		await page.getByRole('button', { name: 'Sign out' }).click();

		// The password alone starts no login session.
		await signIn(page, server.url, EMAIL, PASSWORD);
		await expect(page).toHaveURL(/\/login\/code/);
		expect(await sessionCookie(context)).toBeUndefined();
		await expectAccessible(page);
		expect((await page.request.get(`${server.url}/sessions`, { maxRedirects: 0 })).status()).toBe(
			303
		);
		await enterCode(page, '000000');
		await expect(page.getByRole('alert')).toHaveText(
			'That code is not correct or was already used.'
		);
		// The code used to enrol was accepted once already: a replay is refused.
		await enterCode(page, enrolCode);
		await expect(page.getByRole('alert')).toHaveText(
			'That code is not correct or was already used.'
		);
		const next = codeAt(secret, 30);
		await enterCode(page, next);
		await expect(page).toHaveURL(`${server.url}/`);
		expect(await sessionCookie(context)).toBeDefined();
		await page.getByRole('button', { name: 'Sign out' }).click();

		// A recovery code works once.
		await signIn(page, server.url, EMAIL, PASSWORD);
		await enterCode(page, next);
		await expect(page.getByRole('alert')).toHaveText(
			'That code is not correct or was already used.'
		);
		await enterCode(page, recovery[0].toUpperCase());
		await expect(page).toHaveURL(`${server.url}/`);
		await page.goto(`${server.url}/account`);
		await expect(page.getByText('9 recovery codes left.')).toBeVisible();
		await page.getByRole('button', { name: 'Sign out' }).click();

		// The token API asks for the code too: without it, or with a used recovery code, no token.
		// (That is the fourth wrong code from here: a fifth within 15 minutes would be refused.)
		const ask = (extra: Record<string, string> = {}) =>
			call(server, 'POST', '/api/v1/auth/token', {
				json: { email: EMAIL, password: PASSWORD, name: 'ci', ...extra }
			});
		const without = await ask();
		expect(without.status).toBe(401);
		expect(without.json()).toMatchObject({
			error: expect.stringContaining('send the current 6-digit code')
		});
		expect((await ask({ code: recovery[0] })).status).toBe(401);
		const withCode = await ask({ code: recovery[1] });
		expect(withCode.status, withCode.text).toBe(201);
		expect(withCode.json()).toMatchObject({ token: expect.stringMatching(/^stu_/) });
	});

	test('the code step works without JavaScript', async ({ page, browser }) => {
		const email = 'nojs@sandtable.test';
		await createAccount(server, await adminToken(server), 'lead', email);
		await signIn(page, server.url, email, PASSWORD);
		await page.goto(`${server.url}/account`);
		await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
		const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
		await page.getByLabel('Code from your app').fill(codeAt(secret));
		await page.getByRole('button', { name: 'Turn on' }).click();
		await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();

		const plain = await browser.newContext({ javaScriptEnabled: false });
		const tab = await plain.newPage();
		await tab.goto(`${server.url}/login?next=/sessions`);
		await tab.getByLabel('Email').fill(email);
		await tab.getByLabel('Password').fill(PASSWORD);
		await tab.getByRole('button', { name: 'Sign in' }).click();
		await expect(tab).toHaveURL(/\/login\/code\?next=%2Fsessions$/);
		await enterCode(tab, codeAt(secret, 30));
		await expect(tab).toHaveURL(`${server.url}/sessions`);
		await plain.close();

		// A waiting sign-in that ran out (here: one the server never made) starts over, saying why.
		const stale = await call(server, 'GET', '/login/code', {
			headers: { cookie: `st_mfa=${'A'.repeat(43)}` }
		});
		expect(stale.status).toBe(303);
		expect(stale.headers.get('location')).toBe('/login?code=expired');
	});

	test('an admin sees who has two-factor sign-in and resets it for a lost phone', async ({
		page,
		browser
	}) => {
		await signIn(page, server.url, ADMIN.email, ADMIN.password);
		await page.goto(`${server.url}/admin/users`);
		const row = page.getByRole('row', { name: new RegExp(EMAIL) });
		await expect(row.getByText('On', { exact: true })).toBeVisible();
		await row.getByRole('button', { name: /Reset two-factor/ }).click();
		await expect(page.getByRole('status')).toContainText('Two-factor sign-in removed');
		await expect(row.getByText('Off', { exact: true })).toBeVisible();
		// Now the password alone signs in again.
		const other = await browser.newContext();
		const tab = await other.newPage();
		await signIn(tab, server.url, EMAIL, PASSWORD);
		await expect(tab).toHaveURL(`${server.url}/`);
		await other.close();
	});
});

test.describe('REQUIRE_MFA=1', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		server = await new AppServer({ env: { REQUIRE_MFA: '1' } }).start();
	});
	test.afterAll(async () => server?.dispose());

	test('staff without it are sent to enrol first, and the token API waits for it', async ({
		page
	}) => {
		const refused = await call(server, 'POST', '/api/v1/auth/token', {
			json: { email: ADMIN.email, password: ADMIN.password }
		});
		expect(refused.status).toBe(403);
		expect(refused.json()).toMatchObject({ error: expect.stringContaining('set it up') });

		await signIn(page, server.url, ADMIN.email, ADMIN.password);
		await expect(page).toHaveURL(`${server.url}/account?mfa=required#mfa`);
		await page.goto(`${server.url}/admin/users`);
		await expect(page).toHaveURL(/\/account\?mfa=required/);
		await expect(page.getByRole('alert')).toContainText('requires two-factor sign-in');
		await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
		const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
		await page.getByLabel('Code from your app').fill(codeAt(secret));
		await page.getByRole('button', { name: 'Turn on' }).click();
		await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();
		await page.goto(`${server.url}/admin/users`);
		await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
	});
});
