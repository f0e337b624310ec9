/**
 * The tamper-evident record (issue 16), as an auditor meets it: a short exercise is run and
 * ended by its facilitator, a lead downloads the signed record from the debrief, `npm run verify`
 * accepts it and names who sealed it; one byte of one event changed in the file, and both the
 * command and the verify page name that event. The admin's key page shows the fingerprint the
 * command printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
	PASSWORD,
	staff
} from './security/support';

const SCENARIO = 'ransomware-file-server';
const ANSWER = { injectId: 'month-end-briefing', decisionId: 'readiness-checks' };

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

let server: AppServer;
let dir: string;
test.beforeAll(async () => {
	server = await new AppServer().start();
	dir = mkdtempSync(join(tmpdir(), 'sandtable-record-e2e-'));
});
test.afterAll(async () => {
	await server?.dispose();
	rmSync(dir, { recursive: true, force: true });
});

test('a lead downloads the signed record; verify passes, and names the one event altered', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	const admin = await adminToken(server);
	const facilitator = await createAccount(server, admin, 'facilitator', 'fay@sandtable.test');
	await createAccount(server, admin, 'lead', 'lou@sandtable.test');

	// A short exercise: one trainee answers, the facilitator ends it.
	const session = await createSession(server, facilitator, {
		scenarioId: SCENARIO,
		teams: ['Red'],
		title: 'Audited drill'
	});
	const ina = await joinSession(server, session.joinCode, {
		name: 'Ina',
		team: 'Red',
		role: 'incident-commander'
	});
	await staff(server, facilitator, session.id, 'start');
	await staff(server, facilitator, session.id, 'release', {
		team: 'Red',
		injectId: ANSWER.injectId
	});
	const answered = await call(server, 'POST', `/api/v1/sessions/${session.id}/responses`, {
		headers: bearer(ina.token),
		json: {
			...ANSWER,
			value: { kind: 'multiple', optionIds: ['oob-bridge'] },
			idempotencyKey: 'r1'
		}
	});
	expect(answered.status, answered.text).toBeLessThan(300);
	await staff(server, facilitator, session.id, 'end');

	// The lead downloads it from the debrief, as a browser does.
	await signIn(page, server.url, { email: 'lou@sandtable.test', password: PASSWORD });
	await page.goto(`${server.url}/sessions/${session.id}/debrief`);
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Signed record' }).click();
	const download = await downloading;
	const file = join(dir, download.suggestedFilename());
	await download.saveAs(file);
	expect(download.suggestedFilename()).toBe(`sandtable-record-${session.id}.json`);

	const good = await verify(file);
	expect(good.stderr).toBe('');
	expect(good.code).toBe(0);
	const line = good.stdout.trim();
	expect(line).toMatch(
		/^verified: \d+ events, sealed by facilitator fay at \d{4}-\d\d-\d\dT[\d:.]+Z, key fingerprint SHA256:[0-9a-f]{64}$/
	);
	const fingerprint = line.split('key fingerprint ')[1];

	// The admin's key page shows the same fingerprint, and its public key pins it.
	await page.context().clearCookies();
	await signIn(page, server.url, ADMIN);
	await page.goto(`${server.url}/admin/users`);
	await page.getByRole('link', { name: 'Record-signing key' }).click();
	await expect(page.getByTestId('fingerprint')).toHaveText(fingerprint);
	await expectAccessible(page);
	const pem = join(dir, 'public.pem');
	writeFileSync(pem, (await page.getByTestId('public-key').textContent())!);
	expect((await verify(file, '--key', pem)).code).toBe(0);

	// One byte of the answer event: the option chosen, as stored in the file.
	const text = readFileSync(file, 'utf8');
	const record = JSON.parse(text) as { events: { seq: number; type: string }[] };
	const target = record.events.find((e) => e.type === 'response.submitted')!;
	// The option id also appears in the scenario: change the one inside the event.
	const at = text.indexOf('"oob-bridge"', text.indexOf('"type": "response.submitted"'));
	expect(at).toBeGreaterThan(0);
	const tampered = join(dir, 'tampered.json');
	writeFileSync(tampered, `${text.slice(0, at)}"oob-bridgf"${text.slice(at + 12)}`);
	const bad = await verify(tampered);
	expect(bad.code).toBe(1);
	const named = `event ${target.seq} (response.submitted) was altered`;
	expect(bad.stderr.split('\n')[0]).toBe(
		`NOT verified: ${named}: its hash no longer matches the link stored after it`
	);

	// The verify page says the same about each file.
	await page.goto(`${server.url}/verify`);
	await page.getByLabel('Record (.json) or evidence pack (.zip)').setInputFiles(file);
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(line);
	await expect(page.getByRole('status', { name: 'Verdict' })).toContainText(
		'Signed with this installation’s key.'
	);
	await expectAccessible(page);
	await page.getByLabel('Record (.json) or evidence pack (.zip)').setInputFiles(tampered);
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(page.getByRole('alert', { name: 'Verdict' })).toContainText(named);

	// The form works without JavaScript too.
	const plain = await browser.newContext({ javaScriptEnabled: false });
	try {
		const noJs = await plain.newPage();
		await signIn(noJs, server.url, { email: 'lou@sandtable.test', password: PASSWORD });
		await noJs.goto(`${server.url}/verify`);
		await noJs.getByLabel('Record (.json) or evidence pack (.zip)').setInputFiles(tampered);
		await noJs.getByRole('button', { name: 'Verify' }).click();
		await expect(noJs.getByRole('alert', { name: 'Verdict' })).toContainText(named);
	} finally {
		await plain.close();
	}

	// Not JSON: a clear refusal, nothing else.
	await page.getByLabel('Record (.json) or evidence pack (.zip)').setInputFiles({
		name: 'notes.json',
		mimeType: 'application/json',
		buffer: Buffer.from('{ not json')
	});
	await page.getByRole('button', { name: 'Verify' }).click();
	await expect(page.getByRole('alert')).toContainText('notes.json is not a JSON file');
});
