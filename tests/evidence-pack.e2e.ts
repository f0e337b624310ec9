/**
 * The evidence pack (issue 16) as an auditor gets it: an exercise is run and ended, a security
 * lead signs it off and downloads the pack from the debrief; `npm run verify` accepts the zip;
 * one byte of one event in the record inside it is changed, and the command names that event.
 * The pack holds what the issue lists: the signed record, the AAR/IP, attendance, objectives and
 * results, improvement items, the sign-off and the control mapping.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { expect, test } from '@playwright/test';
import { signIn } from './support/people';
import { AppServer } from './support/server';
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

let server: AppServer;
let dir: string;
test.beforeAll(async () => {
	server = await new AppServer().start();
	dir = mkdtempSync(join(tmpdir(), 'sandtable-pack-e2e-'));
});
test.afterAll(async () => {
	await server?.dispose();
	rmSync(dir, { recursive: true, force: true });
});

test('a lead signs off, downloads the evidence pack, verify passes and then names the altered event', async ({
	page
}) => {
	test.setTimeout(180_000);
	const admin = await adminToken(server);
	const facilitator = await createAccount(server, admin, 'facilitator', 'fred@sandtable.test');
	await createAccount(server, admin, 'lead', 'lena@sandtable.test');

	const session = await createSession(server, facilitator, {
		scenarioId: 'ransomware-file-server',
		teams: ['Red'],
		title: 'Annual IR plan test'
	});
	// The pack is made once the exercise has ended.
	const early = await call(server, 'GET', `/sessions/${session.id}/debrief/evidence`, {
		headers: bearer(facilitator)
	});
	expect(early.status).toBe(409);
	const ida = await joinSession(server, session.joinCode, {
		name: 'Ida Incident',
		team: 'Red',
		role: 'incident-commander'
	});
	await staff(server, facilitator, session.id, 'start');
	await staff(server, facilitator, session.id, 'release', {
		team: 'Red',
		injectId: 'month-end-briefing'
	});
	const answered = await call(server, 'POST', `/api/v1/sessions/${session.id}/responses`, {
		headers: bearer(ida.token),
		json: {
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			value: { kind: 'multiple', optionIds: ['oob-bridge'] },
			idempotencyKey: 'pack-1'
		}
	});
	expect(answered.status, answered.text).toBeLessThan(300);
	await staff(server, facilitator, session.id, 'end');

	// The lead signs off on the debrief page and downloads the pack from it.
	await signIn(page, server.url, { email: 'lena@sandtable.test', password: PASSWORD });
	await page.goto(`${server.url}/sessions/${session.id}/debrief`);
	await page.getByLabel('Comment (optional)').fill('Tested for PCI DSS 12.10.2; items accepted.');
	await page.getByRole('button', { name: 'Sign off the report' }).click();
	await expect(page.getByText('Tested for PCI DSS 12.10.2; items accepted.').first()).toBeVisible();
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Evidence pack (.zip)' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe(`evidence-pack-${session.id}.zip`);
	const file = join(dir, 'pack.zip');
	await download.saveAs(file);

	// What is in it.
	const files = unzipSync(new Uint8Array(readFileSync(file)));
	expect(Object.keys(files).sort()).toEqual([
		'README.txt',
		'aar-ip.docx',
		'attendance.csv',
		'control-mapping.md',
		'debrief.md',
		'improvement-items.csv',
		'manifest.json',
		'record.json',
		'scores.csv',
		'sign-off.json'
	]);
	expect(strFromU8(files['aar-ip.docx'].subarray(0, 2))).toBe('PK');
	expect(strFromU8(files['attendance.csv'])).toMatch(/Ida Incident,Red,Incident commander,\d{4}-/);
	const signOffs = JSON.parse(strFromU8(files['sign-off.json'])) as {
		name: string;
		comment: string;
	}[];
	expect(signOffs).toMatchObject([{ comment: 'Tested for PCI DSS 12.10.2; items accepted.' }]);
	expect(strFromU8(files['control-mapping.md'])).toContain('| PCI DSS');
	expect(strFromU8(files['debrief.md'])).toContain('Annual IR plan test');
	expect(strFromU8(files['improvement-items.csv'])).toMatch(/^External ID,Summary/);
	const manifest = JSON.parse(strFromU8(files['manifest.json'])) as {
		files: { name: string }[];
		generatedBy: { name: string };
	};
	expect(manifest.files).toHaveLength(9);
	expect(manifest.generatedBy.name).toBe('lead lena');

	const good = await verify(file);
	expect(good.stderr).toBe('');
	expect(good.code).toBe(0);
	expect(good.stdout).toMatch(
		/^verified: evidence pack of 9 files; verified: \d+ events, sealed by/
	);

	// One byte of the sign-off event, inside record.json inside the zip.
	const text = strFromU8(files['record.json']);
	const record = JSON.parse(text) as { events: { seq: number; type: string }[] };
	const target = record.events.find((e) => e.type === 'debrief.signedOff')!;
	const at = text.indexOf('PCI DSS 12.10.2', text.indexOf('"type": "debrief.signedOff"'));
	expect(at).toBeGreaterThan(0);
	const altered = {
		...files,
		'record.json': strToU8(`${text.slice(0, at)}PCI DSS 12.10.3${text.slice(at + 15)}`)
	};
	const tampered = join(dir, 'tampered.zip');
	writeFileSync(tampered, zipSync(altered));
	const bad = await verify(tampered);
	expect(bad.code).toBe(1);
	expect(bad.stderr.split('\n')[0]).toContain(
		`NOT verified: event ${target.seq} (debrief.signedOff) was altered`
	);
	expect(bad.stderr).toContain('record.json was altered: its sha256 does not match manifest.json');
});
