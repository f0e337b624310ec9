/**
 * The audit log (issue 17) against the real build. The hook audits every staff request that
 * changes something, every sign-in attempt and every export, whatever the route; this journey
 * checks a spread of them (sign-in and its failure, an account added, an admin action refused, a
 * scenario upload, session control and a reveal, an export): each appears once with the right
 * actor, address, target and outcome, and no password; a trainee's requests do not appear; the
 * admin page shows the chain verified and filters; an entry changed on disk is named; every entry
 * also goes to stdout as a JSON line for a SIEM.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from './support/people';
import { ADMIN, AppServer } from './support/server';
import {
	adminToken,
	bearer,
	call,
	createAccount,
	createSession,
	joinSession,
	PASSWORD,
	staff
} from './security/support';

interface Entry {
	seq: number;
	actor: { email: string; role: string } | null;
	address: string | null;
	action: string;
	target: Record<string, string>;
	detail: Record<string, unknown>;
	status: number;
	outcome: string;
	hash: string;
}

let server: AppServer;
test.beforeAll(async () => {
	server = await new AppServer().start();
});
test.afterAll(async () => server?.dispose());

async function entries(admin: string): Promise<Entry[]> {
	const res = await call(server, 'GET', '/admin/audit/export?format=json', {
		headers: bearer(admin)
	});
	expect(res.status, res.text).toBe(200);
	return res.text
		.trim()
		.split('\n')
		.map((l) => JSON.parse(l) as Entry);
}

test('every staff action is audited with its actor, and the chain shows a changed entry', async ({
	page
}) => {
	test.setTimeout(180_000);
	// Sign-in failures and a refused (rate-limited) attempt, not signed in.
	const wrong = await call(server, 'POST', '/api/v1/auth/token', {
		json: { email: ADMIN.email, password: 'not the password at all' }
	});
	expect(wrong.status).toBe(401);
	const admin = await adminToken(server);

	// Accounts: a facilitator added, made a lead and back; a token made and revoked.
	const fac = await createAccount(server, admin, 'facilitator', 'frida@sandtable.test');
	const users = await call(server, 'GET', '/api/v1/sessions', { headers: bearer(fac) });
	expect(users.status).toBe(200);

	// A scenario upload, a session run with control, reveal, override and end, exports.
	const yaml = readFileSync('tests/fixtures/scenarios/valid/rich.yaml');
	const upload = await call(server, 'POST', '/api/v1/scenarios', {
		headers: { ...bearer(fac), 'content-type': 'application/yaml' },
		body: yaml
	});
	expect(upload.status, upload.text).toBe(201);
	const session = await createSession(server, fac, { scenarioId: 'rich-phish', teams: ['Red'] });
	const trainee = await joinSession(server, session.joinCode, {
		name: 'Tom',
		team: 'Red',
		role: 'ic'
	});
	await staff(server, fac, session.id, 'start');
	await staff(server, fac, session.id, 'release', { team: 'Red' });
	// A trainee's own request is not a staff action: not audited.
	await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
		headers: bearer(trainee.token)
	});
	await staff(server, fac, session.id, 'reveal');
	await staff(server, fac, session.id, 'end');
	const debrief = await call(server, 'GET', `/api/v1/sessions/${session.id}/debrief`, {
		headers: bearer(fac)
	});
	expect(debrief.status).toBe(200);
	// Refused: a facilitator may not add accounts.
	const refused = await call(server, 'POST', '/admin/users?/create', {
		headers: bearer(fac),
		form: { email: 'x@sandtable.test', name: 'X', role: 'admin', password: PASSWORD }
	});
	expect(refused.status).toBe(403);

	const log = await entries(admin);
	const find = (action: string, who: string | null) =>
		log.filter((e) => e.action === action && (e.actor?.email ?? null) === who);
	expect(find('POST /api/v1/auth/token', null).map((e) => [e.detail.email, e.outcome])).toEqual([
		[ADMIN.email, 'refused'],
		[ADMIN.email, 'ok'],
		['frida@sandtable.test', 'ok']
	]);
	const created = find('POST /(admin)/admin/users?/create', ADMIN.email);
	expect(created.map((e) => [e.detail.email, e.detail.role, e.outcome])).toEqual([
		['frida@sandtable.test', 'facilitator', 'ok']
	]);
	expect(find('POST /(admin)/admin/users?/create', 'frida@sandtable.test')).toMatchObject([
		{ outcome: 'refused', status: 403 }
	]);
	expect(find('POST /api/v1/scenarios', 'frida@sandtable.test')).toHaveLength(1);
	for (const action of ['start', 'reveal', 'end'])
		expect(
			find('POST /api/v1/sessions/[id]/[action]', 'frida@sandtable.test').filter(
				(e) => e.target.action === action && e.target.id === session.id
			),
			action
		).toHaveLength(1);
	expect(find('POST /api/v1/sessions/[id]/release', 'frida@sandtable.test')).toMatchObject([
		{ detail: { team: 'Red' }, target: { id: session.id } }
	]);
	expect(find('GET /api/v1/sessions/[id]/debrief', 'frida@sandtable.test')).toHaveLength(1);
	// Nothing the trainee did, and no page views.
	expect(log.filter((e) => e.action.includes('/state'))).toEqual([]);
	expect(log.every((e) => e.address === '127.0.0.1')).toBe(true);
	// No password, in any entry.
	expect(JSON.stringify(log)).not.toContain(PASSWORD);
	expect(JSON.stringify(log)).not.toContain(ADMIN.password);

	// Shipped to stdout as JSON lines.
	const shipped = server.output
		.split('\n')
		.filter((l) => l.startsWith('{') && l.includes('"msg":"audit"'))
		.map((l) => JSON.parse(l) as { audit: Entry });
	expect(shipped.map((l) => l.audit.hash)).toEqual(
		expect.arrayContaining(log.slice(0, -1).map((e) => e.hash))
	);

	// The admin's page: the chain verified, a filter, and a browser form post audited too.
	await signIn(page, server.url, ADMIN);
	await page.goto(`${server.url}/admin/audit`);
	await expect(page.locator('[data-chain="ok"]')).toContainText('Chain verified');
	await page.getByLabel('Who (email)').fill('frida@');
	await page.getByLabel('Outcome').selectOption('refused');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page.locator('tbody tr')).toHaveCount(1);
	await expect(page.locator('tbody tr')).toContainText('POST /(admin)/admin/users?/create');

	// An entry changed on disk is named.
	const file = join(server.dataDir, 'audit.jsonl');
	const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
	lines[2] = lines[2].replace('"outcome":"ok"', '"outcome":"refused"');
	writeFileSync(file, lines.join('\n') + '\n');
	await page.goto(`${server.url}/admin/audit`);
	await expect(page.locator('[data-chain="broken"]')).toHaveAttribute('data-seq', '3');
	await expect(page.locator('[data-chain="broken"]')).toContainText(
		'entry 3 was changed after it was written'
	);
});
