/**
 * Improvement items leave the app, and the lead sees which standards the exercises evidence:
 * a test receiver on loopback takes the signed webhook (after failing the first delivery with
 * 500, so the retry is what arrives), the CSV download of the improvements page reads back as
 * the items, and the compliance page shows a requirement the exercise evidenced beside one no
 * exercise ever did (overdue). A catalogue file that does not validate stops the start.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppServer } from './support/server';
import { signIn } from './support/people';
import { adminToken, bearer, call, createSession, joinSession, staff } from './security/support';

const SECRET = 'e2e-webhook-secret-0123456789';
const SCENARIO = 'ransomware-file-server';

interface Received {
	at: number;
	headers: IncomingHttpHeaders;
	body: string;
	answered: number;
}

/** The receiver's check, written as a receiver would: HMAC-SHA256 over `t.body`, recent t. */
function signedBy(secret: string, header: string, body: string): boolean {
	const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
	const v1 = /(?:^|,)v1=([0-9a-f]{64})/.exec(header)?.[1];
	if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
	const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
	return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** A minimal RFC 4180 reader. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted && c === '"' && text[i + 1] === '"') {
			cell += '"';
			i++;
		} else if (quoted && c === '"') quoted = false;
		else if (quoted) cell += c;
		else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	return rows;
}

let receiver: Server;
const received: Received[] = [];
let server: AppServer;
let folder: string;

