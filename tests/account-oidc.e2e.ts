/**
 * Staff sign-in with OpenID Connect against the real build and a real OpenID provider
 * (`oidc-provider`, started here on loopback): the provider's own sign-in and consent pages are
 * filled in with Chromium. A lead and a facilitator get their role from the `groups` claim, the
 * second sign-in finds the same account, a role changed at the provider follows at the next
 * sign-in, a person in no mapped group is refused, a tampered or replayed callback is refused,
 * every attempt is in the audit log, and PASSWORD_SIGN_IN=off hides and refuses passwords.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, AppServer, freePort } from './support/server';
import {
	PEOPLE,
	providerEnv,
	startTestProvider,
	type TestPerson,
	type TestProvider
} from './support/oidc-provider';
import { call } from './security/support';

const CALLBACK = /\/login\/oidc\/test\/callback/;

/** Signs in through the provider's pages; resolves on the first Sandtable page after it. */
async function ssoSignIn(
	page: Page,
	app: AppServer,
	idp: TestProvider,
	person: TestPerson,
	fromStart = true
) {
	if (fromStart) await page.goto(`${app.url}/login`);
	await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
	await page.waitForURL((url) => url.href.startsWith(idp.issuer));
	await page.locator('input[name="login"]').fill(person.login);
	await page.locator('input[name="password"]').fill('any password: the dev provider takes it');
	await page.getByRole('button', { name: 'Sign-in' }).click();
	// The provider asks for consent on the first sign-in of a browser.
	await page.waitForURL(
		(url) => url.href.startsWith(app.url) || url.pathname.includes('/interaction/')
	);
	if (!page.url().startsWith(app.url)) await page.getByRole('button', { name: 'Continue' }).click();
	// Signed in, the callback redirects on; refused, it shows why.
	await page.waitForURL((url) => url.href.startsWith(app.url));
}

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** A fresh browser (no cookies at Sandtable or the provider), with the provider's web font blocked. */
async function freshPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
	return context.newPage();
}

async function adminPage(browser: Browser, app: AppServer): Promise<Page> {
	const page = await freshPage(browser);
	await page.goto(`${app.url}/login`);
	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await page.waitForURL((url) => url.pathname !== '/login');
	return page;
}

