/**
 * The security lead's dashboard against the real build: three sessions of a small drill are
 * played through the API with known answers (two by the admin, one by a facilitator), the
 * improvement items are set to known states, and the dashboard must show exactly the per-phase
 * averages, trend points, timings, ratings, ATT&CK coverage and overdue items those imply, to
 * the lead (everything), to the facilitator (their own session, no trainees) and through
 * GET /api/v1/dashboard (401 without credentials, 403 for a trainee token).
 *
 * What the answers imply (points: triage phish 10 / unsure 5 / noise 0; contain isolate 10 /
 * watch 0; both decisions sit on the alert inject, which maps to T1566.001):
 *
 * | session | owner | team  | trainee | triage | contain | ident. | contain. | total | TTI | TTC |
 * | Drill A | admin | Red   | Ana     | phish  | isolate | 100    | 100      | 100   | 40  | 50  |
 * | Drill A | admin | Blue  | Ben     | unsure | watch   | 50     | 0        | 25    | -   | -   |
 * | Drill B | admin | Red   | Ana     | phish  | watch   | 100    | 0        | 50    | 40  | -   |
 * | Drill C | fran  | Green | Cy      | noise  | isolate | 0      | 100      | 50    | -   | 50  |
 *
 * Rooms: A 75/50 (62.5), B 100/0 (50), C 0/100 (50); the scenario: 58.33/50 (54.17).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';

const DRILL = readFileSync('tests/fixtures/dashboard/dash-drill.yaml', 'utf8');
const UNPLAYED = readFileSync('tests/fixtures/dashboard/dash-unplayed.yaml', 'utf8');
const LEAD = { email: 'lee@sandtable.test', password: 'lead long passphrase', role: 'lead' };
const FRAN = {
	email: 'fran@sandtable.test',
	password: 'fran long passphrase',
	role: 'facilitator'
};

interface Plan {
	team: string;
	trainee: string;
	triage: 'phish' | 'unsure' | 'noise';
	contain: 'isolate' | 'watch';
}

let server: AppServer;
const tokens: Record<'admin' | 'lead' | 'fran', string> = { admin: '', lead: '', fran: '' };
const ids: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
let traineeToken = '';

const api = (path: string) => `${server.url}/api/v1${path}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** GET `path`, or POST it when `body` is given (`null`: a POST without a body). */
async function call(
	path: string,
	token: string | null,
	body?: unknown
): Promise<{ status: number; json: Record<string, unknown> }> {
	const withBody = body !== undefined && body !== null;
	const res = await fetch(api(path), {
		method: body === undefined ? 'GET' : 'POST',
		headers: {
			...(token ? bearer(token) : {}),
			...(withBody ? { 'content-type': 'application/json' } : {})
		},
		body: withBody ? JSON.stringify(body) : undefined
	});
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function tokenFor(email: string, password: string): Promise<string> {
	const { status, json } = await call('/auth/token', null, { email, password });
	expect(status).toBe(201);
	return json.token as string;
}

/** Creates an account through the admin page's form action, as an admin would. */
async function createAccount(user: typeof LEAD): Promise<string> {
	const res = await fetch(`${server.url}/admin/users?/create`, {
		method: 'POST',
		headers: { ...bearer(tokens.admin), origin: server.url },
		body: new URLSearchParams({
			email: user.email,
			name: user.role,
			role: user.role,
			password: user.password
		})
	});
	expect(res.status).toBeLessThan(400);
	return tokenFor(user.email, user.password);
}

async function upload(yaml: string, file: string): Promise<void> {
	const res = await fetch(api(`/scenarios?file=${file}`), {
		method: 'POST',
		headers: { ...bearer(tokens.admin), 'content-type': 'application/yaml' },
		body: yaml
	});
	expect(res.status, await res.text()).toBe(201);
}

/**
 * Plays one session: the clock is paused right after the start so that every answer lands
 * before the 40m and 50m milestone injects, then runs (600x) until every team has its ending.
 */
async function play(
	owner: string,
	title: string,
	plans: Plan[],
	ratings: { team?: string; objectiveId: string; rating: string }[]
): Promise<string> {
	const created = await call('/sessions', owner, {
		scenarioId: 'dash-drill',
		teams: plans.map((p) => p.team),
		release: 'auto',
		speed: 600,
		title
	});
	expect(created.status, JSON.stringify(created.json)).toBe(201);
	const id = created.json.id as string;
	const joined: string[] = [];
	for (const p of plans) {
		const j = await call('/join', null, {
			code: created.json.joinCode,
			name: p.trainee,
			team: p.team,
			role: 'lead'
		});
		expect(j.status).toBe(201);
		joined.push(j.json.token as string);
	}
	traineeToken ||= joined[0];
	expect((await call(`/sessions/${id}/start`, owner, null)).status).toBe(200);
	expect((await call(`/sessions/${id}/pause`, owner, null)).status).toBe(200);
	for (const [i, p] of plans.entries()) {
		for (const [decisionId, optionId] of [
			['triage', p.triage],
			['contain', p.contain]
		]) {
			const answer = await call(`/sessions/${id}/responses`, joined[i], {
				injectId: 'alert',
				decisionId,
				value: { kind: 'single', optionId },
				idempotencyKey: `${id}-${i}-${decisionId}`
			});
			expect(answer.status, JSON.stringify(answer.json)).toBe(201);
		}
	}
	for (const r of ratings) {
		const seen = await call(`/sessions/${id}/observations`, owner, { ...r, text: 'Rated.' });
		expect(seen.status).toBe(201);
	}
	expect((await call(`/sessions/${id}/resume`, owner, null)).status).toBe(200);
	await expect
		.poll(
			async () => {
				const state = await call(`/sessions/${id}/state`, owner);
				return (state.json.teams as { ending: unknown }[]).every((t) => t.ending !== null);
			},
			{ timeout: 30_000 }
		)
		.toBe(true);
	expect((await call(`/sessions/${id}/end`, owner, null)).status).toBe(200);
	return id;
}

function item(id: string, sessionId: string, over: Record<string, unknown>) {
	return {
		id,
		sessionId,
		sessionTitle: 'Drill',
		scenarioId: 'dash-drill',
		draftKey: null,
		teamId: null,
		objectiveId: null,
		phases: [],
		issue: `Issue ${id}`,
		correctiveAction: 'Fix it.',
		planSection: null,
		capabilityElement: 'Planning',
		owner: '',
		dueDate: null,
		review: 'accepted',
		reviewNote: null,
		status: 'open',
		planRevision: null,
		createdAt: Date.now(),
		updatedAt: Date.now(),
		doneAt: null,
		history: [],
		...over
	};
}

test.beforeAll(async () => {
	test.setTimeout(240_000);
	server = await new AppServer().start();
	tokens.admin = await tokenFor(ADMIN.email, ADMIN.password);
	// The first library listing explores every bundled scenario; pay it before the sessions.
	expect((await call('/scenarios', tokens.admin)).status).toBe(200);
	await upload(DRILL, 'dash-drill.yaml');
	await upload(UNPLAYED, 'dash-unplayed.yaml');
	tokens.lead = await createAccount(LEAD);
	tokens.fran = await createAccount(FRAN);

	ids.A = await play(
		tokens.admin,
		'Drill A',
		[
			{ team: 'Red', trainee: 'Ana', triage: 'phish', contain: 'isolate' },
			{ team: 'Blue', trainee: 'Ben', triage: 'unsure', contain: 'watch' }
		],
		[
			{ team: 'Red', objectiveId: 'contain', rating: 'P' },
			{ team: 'Blue', objectiveId: 'contain', rating: 'U' }
		]
	);
	ids.B = await play(
		tokens.admin,
		'Drill B',
		[{ team: 'Red', trainee: 'Ana', triage: 'phish', contain: 'watch' }],
		[{ team: 'Red', objectiveId: 'contain', rating: 'S' }]
	);
	ids.C = await play(
		tokens.fran,
		'Drill C',
		[{ team: 'Green', trainee: 'Cy', triage: 'noise', contain: 'isolate' }],
		[{ objectiveId: 'contain', rating: 'M' }]
	);
	// Summaries are written once a session has ended.
	await expect
		.poll(
			async () =>
				((await call('/dashboard', tokens.admin)).json.sessions as unknown[] | undefined)?.length,
			{ timeout: 30_000 }
		)
		.toBe(3);

	// There is no API for item progress: set the items to known states in their file, as a
	// restore from backup would, with the server stopped.
	await server.kill();
	const past = '2020-01-01';
	const items = [
		item('i-overdue', ids.A, {
			dueDate: past,
			planSection: 'comms.escalation',
			owner: 'Dana',
			issue: 'No out-of-band bridge'
		}),
		item('i-pending', ids.C, {
			review: 'pending',
			dueDate: '2020-06-01',
			planSection: 'comms.escalation',
			issue: 'Nobody owned the call tree'
		}),
		item('i-done', ids.A, { status: 'done', dueDate: past, owner: 'Dana' }),
		item('i-verified', ids.B, { status: 'verified' }),
		item('i-rejected', ids.B, { review: 'rejected', dueDate: past }),
		item('i-later', ids.A, { status: 'in-progress', dueDate: '2999-12-31', owner: 'Dana' }),
		item('i-deferred', ids.C, { review: 'deferred', dueDate: '2999-01-01' })
	];
	writeFileSync(join(server.dataDir, 'improvements.json'), JSON.stringify({ version: 1, items }));
	await server.start();
});

test.afterAll(async () => {
	await server?.dispose();
});

async function signIn(page: Page, email: string, password: string) {
	await page.goto(`${server.url}/login?next=/dashboard`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);
}

/** The cell texts of each body row of a table, row header first. */
async function rows(table: Locator): Promise<string[][]> {
	return table
		.locator('tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim()))
		);
}

function card(page: Page, heading: string): Locator {
	return page.locator('section.card', {
		has: page.getByRole('heading', { name: heading, exact: true })
	});
}

async function lead(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled });
	const page = await context.newPage();
	await signIn(page, LEAD.email, LEAD.password);
	return page;
}

