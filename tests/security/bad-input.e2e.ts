/**
 * Bad input on every form action and API endpoint, against the real build: wrong types, missing
 * fields, over-long values, huge bodies, wrong content types, malformed and deeply nested JSON,
 * unknown ids (also with RTL overrides, zero-width characters, emoji and NUL in them), replayed
 * and out-of-order requests. Each must get a clear 4xx (never a 5xx) and leave every data file
 * as it was. Odd but valid text (emoji, RTL, zero-width) is stored verbatim and survives a
 * restart.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, AppServer } from '../support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	fingerprint,
	joinSession,
	staff,
	staffCookie,
	type Headers,
	type Reply,
	type SessionInfo,
	type Trainee
} from './support';

const SCENARIO = 'ransomware-file-server';
const UNKNOWN_SESSION = 'ffffffffffffffff';
/** Ids no store holds, written the ways that have confused parsers, routers and people. */
const ODD_IDS = [
	'no-such-thing',
	'\u202eevil.exe',
	'zero\u200bwidth',
	'nul\u0000byte',
	'💥',
	'../../etc/passwd',
	'%2e%2e%2f',
	'x'.repeat(101)
];

let server: AppServer;
let admin: string;
let cookie: string;
let paused: SessionInfo;
let lobby: SessionInfo;
let ended: SessionInfo;
let trainee: Trainee;
let traineeCookie: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await new AppServer().start();
	admin = await adminToken(server);
	cookie = await staffCookie(server, ADMIN.email, ADMIN.password);
	paused = await createSession(server, admin, { scenarioId: SCENARIO });
	trainee = await joinSession(server, paused.joinCode, {
		name: 'Tess',
		team: 'Red',
		role: 'incident-commander'
	});
	traineeCookie = `st_p_${paused.id}=${trainee.token}`;
	await staff(server, admin, paused.id, 'start');
	await staff(server, admin, paused.id, 'release', { team: 'Red', injectId: 'month-end-briefing' });
	const answered = await call(server, 'POST', `/api/v1/sessions/${paused.id}/responses`, {
		headers: bearer(trainee.token),
		json: {
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			value: { kind: 'multiple', optionIds: ['oob-bridge'] },
			idempotencyKey: 'setup'
		}
	});
	expect(answered.status).toBe(201);
	// Paused: the clock is frozen, so nothing may change unless a request changes it.
	await staff(server, admin, paused.id, 'pause');
	lobby = await createSession(server, admin, { scenarioId: SCENARIO, title: 'Lobby' });
	ended = await createSession(server, admin, { scenarioId: SCENARIO, title: 'Ended' });
	await staff(server, admin, ended.id, 'start');
	await staff(server, admin, ended.id, 'end');
	// Let the after-end work (summary, proposals) finish before comparing files.
	await new Promise((r) => setTimeout(r, 1500));
});
test.afterAll(async () => server?.dispose());

interface Probe {
	label: string;
	method?: 'GET' | 'POST';
	path: string;
	headers?: Headers;
	json?: unknown;
	form?: Record<string, string | string[]>;
	body?: BodyInit;
}

/**
 * Sends every probe; each must be answered 4xx with a message. Returns a list of what went
 * wrong, so one failure report shows every offending probe at once.
 */
async function refuseAll(probes: Probe[]): Promise<string[]> {
	const problems: string[] = [];
	for (const p of probes) {
		let res: Reply | null = null;
		// Once more on a network error: after refusing a huge body unread, the server closes that
		// connection, and the client may try to reuse it for the next request.
		for (let attempt = 1; !res && attempt <= 2; attempt++) {
			try {
				res = await call(server, p.method ?? 'POST', p.path, {
					headers: p.headers,
					json: p.json,
					form: p.form,
					body: p.body
				});
			} catch (e) {
				if (attempt === 2) problems.push(`${p.label}: request failed (${(e as Error).message})`);
			}
		}
		if (!res) continue;
		if (res.status < 400 || res.status >= 500) {
			problems.push(`${p.label}: ${res.status} ${res.text.slice(0, 160)}`);
			continue;
		}
		if (p.path.startsWith('/api/')) {
			let message: unknown;
			try {
				message = res.json<{ error?: unknown }>().error;
			} catch {
				message = undefined;
			}
			if (typeof message !== 'string' || message.length < 3)
				problems.push(`${p.label}: ${res.status} without a JSON error message`);
		} else if (res.text.length === 0) problems.push(`${p.label}: ${res.status} with an empty body`);
	}
	return problems;
}