test.describe('sign-in with OpenID Connect', () => {
	let app: AppServer;
	let idp: TestProvider;
	test.beforeAll(async () => {
		const port = await freePort();
		idp = await startTestProvider(`http://127.0.0.1:${port}`);
		app = new AppServer({ env: providerEnv(idp) });
		app.port = port;
		await app.start();
	});
	test.afterAll(async () => {
		await app?.dispose();
		await idp?.close();
	});

	test('a lead and a facilitator get their roles from the groups claim, once each', async ({
		browser
	}) => {
		// Sent to sign in from the dashboard, the lead comes back to it.
		const lead = await freshPage(browser);
		await lead.goto(`${app.url}/dashboard`);
		await expect(lead).toHaveURL(/\/login\?next=%2Fdashboard/);
		await expectAccessible(lead);
		await ssoSignIn(lead, app, idp, PEOPLE.lead, false);
		await expect(lead).toHaveURL(`${app.url}/dashboard`);
		await expect(lead.getByRole('link', { name: 'Lena Lead' })).toBeVisible();
		// Leads see the compliance page; the dashboard loads for them.
		await expect(
			lead.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance' })
		).toBeVisible();
		expect((await lead.goto(`${app.url}/dashboard`))?.status()).toBe(200);
		expect((await lead.goto(`${app.url}/admin/users`))?.status()).toBe(403);
		// No local second factor, no password: the account page works straight away.
		await lead.goto(`${app.url}/account`);
		await expect(lead.getByText('lena@corp.test')).toBeVisible();
		await expect(lead.getByText('You sign in through your organisation’s sign-in')).toBeVisible();
		await expect(lead.getByLabel('Current password')).toHaveCount(0);

		const fac = await freshPage(browser);
		await ssoSignIn(fac, app, idp, PEOPLE.facilitator);
		await expect(fac.getByRole('link', { name: 'Finn Facilitator' })).toBeVisible();
		await expect(
			fac.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Compliance' })
		).toHaveCount(0);
		expect((await fac.goto(`${app.url}/compliance`))?.status()).toBe(403);

		// Signed out and in again (a new browser): the same account, with the role the provider says now.
		idp.setGroups(PEOPLE.facilitator.login, ['ir-leads']);
		const again = await freshPage(browser);
		await ssoSignIn(again, app, idp, PEOPLE.facilitator);
		expect((await again.goto(`${app.url}/compliance`))?.status()).toBe(200);

		const admin = await adminPage(browser, app);
		await admin.goto(`${app.url}/admin/users`);
		await expect(admin.getByText('finn@corp.test')).toHaveCount(1);
		await expect(admin.getByText('lena@corp.test')).toHaveCount(1);
		const finnRole = admin.getByLabel('Role of Finn Facilitator');
		await expect(finnRole).toHaveValue('lead');
		// The admin sees how staff sign in (never the client secret).
		const how = admin.getByRole('region', { name: 'How staff sign in' });
		await expect(how).toContainText('Password sign-in is on');
		await expect(how).toContainText(idp.issuer);
		await expect(how).toContainText('ir-leads → lead');
		await expect(how).toContainText(`${app.url}/login/oidc/test/callback`);
		await expect(how).not.toContainText(idp.clientSecret);
		await expectAccessible(admin);
		await expect(admin.getByRole('row').filter({ hasText: 'finn@corp.test' })).toContainText('SSO');

		// The SSO account has no password: the password form does not know it.
		const res = await call(app, 'POST', '/login', {
			form: { email: 'finn@corp.test', password: 'any password at all here' }
		});
		expect(res.status).toBe(400);
	});

	test('a person in no mapped group is refused, with nothing stored', async ({ browser }) => {
		const page = await freshPage(browser);
		await ssoSignIn(page, app, idp, PEOPLE.outsider);
		await expect(page.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
		await expect(page.getByRole('alert')).toContainText('in no group that has a Sandtable role');
		await expectAccessible(page);
		expect((await page.context().cookies()).some((c) => c.name === 'st_session')).toBe(false);
		const admin = await adminPage(browser, app);
		await admin.goto(`${app.url}/admin/users`);
		await expect(admin.getByText('otto@corp.test')).toHaveCount(0);
	});

	test('a disabled account is refused at its next SSO sign-in', async ({ browser }) => {
		const person = { ...PEOPLE.facilitator, login: 'dora', email: 'dora@corp.test', name: 'Dora' };
		idp.addPerson(person);
		await ssoSignIn(await freshPage(browser), app, idp, person);
		const admin = await adminPage(browser, app);
		await admin.goto(`${app.url}/admin/users`);
		await admin.getByRole('button', { name: 'Disable Dora' }).click();
		await expect(admin.getByRole('row').filter({ hasText: 'dora@corp.test' })).toContainText(
			'Disabled'
		);
		const page = await freshPage(browser);
		await ssoSignIn(page, app, idp, person);
		await expect(page.getByRole('alert')).toContainText('This account is disabled');
		expect((await page.context().cookies()).some((c) => c.name === 'st_session')).toBe(false);
	});

	test('a tampered state and a replayed callback are refused', async ({ browser }) => {
		// Tampered: the browser started a sign-in, but the answer carries another state.
		const page = await freshPage(browser);
		await page.goto(`${app.url}/login`);
		const authorize = page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth?`));
		await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
		const sent = new URL((await authorize).url()).searchParams;
		expect(sent.get('code_challenge_method')).toBe('S256');
		const state = sent.get('state');
		expect(state).toBeTruthy();
		const forged = await page.goto(
			`${app.url}/login/oidc/test/callback?code=forged&state=${state}x`
		);
		expect(forged?.status()).toBe(403);
		await expect(page.getByRole('alert')).toContainText('could not be checked');

		// Replayed: a real callback URL used a second time, after its sign-in worked.
		const other = await freshPage(browser);
		let callback = '';
		other.on('request', (r) => {
			if (CALLBACK.test(r.url())) callback = r.url();
		});
		await ssoSignIn(other, app, idp, PEOPLE.lead);
		expect(callback).toContain('code=');
		await other.getByRole('button', { name: 'Sign out' }).click();
		await other.waitForURL((url) => !url.pathname.startsWith('/logout'));
		const replay = await other.goto(callback);
		expect(replay?.status()).toBe(400);
		await expect(other.getByRole('alert')).toContainText('expired or was already used');
		expect((await other.context().cookies()).some((c) => c.name === 'st_session')).toBe(false);
		// A callback with no sign-in started in this browser at all.
		const cold = await freshPage(browser);
		expect((await cold.goto(callback))?.status()).toBe(400);
	});

	test('every SSO sign-in and refusal is in the audit log', async ({ browser }) => {
		const admin = await adminPage(browser, app);
		await admin.goto(`${app.url}/admin/audit`);
		const rows = admin
			.getByRole('row')
			.filter({ hasText: 'GET /(account)/login/oidc/[provider]/callback' });
		await expect(
			rows.filter({ hasText: 'lena@corp.test (lead)' }).filter({ hasText: 'ok 303' }).first()
		).toBeVisible();
		await expect(
			rows.filter({ hasText: 'otto@corp.test' }).filter({ hasText: 'refused 403' })
		).toHaveCount(1);
		await expect(rows.filter({ hasText: 'refused 400' }).first()).toBeVisible();
	});
});

test.describe('password sign-in turned off', () => {
	let app: AppServer;
	let idp: TestProvider;
	test.beforeAll(async () => {
		const port = await freePort();
		idp = await startTestProvider(`http://127.0.0.1:${port}`);
		// A second provider that is down: nothing listens at its issuer.
		const down = {
			id: 'down',
			name: 'Down IdP',
			issuer: `http://127.0.0.1:${await freePort()}`,
			clientId: 'sandtable',
			defaultRole: 'facilitator'
		};
		app = new AppServer({ env: { ...providerEnv(idp, 'test', [down]), PASSWORD_SIGN_IN: 'off' } });
		app.port = port;
		await app.start();
	});
	test.afterAll(async () => {
		await app?.dispose();
		await idp?.close();
	});

	test('the form is gone and a posted password is refused, SSO still works', async ({
		browser
	}) => {
		const page = await freshPage(browser);
		await page.goto(`${app.url}/login`);
		await expect(page.getByRole('link', { name: 'Sign in with Test IdP' })).toBeVisible();
		await expect(page.getByLabel('Password')).toHaveCount(0);
		const posted = await call(app, 'POST', '/login', {
			form: { email: ADMIN.email, password: ADMIN.password }
		});
		expect(posted.status).toBe(403);
		expect(posted.headers.getSetCookie().some((c) => c.startsWith('st_session='))).toBe(false);
		const token = await call(app, 'POST', '/api/v1/auth/token', {
			json: { email: ADMIN.email, password: ADMIN.password, name: 'ci' }
		});
		expect(token.status).toBe(403);

		// A provider that cannot be reached says so; the other one still signs people in.
		await page.getByRole('link', { name: 'Sign in with Down IdP' }).click();
		await expect(page.getByRole('alert')).toContainText('Down IdP cannot be reached right now');
		await ssoSignIn(page, app, idp, PEOPLE.lead);
		await expect(page.getByRole('link', { name: 'Lena Lead' })).toBeVisible();
	});
});
