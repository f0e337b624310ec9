/**
 * Password reset by an admin's link, against the real build: the admin makes a link on the
 * users page, the account's owner opens it in another browser (without JavaScript), sets a new
 * password and signs in with it; the link then works no more, the old password neither, and the
 * token shows up in no log line and no Referer.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';
import { adminToken, bearer, call, createAccount, PASSWORD } from './security/support';

const NEW_PASSWORD = 'a fresh reset passphrase';
const GONE = 'This reset link has expired or was already used. Ask an administrator for a new one.';

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test.describe('reset links', () => {
	let server: AppServer;
	let facToken: string;
	test.beforeAll(async () => {
		server = await new AppServer().start();
		facToken = await createAccount(
			server,
			await adminToken(server),
			'facilitator',
			'fran@sandtable.test'
		);
	});
	test.afterAll(async () => server?.dispose());

	test('an admin hands out a link that sets a new password once', async ({ page, browser }) => {
		await page.goto(`${server.url}/login?next=/admin/users`);
		await page.getByLabel('Email').fill(ADMIN.email);
		await page.getByLabel('Password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(`${server.url}/admin/users`);
		const makeLink = async (previous = '') => {
			await page.getByRole('button', { name: 'Reset link for facilitator fran' }).click();
			await expect(page.getByRole('status')).toContainText('Reset link for facilitator fran');
			await expect(page.getByLabel('Reset link')).not.toHaveValue(previous);
			return page.getByLabel('Reset link').inputValue();
		};
		const first = await makeLink();
		expect(first).toMatch(new RegExp(`^${server.url}/reset/[A-Za-z0-9_-]{43}$`));
		// A newer link replaces the first.
		const link = await makeLink(first);
		expect(link).not.toBe(first);
		const token = link.split('/').pop()!;
		await expectAccessible(page);
		// Looking at the page uses nothing up (axe needs JavaScript: the admin's tab has it).
		await page.goto(link);
		await expectAccessible(page);

		const owner = await browser.newContext({ javaScriptEnabled: false });
		const tab = await owner.newPage();
		const referers: Promise<string | undefined>[] = [];
		tab.on('request', (r) => referers.push(r.allHeaders().then((h) => h.referer)));
		expect((await tab.goto(first))?.status()).toBe(410);
		await expect(tab.getByText(GONE)).toBeVisible();

		const opened = await tab.goto(link);
		expect(opened?.status()).toBe(200);
		expect(opened?.headers()['referrer-policy']).toBe('strict-origin');
		expect(opened?.headers()['cache-control']).toBe('no-store');
		await expect(tab.getByText('facilitator fran (fran@sandtable.test)')).toBeVisible();

		// Two different passwords, then a weak one: refused, and the link still works.
		await tab.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
		await tab.getByLabel('New password again').fill('something else entirely');
		await tab.getByRole('button', { name: 'Set password' }).click();
		await expect(tab.getByText('The two passwords do not match.')).toBeVisible();
		// The browser stops a short one (minlength); sent anyway, the server refuses it.
		const weak = await call(server, 'POST', `/reset/${token}`, {
			headers: { accept: 'text/html' },
			form: { password: 'short', confirm: 'short' }
		});
		expect(weak.status).toBe(400);
		expect(weak.text).toContain('Use at least 12 characters.');

		await tab.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
		await tab.getByLabel('New password again').fill(NEW_PASSWORD);
		await tab.getByRole('button', { name: 'Set password' }).click();
		await expect(tab).toHaveURL(`${server.url}/login?reset=done`);
		await expect(tab.getByRole('status')).toHaveText('Password set. Sign in with it.');
		await tab.getByLabel('Email').fill('fran@sandtable.test');
		await tab.getByLabel('Password').fill(NEW_PASSWORD);
		await tab.getByRole('button', { name: 'Sign in' }).click();
		await expect(tab).toHaveURL(`${server.url}/`);
		await expect(tab.getByRole('button', { name: 'Sign out' })).toBeVisible();

		// The reset page's own requests (its style sheets, the form) name the origin alone.
		const sent = (await Promise.all(referers)).filter(Boolean);
		expect(sent).toContain(`${server.url}/`);
		expect(sent.filter((r) => r!.includes('/reset/'))).toEqual([]);

		// Once only: the link is gone, for a signed-in visitor too.
		expect((await tab.goto(link))?.status()).toBe(410);
		await expect(tab.getByText(GONE)).toBeVisible();
		const again = await call(server, 'POST', `/reset/${token}`, {
			headers: { accept: 'text/html' },
			form: { password: 'another long passphrase', confirm: 'another long passphrase' }
		});
		expect(again.status).toBe(410);
		await owner.close();

		// The old password no longer signs in; the new one does.
		const old = await call(server, 'POST', '/login', {
			form: { email: 'fran@sandtable.test', password: PASSWORD }
		});
		expect(old.status).toBe(400);
		const fresh = await call(server, 'POST', '/login', {
			form: { email: 'fran@sandtable.test', password: NEW_PASSWORD }
		});
		expect(fresh.status).toBe(303);

		// The access log names the route, never the token in its path.
		expect(server.output).toContain('/(account)/reset/[token]');
		expect(server.output).not.toContain(token);
	});

	test('a facilitator cannot make a reset link', async () => {
		const users = await call(server, 'GET', '/admin/users', { headers: bearer(facToken) });
		expect(users.status).toBe(403);
		const res = await call(server, 'POST', '/admin/users?/resetLink', {
			headers: bearer(facToken),
			form: { id: 'anyone' }
		});
		expect(res.status).toBe(403);
	});
});