/** Runs the probes and checks that no data file changed. */
async function expectRefusedAndUnchanged(probes: Probe[]) {
	expect(probes.length).toBeGreaterThan(0);
	const before = fingerprint(server.dataDir);
	const problems = await refuseAll(probes);
	expect(problems).toEqual([]);
	expect(fingerprint(server.dataDir)).toEqual(before);
	// And the server is still well.
	expect((await call(server, 'GET', '/healthz')).status).toBe(200);
}

/**
 * Bad variants of a JSON body: not JSON, wrong JSON values, each required field missing, each
 * field null or of the wrong type, each string over its limit, an unknown key, over 64 KiB,
 * deeply nested, and the wrong content type.
 */
function jsonProbes(
	label: string,
	path: string,
	headers: Headers,
	valid: Record<string, unknown>,
	options: { required?: string[]; limits?: Record<string, number> } = {}
): Probe[] {
	const probes: Probe[] = [];
	const raw = (what: string, body: BodyInit, type = 'application/json') =>
		probes.push({
			label: `${label}: ${what}`,
			path,
			headers: { ...headers, 'content-type': type },
			body
		});
	raw('empty body', '');
	raw('not JSON', '{"a": ');
	raw('JSON null', 'null');
	raw('a JSON array', '[]');
	raw('a JSON string', '"text"');
	raw('a JSON number', '42');
	raw('nested 30,000 deep', `${'['.repeat(30_000)}${']'.repeat(30_000)}`);
	raw('over 64 KiB', JSON.stringify({ ...valid, pad: 'x'.repeat(70_000) }));
	raw('text/plain', JSON.stringify(valid), 'text/plain');
	raw('form encoded', 'a=b', 'application/x-www-form-urlencoded');
	raw('invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
	probes.push({ label: `${label}: unknown key`, path, headers, json: { ...valid, surprise: 1 } });
	for (const field of options.required ?? Object.keys(valid)) {
		const { [field]: _, ...rest } = valid;
		void _;
		probes.push({ label: `${label}: without ${field}`, path, headers, json: rest });
	}
	for (const [field, value] of Object.entries(valid)) {
		const wrong: unknown[] = [null, {}, [[]]];
		wrong.push(typeof value === 'string' ? 12345 : 'a string');
		if (typeof value !== 'boolean') wrong.push(true);
		for (const w of wrong)
			probes.push({
				label: `${label}: ${field} = ${JSON.stringify(w)}`,
				path,
				headers,
				json: { ...valid, [field]: w }
			});
	}
	for (const [field, max] of Object.entries(options.limits ?? {}))
		probes.push({
			label: `${label}: ${field} over ${max}`,
			path,
			headers,
			json: { ...valid, [field]: 'y'.repeat(max + 1) }
		});
	return probes;
}

/** Bad variants of a form post: wrong content type, over 64 KiB, empty, and each given variant. */
function formProbes(
	label: string,
	path: string,
	headers: Headers,
	variants: Record<string, Record<string, string | string[]>>,
	options: { maxBody?: number } = {}
): Probe[] {
	const h = { ...headers, accept: 'text/html' };
	const probes: Probe[] = [
		{
			label: `${label}: JSON instead of a form`,
			path,
			headers: { ...h, 'content-type': 'application/json' },
			body: '{"a":1}'
		},
		{
			label: `${label}: text/plain`,
			path,
			headers: { ...h, 'content-type': 'text/plain' },
			body: 'a=b'
		},
		{
			label: `${label}: body over the limit`,
			path,
			headers: h,
			form: { pad: 'x'.repeat((options.maxBody ?? 64 * 1024) + 1024) }
		}
	];
	for (const [what, form] of Object.entries(variants))
		probes.push({ label: `${label}: ${what}`, path, headers: h, form });
	return probes;
}

/** The same request against each odd session id in the path. */
function unknownSessions(label: string, build: (id: string) => Probe): Probe[] {
	return [UNKNOWN_SESSION, ...ODD_IDS].map((id) => {
		const p = build(encodeURIComponent(id));
		return { ...p, label: `${label}: session ${JSON.stringify(id).slice(0, 30)}` };
	});
}

test('the JSON API refuses every malformed body and unknown id with a 4xx, changing nothing', async () => {
	const auth = bearer(admin);
	const s = `/api/v1/sessions/${paused.id}`;
	const probes: Probe[] = [
		...jsonProbes(
			'token',
			'/api/v1/auth/token',
			{},
			{ email: ADMIN.email, password: 'x' },
			{
				required: ['email', 'password'],
				limits: { email: 254 }
			}
		),
		...jsonProbes(
			'join',
			'/api/v1/join',
			{},
			{ code: paused.joinCode, name: 'Zed', team: 'Red', role: 'legal' },
			{ limits: { code: 40, name: 60, team: 60, role: 60 } }
		),
		...jsonProbes(
			'create session',
			'/api/v1/sessions',
			auth,
			{ scenarioId: SCENARIO, teams: ['A'], release: 'manual', speed: 1, title: 't' },
			{ required: ['scenarioId', 'teams', 'release'], limits: { scenarioId: 100, title: 100 } }
		),
		{
			label: 'create session: 51 teams',
			path: '/api/v1/sessions',
			headers: auth,
			json: {
				scenarioId: SCENARIO,
				teams: Array.from({ length: 51 }, (_, i) => `T${i}`),
				release: 'auto'
			}
		},
		{
			label: 'create session: duplicate teams',
			path: '/api/v1/sessions',
			headers: auth,
			json: { scenarioId: SCENARIO, teams: ['A', 'a'], release: 'auto' }
		},
		{
			label: 'create session: speed 0',
			path: '/api/v1/sessions',
			headers: auth,
			json: { scenarioId: SCENARIO, teams: ['A'], release: 'auto', speed: 0 }
		},
		{
			label: 'create session: speed NaN-ish',
			path: '/api/v1/sessions',
			headers: { ...auth, 'content-type': 'application/json' },
			body: `{"scenarioId":"${SCENARIO}","teams":["A"],"release":"auto","speed":1e999}`
		},
		...ODD_IDS.map((id) => ({
			label: `create session: scenario ${JSON.stringify(id).slice(0, 20)}`,
			path: '/api/v1/sessions',
			headers: auth,
			json: { scenarioId: id, teams: ['A'], release: 'auto' }
		})),
		...jsonProbes('speed', `${s}/speed`, auth, { speed: 2 }),
		{ label: 'speed: 601', path: `${s}/speed`, headers: auth, json: { speed: 601 } },
		{ label: 'speed: -1', path: `${s}/speed`, headers: auth, json: { speed: -1 } },
		...jsonProbes(
			'release',
			`${s}/release`,
			auth,
			{ team: 'Red', injectId: 'ws-sysmon' },
			{ required: [], limits: { team: 60, injectId: 100 } }
		),
		...ODD_IDS.flatMap((id) => [
			{
				label: `release: team ${JSON.stringify(id).slice(0, 20)}`,
				path: `${s}/release`,
				headers: auth,
				json: { team: id, injectId: 'ws-sysmon' }
			},
			{
				label: `release: inject ${JSON.stringify(id).slice(0, 20)}`,
				path: `${s}/release`,
				headers: auth,
				json: { team: 'Red', injectId: id }
			}
		]),
		...jsonProbes('hold', `${s}/hold`, auth, { team: 'Red', injectId: 'ws-sysmon', held: true }),
		{
			label: 'hold: unknown inject',
			path: `${s}/hold`,
			headers: auth,
			json: { team: 'Red', injectId: 'nope', held: true }
		},
		...jsonProbes(
			'override',
			`${s}/override`,
			auth,
			{
				team: 'Red',
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				optionId: 'oob-bridge',
				reason: 'r'
			},
			{ limits: { reason: 500 } }
		),
		{
			label: 'override: not a team decision',
			path: `${s}/override`,
			headers: auth,
			json: {
				team: 'Red',
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				optionId: 'oob-bridge',
				reason: 'r'
			}
		},
		...jsonProbes(
			'observation',
			`${s}/observations`,
			auth,
			{
				text: 'x',
				team: 'Red',
				injectId: 'month-end-briefing',
				objectiveId: 'no-such',
				rating: 'P'
			},
			{ required: ['text'], limits: { text: 4000 } }
		),
		{
			label: 'observation: rating Z',
			path: `${s}/observations`,
			headers: auth,
			json: { text: 'x', rating: 'Z' }
		},
		{
			label: 'observation: blank text',
			path: `${s}/observations`,
			headers: auth,
			json: { text: ' \n\t ' }
		},
		...jsonProbes(
			'answer',
			`${s}/responses`,
			bearer(trainee.token),
			{
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				value: { kind: 'multiple', optionIds: ['oob-bridge'] },
				rationale: 'r',
				idempotencyKey: 'k-bad'
			},
			{
				required: ['injectId', 'decisionId', 'value', 'idempotencyKey'],
				limits: { rationale: 1000, idempotencyKey: 100 }
			}
		),
		...[
			{ kind: 'single', optionId: 'oob-bridge' },
			{ kind: 'multiple', optionIds: ['no-such-option'] },
			{ kind: 'multiple', optionIds: Array(101).fill('oob-bridge') },
			{ kind: 'indicators', lines: [-1] },
			{ kind: 'indicators', lines: [1.5] },
			{ kind: 'text', text: '   ' },
			{ kind: 'text', text: 'y'.repeat(4001) },
			{ kind: 'telepathy' }
		].map((value) => ({
			label: `answer: value ${JSON.stringify(value).slice(0, 40)}`,
			path: `${s}/responses`,
			headers: bearer(trainee.token),
			json: {
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				value,
				idempotencyKey: `v-${JSON.stringify(value).length}`
			}
		})),
		...ODD_IDS.map((id) => ({
			label: `answer: inject ${JSON.stringify(id).slice(0, 20)}`,
			path: `${s}/responses`,
			headers: bearer(trainee.token),
			json: {
				injectId: id,
				decisionId: 'readiness-checks',
				value: { kind: 'multiple', optionIds: ['oob-bridge'] },
				idempotencyKey: `i-${id.length}`
			}
		})),
		{
			label: 'answer: inject not released',
			path: `${s}/responses`,
			headers: bearer(trainee.token),
			json: {
				injectId: 'ws-sysmon',
				decisionId: 'x',
				value: { kind: 'single', optionId: 'x' },
				idempotencyKey: 'nr'
			}
		},
		{
			label: 'answer: forged trainee token',
			path: `${s}/responses`,
			headers: bearer('stp_forged'),
			json: {
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				value: { kind: 'multiple', optionIds: ['oob-bridge'] },
				idempotencyKey: 'f'
			}
		},
		{ label: 'action: unknown', path: `${s}/explode`, headers: auth },
		{ label: 'debrief: format exe', method: 'GET', path: `${s}/debrief?format=exe`, headers: auth },
		{
			label: 'dashboard: bad dates',
			method: 'GET',
			path: '/api/v1/dashboard?from=yesterday&to=2025-13-45',
			headers: auth
		},
		{
			label: 'dashboard: bad format',
			method: 'GET',
			path: '/api/v1/dashboard?format=xml',
			headers: auth
		},
		{
			label: 'dashboard: bad section',
			method: 'GET',
			path: '/api/v1/dashboard?section=%00',
			headers: auth
		},
		...unknownSessions('state', (id) => ({
			label: '',
			method: 'GET',
			path: `/api/v1/sessions/${id}/state`,
			headers: auth
		})),
		...unknownSessions('stream', (id) => ({
			label: '',
			method: 'GET',
			path: `/api/v1/sessions/${id}/stream`,
			headers: auth
		})),
		...unknownSessions('debrief', (id) => ({
			label: '',
			method: 'GET',
			path: `/api/v1/sessions/${id}/debrief`,
			headers: auth
		})),
		...unknownSessions('start', (id) => ({
			label: '',
			path: `/api/v1/sessions/${id}/start`,
			headers: auth
		})),
		...unknownSessions('release', (id) => ({
			label: '',
			path: `/api/v1/sessions/${id}/release`,
			headers: auth,
			json: {}
		})),
		...unknownSessions('answer', (id) => ({
			label: '',
			path: `/api/v1/sessions/${id}/responses`,
			headers: bearer(trainee.token),
			json: {
				injectId: 'a',
				decisionId: 'b',
				value: { kind: 'text', text: 'c' },
				idempotencyKey: 'd'
			}
		}))
	];
	await expectRefusedAndUnchanged(probes);
});

test('every form action refuses malformed posts and unknown ids with a 4xx, changing nothing', async () => {
	const staffH = { cookie };
	const s = `/sessions/${paused.id}`;
	const probes: Probe[] = [
		...formProbes('new session', '/sessions/new', staffH, {
			'no scenario': { teams: 'A', speed: '1', release: 'auto' },
			'unknown scenario': { scenarioId: '\u202enope', teams: 'A', speed: '1', release: 'auto' },
			'no teams': { scenarioId: SCENARIO, teams: '\n \n', speed: '1', release: 'auto' },
			'duplicate teams': { scenarioId: SCENARIO, teams: 'A\na', speed: '1', release: 'auto' },
			'51 teams': {
				scenarioId: SCENARIO,
				teams: Array.from({ length: 51 }, (_, i) => `T${i}`).join('\n'),
				speed: '1',
				release: 'auto'
			},
			'speed fast': { scenarioId: SCENARIO, teams: 'A', speed: 'fast', release: 'auto' },
			'speed 1e9': { scenarioId: SCENARIO, teams: 'A', speed: '1e9', release: 'auto' },
			'release sometimes': { scenarioId: SCENARIO, teams: 'A', speed: '1', release: 'sometimes' },
			'title too long': {
				scenarioId: SCENARIO,
				teams: 'A',
				speed: '1',
				release: 'auto',
				title: 'x'.repeat(121)
			}
		}),
		...formProbes('console control', `${s}?/control`, staffH, {
			'unknown action': { action: 'explode' },
			'end unconfirmed': { action: 'end' },
			'start again': { action: 'start' },
			'pause again': { action: 'pause' },
			'no action': {}
		}),
		...formProbes('console speed', `${s}?/speed`, staffH, {
			fast: { speed: 'fast' },
			zero: { speed: '0' },
			huge: { speed: '1e400' },
			missing: {}
		}),
		...formProbes('console release', `${s}?/release`, staffH, {
			'unknown team': { teamId: 'green', injectId: 'ws-sysmon' },
			'unknown inject': { teamId: 'red', injectId: '\u200bnope' },
			'id too long': { teamId: 'red', injectId: 'x'.repeat(101) }
		}),
		...formProbes('console hold', `${s}?/hold`, staffH, {
			'held maybe': { teamId: 'red', injectId: 'ws-sysmon', held: 'maybe' },
			'unknown inject': { teamId: 'red', injectId: 'nope', held: 'true' },
			missing: {}
		}),
		...formProbes('console override', `${s}?/override`, staffH, {
			missing: {},
			'no reason': {
				teamId: 'red',
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				optionId: 'oob-bridge',
				reason: ''
			},
			'not a team decision': {
				teamId: 'red',
				injectId: 'month-end-briefing',
				decisionId: 'readiness-checks',
				optionId: 'oob-bridge',
				reason: 'r'
			}
		}),
		...formProbes('console observe', `${s}?/observe`, staffH, {
			empty: { text: '   ' },
			'too long': { text: 'x'.repeat(4001) },
			'rating Z': { text: 'ok', rating: 'Z' },
			'unknown objective': { text: 'ok', objectiveId: 'nope' },
			'unknown team': { text: 'ok', teamId: '💥' }
		}),
		...formProbes('console score', `${s}?/score`, staffH, {
			'unknown response': { responseId: 'r000', points: '1' },
			negative: { responseId: 'r000', points: '-1' },
			'not a number': { responseId: 'r000', points: 'many' },
			'not a text answer': { responseId: 'x'.repeat(101), points: '1' }
		}),
		...unknownSessions('console on unknown session', (id) => ({
			label: '',
			path: `/sessions/${id}?/control`,
			headers: { ...staffH, accept: 'text/html' },
			form: { action: 'pause' }
		})),
		...formProbes('debrief findings', `/sessions/${ended.id}/debrief?/findings`, staffH, {
			'too long': { strengths: 'x'.repeat(20_000), improvements: '' }
		}),
		...unknownSessions('debrief on unknown session', (id) => ({
			label: '',
			path: `/sessions/${id}/debrief?/findings`,
			headers: { ...staffH, accept: 'text/html' },
			form: { strengths: 'a', improvements: 'b' }
		})),
		...formProbes(
			'answer form',
			`/play/${paused.id}?/respond`,
			{ cookie: traineeCookie },
			{
				missing: {},
				'unknown inject': {
					injectId: 'nope',
					decisionId: 'readiness-checks',
					idempotencyKey: 'k1',
					option: 'oob-bridge'
				},
				'unknown decision': {
					injectId: 'month-end-briefing',
					decisionId: '\u202ex',
					idempotencyKey: 'k2',
					option: 'oob-bridge'
				},
				'no option': {
					injectId: 'month-end-briefing',
					decisionId: 'readiness-checks',
					idempotencyKey: 'k3'
				},
				'unknown option': {
					injectId: 'month-end-briefing',
					decisionId: 'readiness-checks',
					idempotencyKey: 'k4',
					option: 'nope'
				},
				'1001 options': {
					injectId: 'month-end-briefing',
					decisionId: 'readiness-checks',
					idempotencyKey: 'k5',
					option: Array(1001).fill('oob-bridge')
				},
				'rationale too long': {
					injectId: 'month-end-briefing',
					decisionId: 'readiness-checks',
					idempotencyKey: 'k6',
					option: 'oob-bridge',
					rationale: 'x'.repeat(1001)
				},
				'NUL in the key': {
					injectId: 'month-end-briefing',
					decisionId: 'readiness-checks',
					idempotencyKey: 'a\u0000'.repeat(60),
					option: 'oob-bridge'
				}
			}
		),
		...unknownSessions('answer form on unknown session', (id) => ({
			label: '',
			path: `/play/${id}?/respond`,
			headers: { cookie: traineeCookie, accept: 'text/html' },
			form: { injectId: 'a', decisionId: 'b', idempotencyKey: 'c', option: 'd' }
		})),
		...formProbes(
			'plan section edit',
			'/plan/sections/roles-and-contacts/edit',
			staffH,
			{
				'no reason': { body: 'x', reason: '', baseRev: '1' },
				'base revision not a number': { body: 'x', reason: 'r', baseRev: 'latest' },
				'stale base revision': { body: 'x', reason: 'r', baseRev: '0' }
			},
			{ maxBody: 1_100_000 }
		),
		...ODD_IDS.map((id) => ({
			label: `plan edit: section ${JSON.stringify(id).slice(0, 20)}`,
			path: `/plan/sections/${encodeURIComponent(id)}/edit`,
			headers: { ...staffH, accept: 'text/html' },
			form: { body: 'x', reason: 'r', baseRev: '1' }
		})),
		...formProbes(
			'plan upload',
			'/plan/upload',
			staffH,
			{
				'no reason': { markdown: '# Plan' },
				'reason too long': { markdown: '# Plan', reason: 'x'.repeat(501) }
			},
			{ maxBody: 1_100_000 }
		),
		...formProbes('improvement update', '/improvements/i000000000000?/update', staffH, {
			any: { owner: 'x' }
		}),
		...['accept', 'defer', 'reject'].map((a) => ({
			label: `improvement ${a}: unknown item`,
			path: `/improvements/i000000000000?/${a}`,
			headers: { ...staffH, accept: 'text/html' },
			form: { note: 'n' }
		})),
		{
			label: 'improvement accept page: unknown item',
			path: '/improvements/%E2%80%AEi0/accept',
			headers: { ...staffH, accept: 'text/html' },
			form: { body: 'x', reason: 'r', baseRev: '1' }
		},
		...formProbes('account name', '/account?/updateName', staffH, {
			empty: { name: ' ' },
			long: { name: 'x'.repeat(101) }
		}),
		...formProbes('account token', '/account?/createToken', staffH, {
			long: { name: 'x'.repeat(61) }
		}),
		...formProbes('account revoke', '/account?/revokeToken', staffH, {
			unknown: { id: 'tok\u0000' },
			missing: {}
		}),
		...formProbes('account password', '/account?/changePassword', staffH, {
			missing: {},
			short: { currentPassword: ADMIN.password, newPassword: 'short', confirm: 'short' }
		}),
		...formProbes('add user', '/admin/users?/create', staffH, {
			'bad email': {
				email: 'not an email',
				name: 'n',
				role: 'lead',
				password: 'long enough password'
			},
			'short password': { email: 'a@b.test', name: 'n', role: 'lead', password: 'short' },
			'role god': { email: 'a@b.test', name: 'n', role: 'god', password: 'long enough password' },
			'existing email': {
				email: ADMIN.email.toUpperCase(),
				name: 'n',
				role: 'lead',
				password: 'long enough password'
			}
		}),
		...formProbes('set role', '/admin/users?/setRole', staffH, {
			'unknown user': { id: 'u\u202e', role: 'lead' },
			'role x': { id: 'x', role: 'x' }
		}),
		...formProbes('disable', '/admin/users?/setDisabled', staffH, {
			maybe: { id: 'x', disabled: 'maybe' },
			'unknown user': { id: 'nope', disabled: 'true' }
		}),
		...formProbes('reset password', '/admin/users?/resetPassword', staffH, {
			short: { id: 'x', password: 'short' },
			'unknown user': { id: 'nope', password: 'long enough password' }
		}),
		...formProbes(
			'join form',
			'/join',
			{},
			{
				'no code': { name: 'n', team: 'red', role: 'legal' },
				'bad shape': { code: '💥💥💥', name: 'n', team: 'red', role: 'legal' },
				'unknown team': { code: paused.joinCode, name: 'n', team: 'green', role: 'legal' },
				'unknown role': { code: paused.joinCode, name: 'n', team: 'red', role: 'wizard' },
				'name too long': {
					code: paused.joinCode,
					name: 'x'.repeat(61),
					team: 'red',
					role: 'legal'
				},
				'ended session': { code: ended.joinCode, name: 'n', team: 'red', role: 'legal' }
			}
		),
		...formProbes(
			'login form',
			'/login',
			{},
			{
				'no password': { email: ADMIN.email },
				'bad email': { email: '\u0000', password: 'x' },
				'password too long': { email: ADMIN.email, password: 'x'.repeat(5000) }
			}
		),
		...formProbes(
			'scenario upload',
			'/scenarios?/upload',
			staffH,
			{ 'no file': { name: 'x' } },
			{ maxBody: 1_100_000 }
		),
		{
			label: 'set-up after set-up',
			path: '/setup',
			headers: { accept: 'text/html' },
			form: {
				email: 'x@y.test',
				name: 'x',
				password: 'long enough password',
				confirm: 'long enough password'
			}
		}
	];
	await expectRefusedAndUnchanged(probes);
});

test('replayed and out-of-order requests are refused or answered idempotently', async () => {
	const auth = bearer(admin);
	const api = (id: string, action: string, json: unknown = {}, headers = auth) =>
		call(server, 'POST', `/api/v1/sessions/${id}/${action}`, { headers, json });
	const before = fingerprint(server.dataDir);
	const refused: [string, Reply][] = [
		// Out of order: a lobby session cannot be paused, resumed, revealed or answered.
		['pause in the lobby', await api(lobby.id, 'pause')],
		['resume in the lobby', await api(lobby.id, 'resume')],
		['release in the lobby', await api(lobby.id, 'release', { team: 'Red' })],
		// Replays of what already happened.
		['pause twice', await api(paused.id, 'pause')],
		['start twice', await api(paused.id, 'start')],
		['end twice', await api(ended.id, 'end')],
		['start after the end', await api(ended.id, 'start')],
		['release after the end', await api(ended.id, 'release', { team: 'Red' })],
		// (Observations stay open after the end: facilitators add them during the debrief.)
		['speed after the end', await api(ended.id, 'speed', { speed: 2 })],
		[
			'join after the end',
			await call(server, 'POST', '/api/v1/join', {
				json: { code: ended.joinCode, name: 'Late', team: 'Red', role: 'legal' }
			})
		]
	];
	const problems = refused
		.filter(([, r]) => r.status !== 409 && r.status !== 404 && r.status !== 410)
		.map(([what, r]) => `${what}: ${r.status} ${r.text.slice(0, 100)}`);
	expect(problems).toEqual([]);
	expect(fingerprint(server.dataDir)).toEqual(before);

	// A replayed answer (same idempotency key) is the same answer, also with a different body.
	const replay = await call(server, 'POST', `/api/v1/sessions/${paused.id}/responses`, {
		headers: bearer(trainee.token),
		json: {
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			value: { kind: 'multiple', optionIds: ['retainer'] },
			idempotencyKey: 'setup'
		}
	});
	expect(replay.status).toBe(200);
	expect(fingerprint(server.dataDir)).toEqual(before);

	// A replayed join form from a browser that already joined goes back to its exercise.
	const again = await call(server, 'POST', '/join', {
		headers: { cookie: traineeCookie },
		form: { code: paused.joinCode, name: 'Tess again', team: 'red', role: 'incident-commander' }
	});
	expect(again.status).toBe(303);
	expect(again.headers.get('location')).toBe(`/play/${paused.id}`);
	expect(fingerprint(server.dataDir)).toEqual(before);

	// A plan edit replayed on the revision it was made against is refused as stale.
	const edit = { body: 'First edit.', reason: 'first', baseRev: '1' };
	const first = await call(server, 'POST', '/plan/sections/roles-and-contacts/edit', {
		headers: { cookie },
		form: edit
	});
	expect(first.status).toBe(303);
	const planned = fingerprint(server.dataDir);
	const stale = await call(server, 'POST', '/plan/sections/roles-and-contacts/edit', {
		headers: { cookie },
		form: { ...edit, body: 'Second edit over the first.' }
	});
	expect(stale.status).toBe(409);
	expect(fingerprint(server.dataDir)).toEqual(planned);
});

test('text with a NUL character is refused with a 400 that says so, on every storage', async () => {
	// PostgreSQL stores no NUL in text or JSON (errors 22021, 22P05): refused at the door instead,
	// the same on the data folder, so a value is never accepted by one storage and not the other.
	const before = fingerprint(server.dataDir);
	const listed = async () =>
		(await call(server, 'GET', '/api/v1/sessions', { headers: bearer(admin) })).json<unknown[]>()
			.length;
	const sessions = await listed();
	const sent: [string, Reply][] = [
		[
			'API: a session title',
			await call(server, 'POST', '/api/v1/sessions', {
				headers: bearer(admin),
				json: { scenarioId: SCENARIO, teams: ['Red'], release: 'manual', title: 'NUL\u0000drill' }
			})
		],
		[
			'API: an answer’s rationale',
			await call(server, 'POST', `/api/v1/sessions/${paused.id}/responses`, {
				headers: bearer(trainee.token),
				json: {
					injectId: 'month-end-briefing',
					decisionId: 'readiness-checks',
					value: { kind: 'multiple', optionIds: ['oob-bridge'] },
					rationale: 'because\u0000',
					idempotencyKey: 'nul-1'
				}
			})
		],
		[
			'form: an answer’s rationale',
			await call(server, 'POST', `/play/${paused.id}?/respond`, {
				headers: { cookie: traineeCookie },
				form: {
					injectId: 'month-end-briefing',
					decisionId: 'readiness-checks',
					idempotencyKey: 'nul-2',
					option: 'oob-bridge',
					rationale: 'because\u0000'
				}
			})
		],
		[
			'form: a plan section',
			await call(server, 'POST', '/plan/sections/roles-and-contacts/edit', {
				headers: { cookie },
				form: { body: 'Call\u0000 the lead.', reason: 'nul', baseRev: '2' }
			})
		]
	];
	const problems = sent
		.filter(([, r]) => r.status !== 400 || !/NUL character/.test(r.text))
		.map(([what, r]) => `${what}: ${r.status} ${r.text.slice(0, 160)}`);
	expect(problems).toEqual([]);
	expect(fingerprint(server.dataDir)).toEqual(before);
	expect(await listed()).toBe(sessions);
});

test('odd but valid text (emoji, RTL, zero-width, combining marks) is stored verbatim and survives a restart', async () => {
	const odd = [
		'Zoë 🧯\u200d🔥',
		'\u202eevil\u202c name',
		'zero\u200bwidth\ufeff',
		'e\u0301\u0301\u0301',
		'𝕿𝖊𝖘𝖘',
		'שלום עליכם'
	];
	const names: string[] = [];
	for (const [i, name] of odd.entries()) {
		const joined = await call(server, 'POST', '/api/v1/join', {
			json: { code: lobby.joinCode, name, team: i % 2 ? 'Blue' : 'Red', role: 'legal' }
		});
		expect(joined.status, `${name}: ${joined.text}`).toBe(201);
		names.push(name.trim());
	}
	const observation = `Seen: ${odd.join(' | ')}`;
	await staff(server, admin, lobby.id, 'observations', { text: observation });
	const state = async () =>
		(
			await call(server, 'GET', `/api/v1/sessions/${lobby.id}/state`, { headers: bearer(admin) })
		).json<{ teams: { members: { name: string }[] }[] }>();
	const members = (await state()).teams.flatMap((t) => t.members.map((m) => m.name));
	for (const name of names) expect(members).toContain(name);
	await server.kill();
	await server.start();
	admin = await adminToken(server);
	const after = (await state()).teams.flatMap((t) => t.members.map((m) => m.name));
	expect(after.sort()).toEqual(members.sort());
	const debrief = await call(server, 'GET', `/api/v1/sessions/${lobby.id}/debrief?format=md`, {
		headers: bearer(admin)
	});
	expect(debrief.status).toBe(200);
});
