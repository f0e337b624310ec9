/**
 * Retention and erasure (issue 17), as an admin and an auditor meet them: two short exercises
 * are played and ended; a facilitator may not erase them; the admin anonymises one on the
 * retention page (its trainees' names leave the debrief, its exports and the dashboard, and its
 * record still verifies and says it was anonymised) and deletes the other (gone from pages,
 * exports and the dashboard). The audit log names the admin for both. A second server with a
 * retention period of 0 days anonymises an ended exercise by itself, as the retention policy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/people';
import { ADMIN, AppServer } from './support/server';
import { verify } from './support/verify';
import {
	adminToken,
	bearer,
	call,
	createAccount,
	createSession,
	joinSession,
	staff,
	staffCookie,
	type SessionInfo
} from './security/support';

const SCENARIO = 'ransomware-file-server';

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** A short exercise with these trainees on team Red; the first names the second in the chat. */
async function played(
	server: AppServer,
	facilitator: string,
	title: string,
	names: string[]
): Promise<SessionInfo> {
	const session = await createSession(server, facilitator, {
		scenarioId: SCENARIO,
		teams: ['Red'],
		title
	});
	const trainees = [];
	for (const name of names)
		trainees.push(
			await joinSession(server, session.joinCode, { name, team: 'Red', role: 'incident-commander' })
		);
	await staff(server, facilitator, session.id, 'start');
	if (names.length > 1) {
		const posted = await call(server, 'POST', `/api/v1/sessions/${session.id}/chat`, {
			headers: bearer(trainees[0].token),
			json: { channel: 'room', text: `${names[1].split(' ')[0]}, can you call legal?` }
		});
		expect(posted.status, posted.text).toBeLessThan(300);
	}
	await staff(server, facilitator, session.id, 'end');
	return session;
}

/** The audit log's entries, as the admin exports them. */
async function auditLog(server: AppServer, cookie: string) {
	const res = await call(server, 'GET', '/admin/audit/export?format=json', { headers: { cookie } });
	expect(res.status).toBe(200);
	return res.text
		.trim()
		.split('\n')
		.map(
			(l) =>
				JSON.parse(l) as {
					action: string;
					actor: { email: string } | null;
					target: Record<string, string>;
					detail: Record<string, unknown>;
					status: number;
				}
		);
}

/**
 * Waits until the server answers on a fresh connection: a browser launched after the server
 * started can take longer than its keep-alive, and a POST on the socket it closed meanwhile
 * would fail with ECONNRESET.
 */
async function awake(server: AppServer) {
	await expect
		.poll(async () => (await fetch(`${server.url}/healthz`).catch(() => null))?.status)
		.toBe(200);
}