test.beforeAll(async () => {
	// The first delivery fails with 500; everything after is taken.
	receiver = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const answered = received.length === 0 ? 500 : 204;
			received.push({ at: Date.now(), headers: req.headers, body, answered });
			res.statusCode = answered;
			res.end();
		});
	});
	await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
	const { port } = receiver.address() as { port: number };
	folder = mkdtempSync(join(tmpdir(), 'sandtable-outbound-'));
	const catalogue = join(folder, 'standards.yaml');
	writeFileSync(
		catalogue,
		[
			'defaultIntervalMonths: 12',
			'standards:',
			'  - id: csf',
			'    name: NIST CSF 2.0 (test)',
			'    requirements:',
			'      - id: id-im',
			'        reference: ID.IM',
			'        summary: Improvements come from exercises.',
			'        evidence: { csf: [ID.IM] }',
			'  - id: governance',
			'    name: Governance (test)',
			'    requirements:',
			'      - id: gv-oc',
			'        reference: GV.OC',
			'        summary: The organisational context is understood.',
			'        intervalMonths: 6',
			'        evidence: { csf: [GV.OC] }'
		].join('\n')
	);
	server = await new AppServer({
		env: {
			IMPROVEMENT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/sandtable`,
			IMPROVEMENT_WEBHOOK_SECRET: SECRET,
			IMPROVEMENT_WEBHOOK_RETRY_BASE_MS: '1000',
			COMPLIANCE_CATALOGUE: catalogue
		}
	}).start();
});

test.afterAll(async () => {
	await server?.dispose();
	receiver?.close();
	rmSync(folder, { recursive: true, force: true });
});

/** Plays a short exercise that goes badly in preparation, so its debrief proposes items. */
async function playExercise(token: string, title: string): Promise<string> {
	const session = await createSession(server, token, {
		scenarioId: SCENARIO,
		teams: ['Red'],
		title
	});
	const ic = await joinSession(server, session.joinCode, {
		name: 'Ina',
		team: 'Red',
		role: 'incident-commander'
	});
	await staff(server, token, session.id, 'start');
	await staff(server, token, session.id, 'release', { injectId: 'month-end-briefing' });
	const answer = await call(server, 'POST', `/api/v1/sessions/${session.id}/responses`, {
		headers: bearer(ic.token),
		json: {
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			value: { kind: 'multiple', optionIds: ['all-staff-mail'] },
			idempotencyKey: `${title}-1`
		}
	});
	expect(answer.status, answer.text).toBeLessThan(300);
	await staff(server, token, session.id, 'end');
	return session.id;
}

interface ApiItem {
	id: string;
	issue: string;
	owner: string;
	dueDate: string | null;
	review: string;
	status: string;
	planSection: string | null;
}

test('improvement items reach a webhook receiver after a retry, and the CSV reads back as the items', async ({
	page
}) => {
	test.setTimeout(120_000);
	const token = await adminToken(server);
	const sessionId = await playExercise(token, 'Outbound drill');

	// The debrief's items are proposed once the session has ended.
	let items: ApiItem[] = [];
	await expect(async () => {
		const res = await call(server, 'GET', `/api/v1/improvements?session=${sessionId}`, {
			headers: bearer(token)
		});
		expect(res.status).toBe(200);
		items = res.json<{ items: ApiItem[] }>().items;
		expect(items.length).toBeGreaterThan(0);
	}).toPass({ timeout: 20_000 });

	// Every item's creation arrives; the first delivery failed with 500 and came again, the same.
	await expect
		.poll(
			() =>
				received.filter(
					(r) => r.answered === 204 && r.headers['sandtable-event'] === 'improvement_item.created'
				).length,
			{ timeout: 30_000 }
		)
		.toBe(items.length);
	const [failed] = received;
	expect(failed.answered).toBe(500);
	const retry = received.find(
		(r) => r !== failed && r.headers['sandtable-delivery'] === failed.headers['sandtable-delivery']
	);
	expect(retry, 'the failed delivery is tried again').toBeTruthy();
	expect(retry!.body).toBe(failed.body);
	expect(retry!.at - failed.at).toBeGreaterThanOrEqual(800);
	for (const r of received) {
		expect(r.headers['content-type']).toBe('application/json');
		expect(signedBy(SECRET, String(r.headers['sandtable-signature']), r.body)).toBe(true);
		expect(
			signedBy('another-secret-000000000', String(r.headers['sandtable-signature']), r.body)
		).toBe(false);
	}
	const delivered = received
		.filter((r) => r.answered === 204)
		.map((r) => JSON.parse(r.body) as { type: string; item: { id: string; issue: string } });
	expect(new Set(delivered.map((d) => d.item.id))).toEqual(new Set(items.map((i) => i.id)));
	expect(server.output).toContain('webhook: attempt failed');
	const metrics = await call(server, 'GET', '/metrics');
	expect(metrics.text).toMatch(/sandtable_webhook_attempts_total\{result="retry"\} [1-9]/);
	expect(metrics.text).toMatch(/sandtable_webhook_attempts_total\{result="delivered"\} [1-9]/);
	expect(server.output).not.toContain(SECRET);

	// A lead's review of an item is sent too.
	const reviewed = items[0];
	const review = await call(server, 'POST', '/improvements?/review', {
		headers: bearer(token),
		form: { decision: 'deferred', ids: reviewed.id, note: 'Next quarter' }
	});
	expect(review.status, review.text).toBeLessThan(400);
	await expect
		.poll(
			() =>
				received
					.filter((r) => r.headers['sandtable-event'] === 'improvement_item.reviewed')
					.map((r) => JSON.parse(r.body).item as { id: string; review: string }),
			{ timeout: 15_000 }
		)
		.toEqual([expect.objectContaining({ id: reviewed.id, review: 'deferred' })]);

	// The lead sees the deliveries on the improvements page, and downloads the filtered CSV.
	await signIn(page, server.url);
	await page.goto(`${server.url}/improvements?session=${sessionId}`);
	const deliveries = page.locator('section', {
		has: page.getByRole('heading', { name: 'Webhook deliveries' })
	});
	await expect(deliveries).toContainText('improvement_item.reviewed');
	await expect(deliveries.getByText('delivered').first()).toBeVisible();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: /Download CSV/ }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^sandtable-improvements-\d{4}-\d{2}-\d{2}\.csv$/);
	const { readFile } = await import('node:fs/promises');
	const rows = parseCsv(await readFile((await download.path())!, 'utf8'));
	const [header, ...body] = rows;
	expect(header.slice(0, 7)).toEqual([
		'External ID',
		'Summary',
		'Description',
		'Assignee',
		'Due date',
		'Status',
		'Labels'
	]);
	const col = (name: string) => header.indexOf(name);
	expect(body.map((r) => r[col('External ID')]).sort()).toEqual(items.map((i) => i.id).sort());
	for (const row of body) {
		const item = items.find((i) => i.id === row[col('External ID')])!;
		expect(row[col('Description')]).toContain(item.issue.trim());
		expect(row[col('Status')]).toBe(item.id === reviewed.id ? 'Deferred' : 'Pending review');
		expect(row[col('Labels')]).toContain(`exercise-${sessionId}`);
		expect(row[col('Exercise')]).toBe('Outbound drill');
	}

	// The filters hold: only the deferred one.
	const filtered = await call(
		server,
		'GET',
		`/api/v1/improvements?format=csv&session=${sessionId}&review=deferred`,
		{ headers: bearer(token) }
	);
	expect(filtered.headers.get('content-type')).toContain('text/csv');
	expect(
		parseCsv(filtered.text)
			.slice(1)
			.map((r) => r[0])
	).toEqual([reviewed.id]);
	const bad = await call(server, 'GET', '/api/v1/improvements?format=xml', {
		headers: bearer(token)
	});
	expect(bad.status).toBe(400);
});

test('the compliance page shows the requirement the exercise evidenced, and the overdue one', async ({
	page
}) => {
	const token = await adminToken(server);
	// The first test's exercise, or a fresh one when this test runs alone.
	const list = await call(server, 'GET', '/api/v1/compliance', { headers: bearer(token) });
	expect(list.status).toBe(200);
	type View = {
		standards: {
			requirements: { id: string; overdue: boolean; lastTested: { title: string } | null }[];
		}[];
	};
	if (!list.json<View>().standards[0].requirements[0].lastTested)
		await playExercise(token, 'Outbound drill');
	await expect(async () => {
		const view = (
			await call(server, 'GET', '/api/v1/compliance', { headers: bearer(token) })
		).json<View>();
		const [tested, never] = view.standards.map((s) => s.requirements[0]);
		expect(tested).toMatchObject({
			id: 'id-im',
			overdue: false,
			lastTested: { title: 'Outbound drill' }
		});
		expect(never).toMatchObject({ id: 'gv-oc', overdue: true, lastTested: null });
	}).toPass({ timeout: 20_000 });

	// One exercise's control mapping: what it evidences and why.
	const sessions = await call(server, 'GET', '/api/v1/sessions', { headers: bearer(token) });
	const drill = sessions
		.json<{ id: string; title: string }[]>()
		.find((x) => x.title === 'Outbound drill')!;
	const mapping = await call(server, 'GET', `/api/v1/compliance?session=${drill.id}`, {
		headers: bearer(token)
	});
	expect(mapping.status, mapping.text).toBe(200);
	expect(mapping.json()).toEqual({
		sessionId: drill.id,
		evidences: [
			{
				standardId: 'csf',
				standard: 'NIST CSF 2.0 (test)',
				requirementId: 'id-im',
				reference: 'ID.IM',
				csf: [{ scenario: 'ID.IM-02', requirement: 'ID.IM' }],
				phases: []
			}
		]
	});
	const unknown = await call(server, 'GET', '/api/v1/compliance?session=nope', {
		headers: bearer(token)
	});
	expect(unknown.status).toBe(404);

	await signIn(page, server.url);
	await page.getByRole('link', { name: 'Compliance' }).click();
	await expect(page).toHaveURL(/\/compliance$/);
	const tested = page.locator('tr[data-requirement="id-im"]');
	await expect(tested.getByRole('link', { name: 'Outbound drill' })).toHaveAttribute(
		'href',
		/\/sessions\/[0-9a-f]+\/debrief$/
	);
	await expect(tested).toContainText('ID.IM-02');
	await expect(tested).not.toContainText('Overdue');
	await expect(tested.locator('td').nth(1)).toHaveText(/\d+%/);
	const never = page.locator('tr[data-requirement="gv-oc"]');
	await expect(never).toContainText('Never tested');
	await expect(never).toContainText('Overdue');
	await expect(page.getByRole('heading', { name: /Governance \(test\)/ })).toContainText(
		'1 overdue'
	);
	// The link goes to the exercise's debrief.
	await tested.getByRole('link', { name: 'Outbound drill' }).click();
	await expect(page).toHaveURL(/\/debrief$/);

	// Without credentials the JSON is refused (roles: tests/security/authz.e2e.ts).
	const anonymous = await call(server, 'GET', '/api/v1/compliance', {});
	expect(anonymous.status).toBe(401);
});

test('a compliance catalogue that does not validate stops the start, naming the file and the problem', async () => {
	const bad = join(folder, 'bad.yaml');
	writeFileSync(
		bad,
		'standards:\n  - id: x\n    name: X\n    requirements:\n      - { id: r, reference: "1", summary: s, evidence: { csf: [RS.MA-1] } }\n'
	);
	const broken = new AppServer({ env: { COMPLIANCE_CATALOGUE: bad } });
	try {
		const error = await broken.start().then(
			() => null,
			(e: Error) => e.message
		);
		expect(error).toContain('COMPLIANCE_CATALOGUE');
		expect(error).toContain('bad.yaml');
		expect(error).toContain('a NIST CSF 2.0 id');
	} finally {
		await broken.dispose();
	}
});