test('a lead sees the per-phase averages, trends, timings, ratings, coverage and items the answers imply', async ({
	browser
}) => {
	const page = await lead(browser);
	const sessions = page.locator('tbody[data-session]');
	await expect(sessions).toHaveCount(3);
	// Newest first; each session a room row (mean of its teams) and one row per team.
	expect(await sessions.evaluateAll((b) => b.map((x) => x.getAttribute('data-session')))).toEqual([
		ids.C,
		ids.B,
		ids.A
	]);
	const sessionRows = await rows(
		page.getByRole('table', { name: 'Sessions with their per-phase scores' })
	);
	expect(sessionRows.map((r) => r.slice(-5))).toEqual([
		['Room', '0%', '100%', '50%', ''],
		['Green', '0%', '100%', '50%', 'good'],
		['Room', '100%', '0%', '50%', ''],
		['Red', '100%', '0%', '50%', 'bad'],
		['Room', '75%', '50%', '63%', ''],
		['Red', '100%', '100%', '100%', 'good'],
		['Blue', '50%', '0%', '25%', 'bad']
	]);
	await expect(page.getByRole('link', { name: 'Drill A' })).toHaveAttribute(
		'href',
		`/sessions/${ids.A}/debrief`
	);

	// Trend points, oldest first, per team and for the organisation.
	const identification = card(page, 'Identification');
	await identification.getByText(/^Numbers/).click();
	const idTable = identification.getByRole('table');
	await expect(idTable.locator('thead th')).toHaveText([
		'Date',
		'Organisation',
		'Blue',
		'Green',
		'Red'
	]);
	const idRows = await rows(idTable);
	expect(idRows.map((r) => [r[0].replace(/^\d{4}-\d{2}-\d{2} · /, ''), ...r.slice(1)])).toEqual([
		['Drill A', '75%', '50%', '—', '100%'],
		['Drill B', '100%', '—', '—', '100%'],
		['Drill C', '0%', '—', '0%', '—']
	]);
	// Numbers behind a closed toggle are in the page too (a CSS locator finds hidden tables).
	const containment = await rows(card(page, 'Containment').locator('table'));
	expect(containment.map((r) => r.slice(1))).toEqual([
		['50%', '0%', '—', '100%'],
		['0%', '—', '—', '0%'],
		['100%', '—', '100%', '—']
	]);

	// Time to identify (40m) and to contain (50m), stamped by the scenario's milestone injects.
	const identify = card(page, 'Time to identify').locator('table');
	await expect(identify.locator('thead th')).toHaveText(['Date', 'Organisation', 'Red']);
	expect((await rows(identify)).map((r) => r.slice(1))).toEqual([
		['40 min', '40 min'],
		['40 min', '40 min']
	]);
	const contain = card(page, 'Time to contain').locator('table');
	await expect(contain.locator('thead th')).toHaveText(['Date', 'Organisation', 'Green', 'Red']);
	expect((await rows(contain)).map((r) => r.slice(1))).toEqual([
		['50 min', '—', '50 min'],
		['50 min', '50 min', '—']
	]);

	// The scenario comparison: means of the room percents.
	expect(await rows(card(page, 'Scenario comparison').getByRole('table'))).toEqual([
		['Dashboard drill', '3', '58%', '50%', '54%']
	]);

	// Ratings: per team where rated per team, once for a room-wide rating; "detect" never rated.
	const ratings = card(page, 'Objective ratings');
	for (const [rating, count] of Object.entries({ P: 1, S: 1, M: 1, U: 1, unrated: 3 })) {
		await expect(ratings.locator(`[data-rating="${rating}"]`)).toHaveText(String(count));
	}

	// ATT&CK coverage: the inject's technique with its mean score, the scenario-level one without
	// a score, and the unplayed scenario's technique flagged in words.
	const coverage = card(page, 'MITRE ATT&CK coverage');
	const technique = async (id: string) =>
		(await rows(coverage.getByRole('table'))).find((r) => r[0] === id)?.slice(0, 5);
	const today = (await call('/dashboard', tokens.lead)).json.today as string;
	expect(await technique('T1566.001')).toEqual(['T1566.001', 'Exercised', '3', today, '56%']);
	expect(await technique('T1078')).toEqual(['T1078', 'Exercised', '3', today, '—']);
	expect(await technique('T1200')).toEqual(['T1200', 'Never exercised', '0', '—', '—']);

	// Improvement items: one per state, two overdue (a rejected item never is).
	const items = card(page, 'Improvement items');
	const counts = { overdue: 2, pending: 1, open: 1, 'in-progress': 1, done: 1, verified: 1 };
	for (const [state, n] of Object.entries({ ...counts, deferred: 1, rejected: 1 })) {
		await expect(items.locator(`[data-count="${state}"]`)).toHaveText(String(n));
	}
	await expect(items.locator('ul.overdue li a')).toHaveText([
		'No out-of-band bridge',
		'Nobody owned the call tree'
	]);
	const bySection = await rows(items.getByRole('table', { name: /by IR-plan section/ }));
	expect(bySection).toEqual([
		['comms.escalation', '2', '2', '0', '0', '2'],
		['No plan section', '1', '0', '1', '1', '5']
	]);
	const byOwner = await rows(items.getByRole('table', { name: /by owner/ }));
	expect(byOwner[0]).toEqual(['Dana', '2', '1', '1', '0', '3']);

	// Trainees, for leads only: Ana played twice.
	expect(await rows(card(page, 'Trainees').locator('table'))).toEqual([
		['Ana', '2', '75%', today, '50%', 'Red'],
		['Ben', '1', '25%', today, '25%', 'Blue'],
		['Cy', '1', '50%', today, '50%', 'Green']
	]);

	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
});

