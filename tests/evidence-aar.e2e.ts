/**
 * Issue 16, the AAR/IP as evidence, against the real build: a short exercise played through the
 * JSON API by two trainees, then a security lead signs off its after-action report in the
 * browser (refused before the end, once per account, never by a facilitator), the attendance
 * list and the sign-off show on the debrief page and in the JSON and Markdown exports, the
 * HSEEP AAR/IP downloads as a .docx over HTTP, and LibreOffice converts it to a PDF whose text
 * holds the sections, a hand-checked score, the attendance and the sign-off.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { ADMIN, AppServer } from './support/server';
import {
	adminToken,
	bearer,
	call,
	createAccount,
	createSession,
	joinSession,
	PASSWORD,
	staff,
	staffCookie,
	type SessionInfo,
	type Trainee
} from './security/support';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const COMMENT = 'Plan tested for PCI DSS 12.10.2; <items> accepted & owned.';
const HAS_SOFFICE = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;

let server: AppServer;
let admin: string;
let owner: string;
let lead: string;
let session: SessionInfo;
const people: Record<string, Trainee> = {};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await new AppServer().start();
	admin = await adminToken(server);
	owner = await createAccount(server, admin, 'facilitator', 'fay@sandtable.test');
	lead = await createAccount(server, admin, 'lead', 'lee@sandtable.test');
	session = await createSession(server, owner, {
		scenarioId: 'ransomware-file-server',
		title: 'Quarterly ransomware drill'
	});
	people.Ana = await joinSession(server, session.joinCode, {
		name: 'Ana',
		team: 'Red',
		role: 'incident-commander'
	});
	people.Bob = await joinSession(server, session.joinCode, {
		name: 'Bob',
		team: 'Blue',
		role: 'incident-commander'
	});
	await staff(server, owner, session.id, 'start');
	await staff(server, owner, session.id, 'release', {});
	// Hand-checked: the readiness checks score Preparation 4, 4, 3, 3 (14 reachable), -2, -3.
	// Ana (Red) picks 4 + 4 = 8 of 14 = 57 %; Bob (Blue) 4 - 2 = 2 of 14 = 14 %.
	for (const [who, optionIds] of [
		['Ana', ['oob-bridge', 'backup-status']],
		['Bob', ['oob-bridge', 'all-staff-mail']]
	] as const) {
		const res = await call(server, 'POST', `/api/v1/sessions/${session.id}/responses`, {
			headers: bearer(people[who].token),
			json: {
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				value: { kind: 'multiple', optionIds: [...optionIds] },
				idempotencyKey: who
			}
		});
		expect(res.status, res.text).toBe(201);
	}
	await staff(server, owner, session.id, 'observations', {
		team: 'Blue',
		objectiveId: 'learn-and-improve',
		rating: 'M',
		text: 'Mailed all staff before the facts were known.'
	});
});

test.afterAll(async () => server?.dispose());

const signOffApi = (token: string, comment = COMMENT) =>
	call(server, 'POST', `/api/v1/sessions/${session.id}/sign-off`, {
		headers: bearer(token),
		json: { comment }
	});

test('a sign-off is refused before the end, and never taken from a facilitator', async () => {
	const early = await signOffApi(lead);
	expect(early.status, early.text).toBe(409);
	expect(early.text).toContain('has not ended');
	expect((await signOffApi(owner)).status).toBe(403);
	const trainee = await call(server, 'POST', `/api/v1/sessions/${session.id}/sign-off`, {
		headers: bearer(people.Ana.token),
		json: {}
	});
	expect(trainee.status).toBe(403);
	const long = await signOffApi(lead, 'x'.repeat(2001));
	expect(long.status).toBe(400);
	const extra = await call(server, 'POST', `/api/v1/sessions/${session.id}/sign-off`, {
		headers: bearer(lead),
		json: { comment: 'ok', by: 'someone else' }
	});
	expect(extra.status).toBe(400);
	await staff(server, owner, session.id, 'end');
	// The owner still cannot sign once it has ended.
	expect((await signOffApi(owner)).status).toBe(403);
});

test('the lead signs off on the debrief page; the facilitator sees it read-only', async ({
	browser
}) => {
	const context = await browser.newContext();
	const [name, value] = (await staffCookie(server, 'lee@sandtable.test', PASSWORD)).split('=');
	await context.addCookies([{ name, value, url: server.url }]);
	const page = await context.newPage();
	await page.goto(`${server.url}/sessions/${session.id}/debrief`);
	const attendance = page.locator('section', { has: page.locator('h2#attendance') });
	await expect(attendance.getByRole('row', { name: /Ana Red Incident commander/ })).toBeVisible();
	await expect(attendance.getByRole('row', { name: /Bob Blue Incident commander/ })).toBeVisible();
	await expect(attendance).toContainText('not when they left');

	const signOff = page.locator('section', { has: page.locator('h2#sign-off') });
	await expect(signOff).toContainText('Not signed off yet.');
	await signOff.getByLabel('Comment (optional)').fill(COMMENT);
	await signOff.getByRole('button', { name: 'Sign off the report' }).click();
	await expect(signOff.getByRole('status')).toContainText('Signed off');
	await expect(signOff.getByRole('listitem')).toContainText('lead lee');
	await expect(signOff.getByRole('listitem')).toContainText(COMMENT);
	// Once per account: the form is gone, and the API refuses a second one.
	await expect(signOff.getByRole('button', { name: 'Sign off the report' })).toHaveCount(0);
	expect((await signOffApi(lead, 'again')).status).toBe(409);
	await context.close();

	// An admin adds theirs on the same form, without JavaScript; the lead's stays first.
	const plain = await browser.newContext({ javaScriptEnabled: false });
	const [an, av] = (await staffCookie(server, ADMIN.email, ADMIN.password)).split('=');
	await plain.addCookies([{ name: an, value: av, url: server.url }]);
	const apage = await plain.newPage();
	await apage.goto(`${server.url}/sessions/${session.id}/debrief`);
	const form = apage.locator('section', { has: apage.locator('h2#sign-off') });
	await form.getByRole('button', { name: 'Sign off the report' }).click();
	await expect(form.getByRole('status')).toContainText('Signed off');
	await expect(form.getByRole('listitem')).toHaveCount(2);
	await plain.close();

	const facilitator = await browser.newContext();
	const [fn, fv] = (await staffCookie(server, 'fay@sandtable.test', PASSWORD)).split('=');
	await facilitator.addCookies([{ name: fn, value: fv, url: server.url }]);
	const fpage = await facilitator.newPage();
	await fpage.goto(`${server.url}/sessions/${session.id}/debrief`);
	const list = fpage.locator('section', { has: fpage.locator('h2#sign-off') });
	await expect(list.getByRole('listitem')).toHaveCount(2);
	await expect(list.getByRole('listitem').first()).toContainText('lead lee');
	await expect(list.getByRole('listitem').nth(1)).toContainText(ADMIN.name);
	await expect(list.getByRole('button')).toHaveCount(0);
	await expect(list.getByRole('textbox')).toHaveCount(0);
	await facilitator.close();
});

test('the exports carry the attendance and the sign-offs; trainees never see them', async () => {
	// Kept with the exercise record: a restart replays them from the session's log.
	await server.kill();
	await server.start();
	const json = await call(server, 'GET', `/api/v1/sessions/${session.id}/debrief`, {
		headers: bearer(owner)
	});
	expect(json.status).toBe(200);
	const d = json.json<{
		attendance: { name: string; teamName: string; lastActionAt: number | null }[];
		signOffs: { name: string; role: string; comment: string; at: number }[];
	}>();
	expect(d.attendance.map((a) => [a.name, a.teamName])).toEqual([
		['Ana', 'Red'],
		['Bob', 'Blue']
	]);
	expect(d.attendance.every((a) => typeof a.lastActionAt === 'number')).toBe(true);
	expect(d.signOffs.map((s) => [s.name, s.role, s.comment])).toEqual([
		['lead lee', 'lead', COMMENT],
		[ADMIN.name, 'admin', '']
	]);
	const md = await call(server, 'GET', `/api/v1/sessions/${session.id}/debrief?format=md`, {
		headers: bearer(lead)
	});
	expect(md.text).toContain('## 8. Attendance');
	expect(md.text).toContain('## 9. Sign-off');
	expect(md.text).toContain(`- Signed off by lead lee (lead) on `);
	expect(md.text).toContain(COMMENT);

	// The sign-off is staff business: the trainee's own view of the session does not carry it.
	const state = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
		headers: bearer(people.Ana.token)
	});
	expect(state.status).toBe(200);
	expect(state.text).not.toContain('PCI DSS');
	expect(state.text).not.toContain('lead lee');
});

test('the AAR/IP downloads as a .docx that LibreOffice turns into a PDF with its sections', async () => {
	const path = `/sessions/${session.id}/debrief/export?format=docx`;
	// Who may download the debrief may download the document; a trainee may not.
	const cookie = await staffCookie(server, 'fay@sandtable.test', PASSWORD);
	const trainee = await call(server, 'GET', path, {
		headers: { cookie: `st_p_${session.id}=${people.Ana.token}` }
	});
	expect(trainee.status).toBe(403);
	const res = await fetch(server.url + path, { headers: { cookie } });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toBe(DOCX);
	expect(res.headers.get('content-disposition')).toMatch(
		new RegExp(`^attachment; filename="aar-ip-quarterly-ransomware-drill-${session.id}\\.docx"$`)
	);
	const bytes = new Uint8Array(await res.arrayBuffer());
	// A zip (Office Open XML package).
	expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

	test.skip(!HAS_SOFFICE, 'LibreOffice (soffice) is not installed: .ci/run installs it');
	const dir = mkdtempSync(join(tmpdir(), 'sandtable-aar-'));
	try {
		writeFileSync(join(dir, 'aar.docx'), bytes);
		// Its own profile, so parallel runs (and a desktop LibreOffice) do not clash.
		execFileSync(
			'soffice',
			[
				`-env:UserInstallation=file://${join(dir, 'profile')}`,
				'--headless',
				'--convert-to',
				'pdf',
				'--outdir',
				dir,
				join(dir, 'aar.docx')
			],
			{ stdio: 'pipe', timeout: 90_000 }
		);
		const pdf = await getDocumentProxy(new Uint8Array(readFileSync(join(dir, 'aar.pdf'))));
		const { text } = await extractText(pdf, { mergePages: true });
		const flat = text.replace(/\s+/g, ' ');
		for (const heading of [
			'After-Action Report / Improvement Plan',
			'1. Exercise overview',
			'2. Analysis of capabilities',
			'3. Strengths and areas for improvement',
			'4. Improvement plan',
			'5. Attendance',
			'6. Sign-off'
		])
			expect(flat).toContain(heading);
		expect(flat).toContain('Exercise name Quarterly ransomware drill');
		expect(flat).toContain('Facilitator facilitator fay');
		// The hand-checked Preparation scores (see beforeAll): Red 57 %, Blue 14 %, and the
		// room's average of the two, (57.14 + 14.29) / 2 = 35.7, shown as 36 %.
		expect(flat).toContain('Phase Red Blue Room average');
		expect(flat).toContain('Preparation 57% 14% 36%');
		expect(flat).toContain('M: performed with major challenges');
		expect(flat).toContain('Mailed all staff before the facts were known.');
		expect(flat).toMatch(/Ana Red Incident commander/);
		expect(flat).toContain('lead lee');
		expect(flat).toContain(COMMENT);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