let dir: string;
test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'sandtable-retention-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.describe('an admin erases ended exercises', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		server = await new AppServer().start();
	});
	test.afterAll(async () => server?.dispose());

	test('anonymise one, delete another: names and data go, the record verifies, the audit log names the admin', async ({
		page,
		browser
	}) => {
		test.setTimeout(180_000);
		await awake(server);
		const admin = await adminToken(server);
		const fay = await createAccount(server, admin, 'facilitator', 'fay@sandtable.test');
		const kept = await played(server, fay, 'Anonymised drill', ['Zelda Quist', 'Yannick Brook']);
		const gone = await played(server, fay, 'Deleted drill', ['Wilma Vance']);
		const get = (path: string) => call(server, 'GET', path, { headers: bearer(admin) });
		await expect.poll(async () => (await get('/api/v1/dashboard')).text).toContain('Deleted drill');
		expect((await get(`/api/v1/sessions/${kept.id}/debrief?format=csv`)).text).toContain('Zelda');

		// A facilitator, even the owner, may not erase: admins only.
		for (const [method, path] of [
			['DELETE', `/api/v1/sessions/${gone.id}`],
			['POST', `/api/v1/sessions/${kept.id}/anonymise`]
		]) {
			const refused = await call(server, method, path, { headers: bearer(fay) });
			expect(refused.status, refused.text).toBe(403);
		}

		// The admin anonymises on the retention page, typing the title to confirm.
		await signIn(page, server.url, ADMIN);
		await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Admin', exact: true })
			.click();
		await page
			.getByRole('navigation', { name: 'Admin' })
			.getByRole('link', { name: 'Retention' })
			.click();
		await expect(page.getByTestId('retention-setting')).toContainText('kept as they are');
		const row = (id: string) => page.locator(`[data-testid="retention-row"][data-session="${id}"]`);
		await row(kept.id).getByLabel('Type the title to confirm').fill('Anonymised');
		await row(kept.id).getByRole('button', { name: 'Anonymise' }).click();
		await expect(page.getByRole('alert')).toContainText('Type the session');
		await row(kept.id).getByLabel('Type the title to confirm').fill('Anonymised drill');
		await row(kept.id).getByRole('button', { name: 'Anonymise' }).click();
		await expect(page.getByRole('status')).toContainText('Anonymised “Anonymised drill”');
		await expect(row(kept.id).getByRole('button', { name: 'Anonymise' })).toHaveCount(0);
		await expectAccessible(page);

		// Names are gone from the debrief page, its exports and the dashboard; pseudonyms stand.
		const names = /Zelda|Quist|Yannick|Brook/;
		await page.goto(`${server.url}/sessions/${kept.id}/debrief`);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Anonymised drill');
		await expect(page.locator('main')).toContainText('Trainee 1');
		await expect(page.getByTestId('anonymised')).toContainText('trainees are named by pseudonyms');
		expect(await page.locator('main').textContent()).not.toMatch(names);
		for (const format of ['json', 'csv', 'md']) {
			const exported = await get(`/api/v1/sessions/${kept.id}/debrief?format=${format}`);
			expect(exported.status).toBe(200);
			expect(exported.text, format).not.toMatch(names);
		}
		expect((await get(`/api/v1/sessions/${kept.id}/debrief?format=csv`)).text).toContain(
			'Trainee 2'
		);
		expect((await get('/api/v1/dashboard')).text).not.toMatch(names);
		// Twice is refused.
		const again = await call(server, 'POST', `/api/v1/sessions/${kept.id}/anonymise`, {
			headers: bearer(admin)
		});
		expect(again.status).toBe(409);

		// The record verifies offline and says it was anonymised; it names nobody.
		const record = await get(`/api/v1/sessions/${kept.id}/record`);
		expect(record.status).toBe(200);
		expect(record.text).not.toMatch(names);
		const file = join(dir, 'anonymised.json');
		writeFileSync(file, record.text);
		const verdict = await verify(file);
		expect(verdict.stderr).toBe('');
		expect(verdict.code).toBe(0);
		expect(verdict.stdout).toMatch(/^verified: \d+ events, .*anonymised \(manual\) at /);

		// The admin deletes the other one from its debrief, in a browser without JavaScript: it is
		// gone from pages, exports and the dashboard.
		const plain = await browser.newContext({ javaScriptEnabled: false });
		try {
			const noJs = await plain.newPage();
			await signIn(noJs, server.url, ADMIN);
			await noJs.goto(`${server.url}/sessions/${gone.id}/debrief`);
			await noJs.getByRole('link', { name: 'Anonymise or delete…' }).click();
			const goneRow = noJs.locator(`[data-testid="retention-row"][data-session="${gone.id}"]`);
			await goneRow.getByLabel('Type the title to confirm').fill('Deleted drill');
			await goneRow.getByRole('button', { name: 'Delete' }).click();
			await expect(noJs.getByRole('status')).toContainText('Deleted “Deleted drill”');
			await expect(goneRow).toHaveCount(0);
		} finally {
			await plain.close();
		}
		const debrief = await page.goto(`${server.url}/sessions/${gone.id}/debrief`);
		expect(debrief?.status()).toBe(404);
		expect((await get(`/api/v1/sessions/${gone.id}/debrief?format=csv`)).status).toBe(404);
		expect((await get(`/api/v1/sessions/${gone.id}/record`)).status).toBe(404);
		expect((await get('/api/v1/sessions')).text).not.toContain(gone.id);
		const dashboard = (await get('/api/v1/dashboard')).text;
		expect(dashboard).not.toContain('Deleted drill');
		expect(dashboard).not.toContain('Wilma');
		expect(dashboard).toContain('Anonymised drill');
		const improvements = await get('/api/v1/improvements');
		expect(improvements.text).not.toContain(gone.id);
		const deletedAgain = await call(server, 'DELETE', `/api/v1/sessions/${gone.id}`, {
			headers: bearer(admin)
		});
		expect(deletedAgain.status).toBe(404);

		// The audit log keeps both, with the admin as the actor and the titles.
		const entries = await auditLog(server, await staffCookie(server, ADMIN.email, ADMIN.password));
		const anonymised = entries.find((e) => e.action === 'ANONYMISE session');
		expect(anonymised).toMatchObject({
			actor: { email: ADMIN.email },
			target: { id: kept.id },
			detail: { title: 'Anonymised drill', reason: 'manual' }
		});
		expect(entries.find((e) => e.action === 'DELETE session')).toMatchObject({
			actor: { email: ADMIN.email },
			target: { id: gone.id },
			detail: { title: 'Deleted drill' }
		});
		expect(
			entries.find((e) => e.action === 'POST /(admin)/admin/retention?/delete' && e.status === 200)
		).toMatchObject({ actor: { email: ADMIN.email }, detail: { id: gone.id } });
		// The facilitator's refused attempts are there too.
		expect(
			entries.filter(
				(e) => e.actor?.email === 'fay@sandtable.test' && e.status === 403 && e.target.id
			)
		).toHaveLength(2);
	});
});