test('the JSON API gives the lead the same numbers, and CSV exports pseudonymise trainees', async () => {
	const { status, json } = await call('/dashboard', tokens.lead);
	expect(status).toBe(200);
	const d = json as {
		sessions: { id: string; room: Record<string, number>; roomTotal: number }[];
		scenarios: {
			scenarioId: string;
			sessions: number;
			phases: Record<string, number>;
			total: number;
		}[];
		trends: {
			phase: { id: string };
			series: { label: string; points: { sessionId: string; value: number }[] }[];
		}[];
		coverage: { id: string; exercised: number; meanPercent: number | null; never: boolean }[];
		improvements: { counts: Record<string, number>; overdue: number };
		ratings: { total: Record<string, number> };
	};
	expect(d.sessions.map((s) => [s.id, s.room, s.roomTotal])).toEqual([
		[ids.C, { identification: 0, containment: 100 }, 50],
		[ids.B, { identification: 100, containment: 0 }, 50],
		[ids.A, { identification: 75, containment: 50 }, 62.5]
	]);
	expect(d.scenarios).toEqual([
		{
			scenarioId: 'dash-drill',
			title: 'Dashboard drill',
			sessions: 3,
			// The JSON API is unrounded (pages and CSV round once, at display).
			phases: { identification: expect.closeTo(175 / 3, 9), containment: 50 },
			total: expect.closeTo(325 / 6, 9)
		}
	]);
	const org = d.trends.find((t) => t.phase.id === 'identification')!.series[0];
	expect([org.label, org.points.map((p) => [p.sessionId, p.value])]).toEqual([
		'Organisation',
		[
			[ids.A, 75],
			[ids.B, 100],
			[ids.C, 0]
		]
	]);
	expect(d.coverage.find((c) => c.id === 'T1566.001')).toMatchObject({
		exercised: 3,
		meanPercent: 56.25
	});
	expect(d.coverage.find((c) => c.id === 'T1200')).toMatchObject({ exercised: 0, never: true });
	expect(d.improvements.overdue).toBe(2);
	expect(d.ratings.total).toEqual({ P: 1, S: 1, M: 1, U: 1, unrated: 3 });
	// A page of sessions, as the dashboard page builds it; the other sections count all three.
	const paged = await call('/dashboard?page=2&pageSize=2', tokens.lead);
	expect(paged.status).toBe(200);
	const p = paged.json as typeof d & { sessionPage: Record<string, number> };
	expect(p.sessions.map((s) => s.id)).toEqual([ids.A]);
	expect(p.sessionPage).toEqual({ page: 2, pages: 2, size: 2, total: 3 });
	expect(p.scenarios[0].sessions).toBe(3);
	expect((await call('/dashboard?pageSize=0', tokens.lead)).status).toBe(400);

	const csv = async (query: string, token = tokens.lead) => {
		const res = await fetch(api(`/dashboard?${query}`), { headers: bearer(token) });
		return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
	};
	const named = await csv('format=csv&section=trainees');
	expect(named.type).toBe('text/csv; charset=utf-8');
	expect(named.text).toContain('\r\nAna,2,75,');
	const pseudo = await csv('format=csv&section=trainees&pseudonymise=1');
	expect(pseudo.text).not.toMatch(/Ana|Ben|Cy/);
	const names = pseudo.text
		.trim()
		.split('\r\n')
		.slice(1)
		.map((l) => l.split(',')[0]);
	expect(names).toHaveLength(3);
	for (const n of names) expect(n).toMatch(/^Trainee [0-9a-f]{6}$/);
	// Stable: the same person has the same pseudonym in the next export.
	expect((await csv('format=csv&section=trainees&pseudonymise=1')).text).toBe(pseudo.text);

	const sessions = await csv('format=csv&team=Red');
	expect(sessions.text.trim().split('\r\n')).toHaveLength(1 + 2 * 2);
});

test('filters are a GET form that works without JavaScript and gives a shareable link', async ({
	browser
}) => {
	const page = await lead(browser, false);
	await page.goto(`${server.url}/dashboard`);
	await page.getByLabel('Team').selectOption('Red');
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/[?&]team=Red(&|$)/);
	await expect(page.locator('tbody[data-session]')).toHaveCount(2);
	const teams = await rows(
		page.getByRole('table', { name: 'Sessions with their per-phase scores' })
	);
	expect(teams.map((r) => r.at(-5))).toEqual(['Room', 'Red', 'Room', 'Red']);

	await page.goto(`${server.url}/dashboard?to=2000-01-01`);
	await expect(page.locator('tbody[data-session]')).toHaveCount(0);
	await expect(page.getByText('No ended sessions match these filters.')).toBeVisible();
	await page.goto(`${server.url}/dashboard?from=yesterday`);
	await expect(page.getByRole('alert')).toContainText('from: expected a date as YYYY-MM-DD');
});

test('a facilitator sees only their own sessions and no trainees', async ({ browser }) => {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, FRAN.email, FRAN.password);
	await expect(page.getByText('Your own sessions only')).toBeVisible();
	await expect(page.locator('tbody[data-session]')).toHaveCount(1);
	await expect(page.locator(`tbody[data-session="${ids.C}"]`)).toHaveCount(1);
	await expect(page.getByRole('heading', { name: 'Trainees' })).toHaveCount(0);
	await expect(page.getByText('Cy', { exact: true })).toHaveCount(0);
	const coverage = await rows(card(page, 'MITRE ATT&CK coverage').getByRole('table'));
	expect(coverage.find((r) => r[0] === 'T1566.001')?.slice(1, 3)).toEqual(['Exercised', '1']);
	const items = card(page, 'Improvement items');
	for (const [state, n] of Object.entries({
		overdue: 1,
		pending: 1,
		deferred: 1,
		open: 0,
		done: 0
	})) {
		await expect(items.locator(`[data-count="${state}"]`)).toHaveText(String(n));
	}

	const mine = await call('/dashboard', tokens.fran);
	expect(mine.status).toBe(200);
	expect((mine.json.sessions as { id: string }[]).map((s) => s.id)).toEqual([ids.C]);
	expect(mine.json.trainees).toBeNull();
	const trainees = await fetch(api('/dashboard?format=csv&section=trainees'), {
		headers: bearer(tokens.fran)
	});
	expect(trainees.status).toBe(403);
});

test('the dashboard refuses the signed-out (401, or /login) and trainees (403)', async ({
	page
}) => {
	expect((await call('/dashboard', null)).status).toBe(401);
	const trainee = await call('/dashboard', traineeToken);
	expect(trainee.status).toBe(403);
	expect(trainee.json.error).toMatch(/trainee token/i);
	expect((await call('/dashboard?from=2026-13-01', tokens.lead)).status).toBe(400);
	await page.goto(`${server.url}/dashboard`);
	await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});