test.describe('the retention period', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		// 0 days: every ended session is due at the next sweep; the sweep runs every second.
		server = await new AppServer({
			env: { RETENTION_DAYS: '0', RETENTION_SWEEP_MS: '1000' }
		}).start();
	});
	test.afterAll(async () => server?.dispose());

	test('anonymises an ended exercise by itself, recorded as the retention policy', async ({
		page
	}) => {
		test.setTimeout(120_000);
		await awake(server);
		const admin = await adminToken(server);
		const session = await played(server, admin, 'Retained drill', ['Nadia Petrov', 'Omar Haddad']);
		const get = (path: string) => call(server, 'GET', path, { headers: bearer(admin) });
		await expect
			.poll(async () => (await get(`/api/v1/sessions/${session.id}/debrief?format=csv`)).text, {
				timeout: 30_000
			})
			.toContain('Trainee 1');
		const csv = (await get(`/api/v1/sessions/${session.id}/debrief?format=csv`)).text;
		expect(csv).not.toMatch(/Nadia|Petrov|Omar|Haddad/);
		expect((await get('/api/v1/dashboard')).text).not.toMatch(/Nadia|Petrov|Omar|Haddad/);

		const file = join(dir, 'retained.json');
		writeFileSync(file, (await get(`/api/v1/sessions/${session.id}/record`)).text);
		const verdict = await verify(file);
		expect(verdict.code).toBe(0);
		expect(verdict.stdout).toMatch(/anonymised \(retention\) at /);

		const entries = await auditLog(server, await staffCookie(server, ADMIN.email, ADMIN.password));
		expect(entries.find((e) => e.action === 'ANONYMISE session')).toMatchObject({
			actor: null,
			target: { id: session.id },
			detail: { title: 'Retained drill', reason: 'retention' }
		});

		await signIn(page, server.url, ADMIN);
		await page.goto(`${server.url}/admin/retention`);
		await expect(page.getByTestId('retention-setting')).toContainText(
			'anonymised at the next sweep'
		);
	});
});
