/**
 * The authorization matrix, against the real build: every page load, form action and API method
 * under src/routes, asked by seven actors: anonymous, a trainee of session A, a trainee of
 * session B, a facilitator who does not own A, the facilitator who owns A, a lead and an admin.
 * Each cell states the outcome (a status, "ok", or a redirect to /login or /join); docs/roles.md
 * is the same table in words. The routes are read from src/routes when the test runs: a route,
 * action or method without a row here fails the test, and so does a row for one that is gone or
 * a row whose request goes to another URL. Route groups (`(trainee)`, `(facilitator)`, `(lead)`,
 * `(admin)`, `(account)`) say who a page is for but are not part of its URL, so rows are keyed
 * by URL; the guards themselves are in each load, action and endpoint, which is what is asked.
 *
 * Requests that get through are made harmless where possible: a command the session's state
 * refuses (409) or a body that fails validation (400) proves the caller passed the guard without
 * changing anything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { ADMIN, AppServer } from '../support/server';
import { providerEnv, startTestProvider, type TestProvider } from '../support/oidc-provider';
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
	type Headers,
	type SessionInfo,
	type Trainee
} from './support';

const ACTORS = ['anon', 'traineeA', 'traineeB', 'facilitator', 'owner', 'lead', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
/** 'ok' = 2xx, 'login'/'join' = 303 there, 'redirect' = another 3xx, else the status. */
type Outcome = 'ok' | 'login' | 'join' | 'redirect' | 400 | 401 | 403 | 404 | 409 | 410 | 415 | 422;
/** One outcome per actor, in ACTORS order. */
type Cells = [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

interface Ctx {
	a: SessionInfo;
	item: string;
}

interface Row {
	method: 'GET' | 'POST' | 'DELETE';
	path: (c: Ctx) => string;
	json?: unknown;
	form?: Record<string, string>;
	body?: string;
	contentType?: string;
	/** An SSE endpoint: read the status, then hang up. */
	stream?: boolean;
	/** Signs each staff actor in afresh for this row (it signs them out). */
	fresh?: boolean;
	cells: Cells;
}

// Shorthands for the common columns.
const STAFF_PAGE: Cells = ['login', 'login', 'login', 'ok', 'ok', 'ok', 'ok'];
const EVERYONE: Cells = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
/** A session page for whoever may view session A. */
const VIEW_A: Cells = ['login', 'login', 'login', 403, 'ok', 'ok', 'ok'];
/** A session form action on A with a body that fails validation once through the guard. */
const CONTROL_A_400: Cells = [401, 401, 401, 403, 400, 403, 400];
/** The same for the JSON API (a trainee token is no staff credential: 403). */
const API_CONTROL_A_400: Cells = [401, 403, 403, 403, 400, 403, 400];
const PLAY_A: Cells = ['join', 'ok', 'join', 'join', 'join', 'join', 'join'];
const TRAINEE_A_ONLY: Cells = [401, 'ok', 401, 401, 401, 401, 401];
/** A trainee form action on A with a body that fails validation once through the guard. */
const TRAINEE_A_400: Cells = [401, 400, 401, 401, 401, 401, 401];
/** A trainee's JSON endpoint on A (staff get 403: it is not theirs), a body that fails validation. */
const API_TRAINEE_A_400: Cells = [401, 400, 401, 403, 403, 403, 403];
const ACCOUNT_400: Cells = [401, 401, 401, 400, 400, 400, 400];
const ADMIN_400: Cells = [401, 401, 401, 403, 403, 403, 400];
const API_STAFF: Cells = [401, 403, 403, 'ok', 'ok', 'ok', 'ok'];

/** Every route, action and method, keyed as the scan below names them. */
const MATRIX: Record<string, Row> = {
	'GET /': { method: 'GET', path: () => '/', cells: EVERYONE },
	'GET /healthz': { method: 'GET', path: () => '/healthz', cells: EVERYONE },
	// Readiness says only whether writes work: open, like /healthz.
	'GET /readyz': { method: 'GET', path: () => '/readyz', cells: EVERYONE },
	// Without METRICS_TOKEN, metrics go to this machine only, whoever asks from it: the matrix
	// asks from loopback. From elsewhere, and with a token, see tests/operations.e2e.ts.
	'GET /metrics': { method: 'GET', path: () => '/metrics', cells: EVERYONE },
	'GET /login': {
		method: 'GET',
		path: () => '/login',
		// Signed-in staff are sent on to where they were going.
		cells: ['ok', 'ok', 'ok', 'redirect', 'redirect', 'redirect', 'redirect']
	},
	'POST /login': {
		method: 'POST',
		path: () => '/login',
		form: { email: 'not an email', password: 'x' },
		// Refused (400); for signed-in staff the re-rendered page sends them on, as GET does.
		cells: [400, 400, 400, 'redirect', 'redirect', 'redirect', 'redirect']
	},
	// The code step of a sign-in: without its cookie (a password just accepted), back to /login.
	'GET /login/code': {
		method: 'GET',
		path: () => '/login/code',
		cells: ['login', 'login', 'login', 'login', 'login', 'login', 'login']
	},
	'POST /login/code': {
		method: 'POST',
		path: () => '/login/code',
		form: { code: '123456' },
		cells: ['login', 'login', 'login', 'login', 'login', 'login', 'login']
	},
	// SSO start (a provider of the matrix's own test IdP): everyone signed out is sent to the
	// provider's sign-in page; signed-in staff are sent on to where they were going.
	'GET /login/oidc/[provider]': {
		method: 'GET',
		path: () => '/login/oidc/test',
		cells: ['redirect', 'redirect', 'redirect', 'redirect', 'redirect', 'redirect', 'redirect']
	},
	// SSO callback without a sign-in started in this browser (no st_oidc cookie): refused, for
	// everyone; no session is started or changed (tests/account-oidc.e2e.ts for the real one).
	'GET /login/oidc/[provider]/callback': {
		method: 'GET',
		path: () => '/login/oidc/test/callback?code=forged&state=forged',
		cells: [400, 400, 400, 400, 400, 400, 400]
	},
	'GET /logout': {
		method: 'GET',
		path: () => '/logout',
		cells: ['login', 'login', 'login', 'ok', 'ok', 'ok', 'ok']
	},
	'POST /logout': {
		method: 'POST',
		path: () => '/logout',
		form: {},
		fresh: true,
		cells: ['login', 'login', 'login', 'login', 'login', 'login', 'login']
	},
	'GET /setup': { method: 'GET', path: () => '/setup', cells: [404, 404, 404, 404, 404, 404, 404] },
	'POST /setup': {
		method: 'POST',
		path: () => '/setup',
		form: { email: 'x@y.test', name: 'x', password: 'long enough pw', confirm: 'long enough pw' },
		cells: [404, 404, 404, 404, 404, 404, 404]
	},
	'GET /account': { method: 'GET', path: () => '/account', cells: STAFF_PAGE },
	'GET /welcome': { method: 'GET', path: () => '/welcome', cells: STAFF_PAGE },
	'POST /account?/updateName': {
		method: 'POST',
		path: () => '/account?/updateName',
		form: { name: ' ' },
		cells: ACCOUNT_400
	},
	'POST /account?/changePassword': {
		method: 'POST',
		path: () => '/account?/changePassword',
		form: {},
		cells: ACCOUNT_400
	},
	'POST /account?/confirmMfa': {
		method: 'POST',
		path: () => '/account?/confirmMfa',
		form: { code: '' },
		cells: ACCOUNT_400
	},
	'POST /account?/disableMfa': {
		method: 'POST',
		path: () => '/account?/disableMfa',
		form: { password: '', code: '' },
		cells: ACCOUNT_400
	},
	'POST /account?/regenerateCodes': {
		method: 'POST',
		path: () => '/account?/regenerateCodes',
		form: { code: '' },
		cells: ACCOUNT_400
	},
	'POST /account?/startMfa': {
		method: 'POST',
		path: () => '/account?/startMfa',
		form: {},
		// Signed-in staff get a secret to scan; nothing is on until a code confirms it.
		cells: [401, 401, 401, 'ok', 'ok', 'ok', 'ok']
	},
	'POST /account?/createToken': {
		method: 'POST',
		path: () => '/account?/createToken',
		form: { name: 'x'.repeat(61) },
		cells: ACCOUNT_400
	},
	'POST /account?/revokeToken': {
		method: 'POST',
		path: () => '/account?/revokeToken',
		form: {},
		cells: ACCOUNT_400
	},
	'GET /admin/users': {
		method: 'GET',
		path: () => '/admin/users',
		cells: ['login', 'login', 'login', 403, 403, 403, 'ok']
	},
	'GET /admin/audit': {
		method: 'GET',
		path: () => '/admin/audit',
		cells: ['login', 'login', 'login', 403, 403, 403, 'ok']
	},
	'GET /admin/audit/export': {
		method: 'GET',
		path: () => '/admin/audit/export?format=json',
		cells: [401, 401, 401, 403, 403, 403, 'ok']
	},
	'GET /admin/keys': {
		method: 'GET',
		path: () => '/admin/keys',
		cells: ['login', 'login', 'login', 403, 403, 403, 'ok']
	},
	// Retention and erasure (issue 17): admins only; an empty form fails validation.
	'GET /admin/retention': {
		method: 'GET',
		path: () => '/admin/retention',
		cells: ['login', 'login', 'login', 403, 403, 403, 'ok']
	},
	'POST /admin/retention?/anonymise': {
		method: 'POST',
		path: () => '/admin/retention?/anonymise',
		form: {},
		cells: ADMIN_400
	},
	'POST /admin/retention?/delete': {
		method: 'POST',
		path: () => '/admin/retention?/delete',
		form: {},
		cells: ADMIN_400
	},
	'POST /admin/users?/create': {
		method: 'POST',
		path: () => '/admin/users?/create',
		form: { email: 'bad' },
		cells: ADMIN_400
	},
	'POST /admin/users?/setRole': {
		method: 'POST',
		path: () => '/admin/users?/setRole',
		form: { id: 'x', role: 'god' },
		cells: ADMIN_400
	},
	'POST /admin/users?/setDisabled': {
		method: 'POST',
		path: () => '/admin/users?/setDisabled',
		form: { id: 'x', disabled: 'maybe' },
		cells: ADMIN_400
	},
	'POST /admin/users?/resetPassword': {
		method: 'POST',
		path: () => '/admin/users?/resetPassword',
		form: { id: 'x', password: 'short' },
		cells: ADMIN_400
	},
	'POST /admin/users?/resetMfa': {
		method: 'POST',
		path: () => '/admin/users?/resetMfa',
		form: { id: '' },
		cells: ADMIN_400
	},
	'POST /admin/users?/resetLink': {
		method: 'POST',
		path: () => '/admin/users?/resetLink',
		form: { id: '' },
		cells: ADMIN_400
	},
	// A reset link is its own credential: anyone holding a live one may use it (see
	// tests/account-reset.e2e.ts); an unknown, used or expired one is gone for everyone.
	'GET /reset/[token]': {
		method: 'GET',
		path: () => `/reset/${'A'.repeat(43)}`,
		cells: [410, 410, 410, 410, 410, 410, 410]
	},
	'POST /reset/[token]': {
		method: 'POST',
		path: () => `/reset/${'A'.repeat(43)}`,
		form: { password: 'a long enough password', confirm: 'a long enough password' },
		cells: [410, 410, 410, 410, 410, 410, 410]
	},
	'GET /scenarios': { method: 'GET', path: () => '/scenarios', cells: STAFF_PAGE },
	'POST /scenarios?/replace': {
		method: 'POST',
		path: () => '/scenarios?/replace',
		form: { nothing: 'here' },
		cells: [401, 401, 401, 400, 400, 403, 400]
	},
	'POST /scenarios?/upload': {
		method: 'POST',
		path: () => '/scenarios?/upload',
		form: { nothing: 'here' },
		// Not a multipart upload: 415 once through the guard.
		cells: [401, 401, 401, 415, 415, 403, 415]
	},
	'GET /scenarios/[id]': {
		method: 'GET',
		path: () => '/scenarios/ransomware-file-server',
		cells: STAFF_PAGE
	},
	// The scenario as a file (YAML or an MSEL CSV) carries the answer key: staff only.
	'GET /scenarios/[id]/export': {
		method: 'GET',
		path: () => '/scenarios/ransomware-file-server/export?format=msel',
		cells: [401, 401, 401, 'ok', 'ok', 'ok', 'ok']
	},
	'GET /scenarios/[id]/playtest': {
		method: 'GET',
		path: () => '/scenarios/ransomware-file-server/playtest',
		cells: STAFF_PAGE
	},
	'GET /scenarios/import/msel': {
		method: 'GET',
		path: () => '/scenarios/import/msel',
		cells: ['login', 'login', 'login', 'ok', 'ok', 403, 'ok']
	},
	'POST /scenarios/import/msel?/import': {
		method: 'POST',
		path: () => '/scenarios/import/msel?/import',
		form: { nothing: 'here' },
		// Not a multipart upload: 415 once through the guard.
		cells: [401, 401, 401, 415, 415, 403, 415]
	},
	'GET /organisation': {
		method: 'GET',
		path: () => '/organisation',
		cells: ['login', 'login', 'login', 'ok', 'ok', 403, 'ok']
	},
	'POST /organisation?/save': {
		method: 'POST',
		path: () => '/organisation?/save',
		form: { rev: 'x' },
		// A revision that is not a number: 400 once through the guard.
		cells: [401, 401, 401, 400, 400, 403, 400]
	},
	// The studio: facilitators and admins only. An unknown draft is 404 once through the guard
	// (a plain form post renders the page after its action, and that page is not there); a
	// form that is not a fork's is 400.
	'GET /studio': {
		method: 'GET',
		path: () => '/studio',
		cells: ['login', 'login', 'login', 'ok', 'ok', 403, 'ok']
	},
	'POST /studio?/create': {
		method: 'POST',
		path: () => '/studio?/create',
		form: {},
		// Gets through: a blank draft, then its page.
		cells: [401, 401, 401, 'redirect', 'redirect', 403, 'redirect']
	},
	'POST /studio?/fork': {
		method: 'POST',
		path: () => '/studio?/fork',
		form: { nothing: 'here' },
		cells: [401, 401, 401, 400, 400, 403, 400]
	},
	'GET /studio/[draft]': {
		method: 'GET',
		path: () => '/studio/zzzzzzzzzzzzzzzz',
		cells: ['login', 'login', 'login', 404, 404, 403, 404]
	},
	'POST /studio/[draft]?/save': {
		method: 'POST',
		path: () => '/studio/zzzzzzzzzzzzzzzz?/save',
		form: { nothing: 'here' },
		cells: [401, 401, 401, 404, 404, 403, 404]
	},
	'POST /studio/[draft]?/copy': {
		method: 'POST',
		path: () => '/studio/zzzzzzzzzzzzzzzz?/copy',
		form: { nothing: 'here' },
		cells: [401, 401, 401, 404, 404, 403, 404]
	},
	'POST /studio/[draft]?/publish': {
		method: 'POST',
		path: () => '/studio/zzzzzzzzzzzzzzzz?/publish',
		form: { nothing: 'here' },
		cells: [401, 401, 401, 404, 404, 403, 404]
	},
	'POST /studio/[draft]?/playtest': {
		method: 'POST',
		path: () => '/studio/zzzzzzzzzzzzzzzz?/playtest',
		form: { best: '1', worst: '1', random: '0' },
		cells: [401, 401, 401, 404, 404, 403, 404]
	},
	'GET /studio/[draft]/history': {
		method: 'GET',
		path: () => '/studio/zzzzzzzzzzzzzzzz/history',
		cells: ['login', 'login', 'login', 404, 404, 403, 404]
	},
	'GET /sessions': { method: 'GET', path: () => '/sessions', cells: STAFF_PAGE },
	'GET /sessions/new': {
		method: 'GET',
		path: () => '/sessions/new',
		cells: ['login', 'login', 'login', 'ok', 'ok', 403, 'ok']
	},
	'POST /sessions/new': {
		method: 'POST',
		path: () => '/sessions/new',
		form: { scenarioId: '' },
		cells: [401, 401, 401, 400, 400, 403, 400]
	},
	'GET /sessions/[id]': { method: 'GET', path: (c) => `/sessions/${c.a.id}`, cells: VIEW_A },
	'POST /sessions/[id]?/control': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/control`,
		// A lobby cannot be paused: 409 once through the guard.
		form: { action: 'pause' },
		cells: [401, 401, 401, 403, 409, 403, 409]
	},
	'POST /sessions/[id]?/speed': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/speed`,
		form: { speed: 'fast' },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/release': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/release`,
		form: { teamId: 'x'.repeat(101) },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/skip': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/skip`,
		form: { to: 'soon' },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/drop': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/drop`,
		form: { teamId: 'x'.repeat(101) },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/hold': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/hold`,
		form: { held: 'maybe' },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/override': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/override`,
		form: {},
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/observe': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/observe`,
		form: { text: ' ' },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/score': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/score`,
		form: { points: 'many' },
		cells: CONTROL_A_400
	},
	// The console's room actions (issue 13).
	'POST /sessions/[id]?/post': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/post`,
		form: { channel: '', text: 'x' },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/answer': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/answer`,
		form: { rfiId: '' },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/improvise': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/improvise`,
		form: { channel: 'pigeon' },
		cells: CONTROL_A_400
	},
	'POST /sessions/[id]?/hotwash': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}?/hotwash`,
		form: { kind: 'rant' },
		cells: CONTROL_A_400
	},
	'GET /sessions/[id]/stream': {
		method: 'GET',
		path: (c) => `/sessions/${c.a.id}/stream`,
		stream: true,
		cells: [401, 401, 401, 403, 'ok', 'ok', 'ok']
	},
	// The big screen for the room's projector: whoever may watch the console (a trainee's own
	// browser is no staff: sent to sign in, as for the console).
	'GET /sessions/[id]/screen': {
		method: 'GET',
		path: (c) => `/sessions/${c.a.id}/screen`,
		cells: VIEW_A
	},
	'GET /sessions/[id]/screen/stream': {
		method: 'GET',
		path: (c) => `/sessions/${c.a.id}/screen/stream`,
		stream: true,
		cells: [401, 401, 401, 403, 'ok', 'ok', 'ok']
	},
	'GET /sessions/[id]/debrief': {
		method: 'GET',
		path: (c) => `/sessions/${c.a.id}/debrief`,
		// A trainee's own browser gets 403, not the sign-in page: the debrief is not theirs.
		cells: ['login', 403, 'login', 403, 'ok', 'ok', 'ok']
	},
	'POST /sessions/[id]/debrief?/findings': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}/debrief?/findings`,
		form: { strengths: 'x'.repeat(1001) },
		cells: [401, 403, 401, 403, 400, 403, 400]
	},
	'POST /sessions/[id]/debrief?/restore': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}/debrief?/restore`,
		form: {},
		cells: [401, 403, 401, 403, 'ok', 403, 'ok']
	},
	'POST /sessions/[id]/debrief?/signOff': {
		method: 'POST',
		path: (c) => `/sessions/${c.a.id}/debrief?/signOff`,
		// Leads and admins only; session A has not ended, so their sign-off is refused (409).
		form: { comment: 'authz' },
		cells: [401, 403, 401, 403, 403, 409, 409]
	},
	'GET /sessions/[id]/debrief/export': {
		method: 'GET',
		path: (c) => `/sessions/${c.a.id}/debrief/export?format=json`,
		cells: [401, 403, 401, 403, 'ok', 'ok', 'ok']
	},
	// The evidence pack: whoever may see the debrief, once the session has ended (A runs on).
	'GET /sessions/[id]/debrief/evidence': {
		method: 'GET',
		path: (c) => `/sessions/${c.a.id}/debrief/evidence`,
		cells: [401, 403, 401, 403, 409, 409, 409]
	},
	'GET /play/[id]': { method: 'GET', path: (c) => `/play/${c.a.id}`, cells: PLAY_A },
	'POST /play/[id]?/respond': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/respond`,
		// A valid answer, refused because the session has not started.
		form: {
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			idempotencyKey: 'authz',
			option: 'oob-bridge'
		},
		cells: [401, 409, 401, 401, 401, 401, 401]
	},
	// The room's actions on the play page and on the room page (issue 13): the same guard.
	'POST /play/[id]?/chat': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/chat`,
		form: { channel: '', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]?/rfi': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/rfi`,
		form: { text: 'x'.repeat(1300) },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]?/reply': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/reply`,
		form: { improvisedId: '', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]?/record': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/record`,
		form: { status: 'x'.repeat(101) },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]?/entry': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/entry`,
		form: { kind: 'rumour', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]?/custody': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/custody`,
		form: { entryId: '', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]?/feedback': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}?/feedback`,
		form: { 'rating.x': '9' },
		cells: TRAINEE_A_400
	},
	'GET /play/[id]/room': { method: 'GET', path: (c) => `/play/${c.a.id}/room`, cells: PLAY_A },
	'POST /play/[id]/room?/chat': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}/room?/chat`,
		form: { channel: '', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]/room?/rfi': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}/room?/rfi`,
		form: { text: 'x'.repeat(1300) },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]/room?/reply': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}/room?/reply`,
		form: { improvisedId: '', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]/room?/record': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}/room?/record`,
		form: { status: 'x'.repeat(101) },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]/room?/entry': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}/room?/entry`,
		form: { kind: 'rumour', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]/room?/custody': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}/room?/custody`,
		form: { entryId: '', text: 'x' },
		cells: TRAINEE_A_400
	},
	'POST /play/[id]/room?/feedback': {
		method: 'POST',
		path: (c) => `/play/${c.a.id}/room?/feedback`,
		form: { 'rating.x': '9' },
		cells: TRAINEE_A_400
	},
	'GET /play/[id]/results': {
		method: 'GET',
		path: (c) => `/play/${c.a.id}/results`,
		cells: PLAY_A
	},
	'GET /play/[id]/plan': {
		method: 'GET',
		path: (c) => `/play/${c.a.id}/plan`,
		cells: TRAINEE_A_ONLY
	},
	'GET /play/[id]/stream': {
		method: 'GET',
		path: (c) => `/play/${c.a.id}/stream`,
		stream: true,
		cells: TRAINEE_A_ONLY
	},
	'GET /join': { method: 'GET', path: () => '/join', cells: EVERYONE },
	'POST /join': {
		method: 'POST',
		path: () => '/join',
		form: { code: '', name: 'x', team: 'x', role: 'x' },
		cells: [400, 400, 400, 400, 400, 400, 400]
	},
	'GET /dashboard': { method: 'GET', path: () => '/dashboard', cells: STAFF_PAGE },
	'GET /plan': { method: 'GET', path: () => '/plan', cells: STAFF_PAGE },
	'GET /plan/history': { method: 'GET', path: () => '/plan/history', cells: STAFF_PAGE },
	'GET /plan/diff': { method: 'GET', path: () => '/plan/diff?from=1&to=1', cells: STAFF_PAGE },
	'GET /plan/sections/[id]/edit': {
		method: 'GET',
		path: () => '/plan/sections/roles-and-contacts/edit',
		cells: ['login', 'login', 'login', 403, 403, 'ok', 'ok']
	},
	'POST /plan/sections/[id]/edit': {
		method: 'POST',
		path: () => '/plan/sections/roles-and-contacts/edit',
		form: { body: 'x', reason: '', baseRev: 'x' },
		cells: [401, 401, 401, 403, 403, 400, 400]
	},
	'GET /plan/upload': {
		method: 'GET',
		path: () => '/plan/upload',
		cells: ['login', 'login', 'login', 403, 403, 403, 'ok']
	},
	'POST /plan/upload': {
		method: 'POST',
		path: () => '/plan/upload',
		form: { markdown: '# Plan' },
		cells: [401, 401, 401, 403, 403, 403, 400]
	},
	'GET /improvements': { method: 'GET', path: () => '/improvements', cells: STAFF_PAGE },
	'GET /compliance': {
		method: 'GET',
		path: () => '/compliance',
		cells: ['login', 'login', 'login', 403, 403, 'ok', 'ok']
	},
	// Checking an uploaded record uses nothing stored: any staff member may.
	'GET /verify': { method: 'GET', path: () => '/verify', cells: STAFF_PAGE },
	'POST /verify': {
		method: 'POST',
		path: () => '/verify',
		// Not the upload form (multipart): refused once through the guard.
		form: {},
		cells: [401, 401, 401, 415, 415, 415, 415]
	},
	'GET /improvements/[id]': {
		method: 'GET',
		path: (c) => `/improvements/${c.item}`,
		// The owner ran the session the item came from; another facilitator is told nothing.
		cells: ['login', 'login', 'login', 404, 'ok', 'ok', 'ok']
	},
	'POST /improvements?/review': {
		method: 'POST',
		path: () => '/improvements?/review',
		form: { decision: 'nonsense' },
		cells: [401, 401, 401, 403, 403, 400, 400]
	},
	'POST /improvements/[id]?/update': {
		method: 'POST',
		path: (c) => `/improvements/${c.item}?/update`,
		form: { dueDate: '2025-02-31' },
		cells: [401, 401, 401, 404, 400, 400, 400]
	},
	'POST /improvements/[id]?/accept': {
		method: 'POST',
		path: (c) => `/improvements/${c.item}?/accept`,
		// The item names a plan section: accepting it needs the editor, so 400 once through.
		form: { note: 'n' },
		cells: [401, 401, 401, 404, 403, 400, 400]
	},
	'POST /improvements/[id]?/defer': {
		method: 'POST',
		path: (c) => `/improvements/${c.item}?/defer`,
		form: {},
		cells: [401, 401, 401, 404, 403, 400, 400]
	},
	'POST /improvements/[id]?/reject': {
		method: 'POST',
		path: (c) => `/improvements/${c.item}?/reject`,
		form: {},
		cells: [401, 401, 401, 404, 403, 400, 400]
	},
	'GET /improvements/[id]/accept': {
		method: 'GET',
		path: (c) => `/improvements/${c.item}/accept`,
		cells: ['login', 'login', 'login', 403, 403, 'ok', 'ok']
	},
	'POST /improvements/[id]/accept': {
		method: 'POST',
		path: (c) => `/improvements/${c.item}/accept`,
		form: { body: 'x', reason: 'r', baseRev: 'x' },
		cells: [401, 401, 401, 403, 403, 400, 400]
	},
	// The JSON API.
	'POST /api/v1/auth/token': {
		method: 'POST',
		path: () => '/api/v1/auth/token',
		json: { email: 'not an email' },
		cells: [400, 400, 400, 400, 400, 400, 400]
	},
	'POST /api/v1/join': {
		method: 'POST',
		path: () => '/api/v1/join',
		json: { code: '' },
		cells: [400, 400, 400, 400, 400, 400, 400]
	},
	'GET /api/v1/scenarios': { method: 'GET', path: () => '/api/v1/scenarios', cells: API_STAFF },
	'POST /api/v1/scenarios': {
		method: 'POST',
		path: () => '/api/v1/scenarios?file=authz.yaml',
		body: 'id: [unclosed',
		contentType: 'application/yaml',
		cells: [401, 403, 403, 422, 422, 403, 422]
	},
	'GET /api/v1/sessions': { method: 'GET', path: () => '/api/v1/sessions', cells: API_STAFF },
	'POST /api/v1/sessions': {
		method: 'POST',
		path: () => '/api/v1/sessions',
		json: { scenarioId: 'ransomware-file-server' },
		cells: [401, 403, 403, 400, 400, 403, 400]
	},
	'POST /api/v1/sessions/[id]/[action]': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/pause`,
		cells: [401, 403, 403, 403, 409, 403, 409]
	},
	'POST /api/v1/sessions/[id]/speed': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/speed`,
		json: { speed: 'fast' },
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/release': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/release`,
		json: { team: 1 },
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/skip': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/skip`,
		json: { to: 'soon' },
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/drop': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/drop`,
		json: {},
		cells: API_CONTROL_A_400
	},
	'GET /api/v1/sessions/[id]/text-scores': {
		method: 'GET',
		path: (c) => `/api/v1/sessions/${c.a.id}/text-scores`,
		cells: [401, 403, 403, 403, 'ok', 403, 'ok']
	},
	'POST /api/v1/sessions/[id]/text-scores': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/text-scores`,
		json: {},
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/hold': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/hold`,
		json: {},
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/override': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/override`,
		json: {},
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/observations': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/observations`,
		json: { text: '' },
		cells: API_CONTROL_A_400
	},
	// The room over the API (issue 13).
	'POST /api/v1/sessions/[id]/chat': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/chat`,
		json: { channel: '', text: 'x' },
		// The session's trainee or the staff who run it; a lead may only look: 403.
		cells: [401, 400, 401, 403, 400, 403, 400]
	},
	'GET /api/v1/sessions/[id]/rfis': {
		method: 'GET',
		path: (c) => `/api/v1/sessions/${c.a.id}/rfis`,
		cells: [401, 403, 403, 403, 'ok', 'ok', 'ok']
	},
	'POST /api/v1/sessions/[id]/rfis': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/rfis`,
		json: { text: 5 },
		cells: API_TRAINEE_A_400
	},
	'POST /api/v1/sessions/[id]/rfis/[rfiId]': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/rfis/qnone`,
		json: { text: 5 },
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/improvised': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/improvised`,
		json: { channel: 'telepathy' },
		cells: API_CONTROL_A_400
	},
	'POST /api/v1/sessions/[id]/feedback': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/feedback`,
		json: { ratings: { contain: 9 } },
		cells: API_TRAINEE_A_400
	},
	'GET /api/v1/sessions/[id]/state': {
		method: 'GET',
		path: (c) => `/api/v1/sessions/${c.a.id}/state`,
		cells: [401, 'ok', 401, 403, 'ok', 'ok', 'ok']
	},
	'GET /api/v1/sessions/[id]/stream': {
		method: 'GET',
		path: (c) => `/api/v1/sessions/${c.a.id}/stream`,
		stream: true,
		cells: [401, 'ok', 401, 403, 'ok', 'ok', 'ok']
	},
	'POST /api/v1/sessions/[id]/responses': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/responses`,
		json: {
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			value: { kind: 'multiple', optionIds: ['oob-bridge'] },
			idempotencyKey: 'authz'
		},
		cells: [401, 409, 401, 403, 403, 403, 403]
	},
	'POST /api/v1/sessions/[id]/sign-off': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/sign-off`,
		json: { comment: 'authz' },
		cells: [401, 403, 403, 403, 403, 409, 409]
	},
	// Issue 17: admins only; session A has not ended, so the admin's erasure is refused (409).
	'DELETE /api/v1/sessions/[id]': {
		method: 'DELETE',
		path: (c) => `/api/v1/sessions/${c.a.id}`,
		cells: [401, 403, 403, 403, 403, 403, 409]
	},
	'POST /api/v1/sessions/[id]/anonymise': {
		method: 'POST',
		path: (c) => `/api/v1/sessions/${c.a.id}/anonymise`,
		cells: [401, 403, 403, 403, 403, 403, 409]
	},
	'GET /api/v1/sessions/[id]/debrief': {
		method: 'GET',
		path: (c) => `/api/v1/sessions/${c.a.id}/debrief`,
		cells: [401, 403, 403, 403, 'ok', 'ok', 'ok']
	},
	// The signed record (issue 16): whoever may see the debrief.
	'GET /api/v1/sessions/[id]/record': {
		method: 'GET',
		path: (c) => `/api/v1/sessions/${c.a.id}/record`,
		cells: [401, 403, 403, 403, 'ok', 'ok', 'ok']
	},
	'GET /api/v1/dashboard': { method: 'GET', path: () => '/api/v1/dashboard', cells: API_STAFF },
	// The API's description holds no data, only what the API accepts: open to anyone.
	'GET /api/v1/openapi.json': {
		method: 'GET',
		path: () => '/api/v1/openapi.json',
		cells: EVERYONE
	},
	// A facilitator gets the items of the sessions they ran (an empty list is still 200).
	'GET /api/v1/improvements': {
		method: 'GET',
		path: () => '/api/v1/improvements?format=csv',
		cells: API_STAFF
	},
	'GET /api/v1/compliance': {
		method: 'GET',
		path: () => '/api/v1/compliance',
		cells: [401, 403, 403, 403, 403, 'ok', 'ok']
	}
};

/** URLs outside any route group: the home page and the operators' checks (for machines). */
const OUTSIDE_GROUPS = ['/', '/healthz', '/readyz', '/metrics'];

/** The route groups, one per kind of user a page is for; their names never appear in URLs. */
const GROUPS = ['trainee', 'facilitator', 'lead', 'admin', 'account'] as const;

/** One page load, form action or endpoint method, named like MATRIX's keys. */
interface ScannedRoute {
	key: string;
	/** The route group the file lives in (`(lead)` -> 'lead'), or null outside any group. */
	group: string | null;
	/** The folder under src/routes, groups included. */
	dir: string;
}

/**
 * Every page load, form action and endpoint method under src/routes: `GET /path` for a page (and
 * for each exported GET), `POST /path?/action` (or `POST /path` for a default action),
 * `<METHOD> /path` for each method a +server.ts exports. The path is the URL: route groups such
 * as `(lead)` are left out of it, as SvelteKit leaves them out.
 */
function scanRoutes(root = 'src/routes'): ScannedRoute[] {
	const found: ScannedRoute[] = [];
	const walk = (dir: string) => {
		const names = readdirSync(dir);
		const segments = relative(root, dir).split('/').filter(Boolean);
		const groups = segments.filter((p) => /^\(.*\)$/.test(p)).map((p) => p.slice(1, -1));
		const route = '/' + segments.filter((p) => !/^\(.*\)$/.test(p)).join('/');
		const add = (key: string) =>
			found.push({ key, group: groups.at(-1) ?? null, dir: relative(root, dir) });
		if (names.includes('+page.svelte') || names.includes('+page.server.ts')) add(`GET ${route}`);
		if (names.includes('+page.server.ts')) {
			const text = readFileSync(join(dir, '+page.server.ts'), 'utf8');
			for (const name of actionNames(dir, text))
				add(name === 'default' ? `POST ${route}` : `POST ${route}?/${name}`);
		}
		if (names.includes('+server.ts')) {
			const text = readFileSync(join(dir, '+server.ts'), 'utf8');
			for (const m of text.matchAll(
				/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g
			))
				add(`${m[1]} ${route}`);
		}
		for (const name of names) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
		}
	};
	walk(root);
	return found;
}

/**
 * The action names a +page.server.ts exports: the keys of `export const actions = { ... }`, and
 * those of objects it spreads in (`...roomActions`) or exports as they are
 * (`export const actions = roomActions`), read from the file they are imported from.
 */
function actionNames(dir: string, text: string): string[] {
	const keysOf = (block: string, source: string): string[] => [
		...Array.from(block.matchAll(/^\t(\w+):/gm), (m) => m[1]),
		...Array.from(block.matchAll(/^\t\.\.\.(\w+),?$/gm), (m) => imported(m[1], source)).flat()
	];
	const imported = (name: string, source: string): string[] => {
		const from = new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '(\\.[^']+)'`).exec(
			source
		)?.[1];
		if (!from) throw new Error(`${dir}: cannot find where '${name}' comes from`);
		const file = readFileSync(join(dir, `${from.replace(/\.js$/, '')}.ts`), 'utf8');
		const block = new RegExp(`export const ${name} = \\{([\\s\\S]*?)\\n\\};`).exec(file)?.[1];
		if (!block) throw new Error(`${dir}/${from}: no 'export const ${name} = { ... }'`);
		return keysOf(block, file);
	};
	const block = /export const actions = \{([\s\S]*?)\n\}( satisfies Actions)?;/.exec(text)?.[1];
	if (block) return keysOf(block, text);
	const alias = /export const actions = (\w+);/.exec(text)?.[1];
	return alias ? imported(alias, text) : [];
}

/** Whether `row` asks for the URL, method and action its key names (ids stand for any segment). */
function asksItsRoute(key: string, row: Row, c: Ctx): boolean {
	const [method, route] = key.split(' ');
	const [pathname, action] = route.split('?/');
	const pattern = pathname
		.split('/')
		.map((s) => (/^\[\w+\]$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('/');
	const url = new URL(row.path(c), 'http://sandtable.invalid');
	const asked = url.search.startsWith('?/') ? url.search.slice(2) : undefined;
	return row.method === method && new RegExp(`^${pattern}$`).test(url.pathname) && asked === action;
}

test('every route, action and method has a row in the matrix, and every row a route', () => {
	const scanned = scanRoutes();
	const routes = [...new Set(scanned.map((r) => r.key))].sort();
	expect(routes.length).toBeGreaterThan(60);
	const rows = Object.keys(MATRIX).sort();
	expect(
		routes.filter((r) => !rows.includes(r)),
		'routes without a row'
	).toEqual([]);
	expect(
		rows.filter((r) => !routes.includes(r)),
		'rows without a route'
	).toEqual([]);
	// Two groups may not answer one URL: a row would then test only one of them.
	expect(
		routes.filter(
			(key) => new Set(scanned.filter((r) => r.key === key).map((r) => r.dir)).size > 1
		),
		'URLs served from two folders'
	).toEqual([]);
	const sample: Ctx = { a: { id: 's-sample', joinCode: '', teams: [] }, item: 'i-sample' };
	expect(
		rows.filter((key) => !asksItsRoute(key, MATRIX[key], sample)),
		'rows that ask for another URL than their key names'
	).toEqual([]);
});

test('every page is in a route group naming who it is for; only /, the operators’ checks and the API are not', () => {
	const scanned = scanRoutes();
	expect(
		scanned.filter((r) => r.group !== null && !(GROUPS as readonly string[]).includes(r.group)),
		'routes in an unknown group'
	).toEqual([]);
	const outside = scanned.filter((r) => r.group === null).map((r) => r.key.split(' ')[1]);
	expect(
		outside.filter((url) => !OUTSIDE_GROUPS.includes(url) && !url.startsWith('/api/v1/')),
		'routes outside any group'
	).toEqual([]);
	for (const group of GROUPS)
		expect(
			scanned.some((r) => r.group === group),
			`the (${group}) group holds a route`
		).toBe(true);
});

test.describe('the matrix', () => {
	let server: AppServer;
	let idp: TestProvider;
	let ctx: Ctx;
	const creds = {} as Record<Actor, { cookie: string; bearer: Headers }>;
	const staffEmails: Partial<Record<Actor, string>> = {};

	test.beforeAll(async () => {
		test.setTimeout(180_000);
		// A real OpenID provider, so the SSO start route is asked past its discovery.
		idp = await startTestProvider('http://127.0.0.1:1');
		server = await new AppServer({ env: providerEnv(idp) }).start();
		const admin = await adminToken(server);
		const owner = await createAccount(server, admin, 'facilitator', 'owner@sandtable.test');
		const other = await createAccount(server, admin, 'facilitator', 'other@sandtable.test');
		const lead = await createAccount(server, admin, 'lead', 'lead@sandtable.test');
		Object.assign(staffEmails, {
			owner: 'owner@sandtable.test',
			facilitator: 'other@sandtable.test',
			lead: 'lead@sandtable.test'
		});

		// Session A (owner's, in the lobby) and B (the admin's), one trainee in each.
		const a = await createSession(server, owner, { scenarioId: 'ransomware-file-server' });
		const b = await createSession(server, admin, { scenarioId: 'ransomware-file-server' });
		const role = { team: 'Red', role: 'incident-commander' };
		const ta = await joinSession(server, a.joinCode, { name: 'Ann', ...role });
		const tb = await joinSession(server, b.joinCode, { name: 'Bob', ...role });

		// Session C (owner's) is played and ended so that the debrief proposes improvement items.
		const fixture = readFileSync('tests/fixtures/scenarios/valid/rich.yaml');
		const up = await call(server, 'POST', '/api/v1/scenarios', {
			headers: { ...bearer(admin), 'content-type': 'application/yaml' },
			body: fixture
		});
		expect(up.status, up.text).toBe(201);
		const c = await createSession(server, owner, { scenarioId: 'rich-phish', teams: ['Red'] });
		const ic = await joinSession(server, c.joinCode, { name: 'Ivo', team: 'Red', role: 'ic' });
		const an = await joinSession(server, c.joinCode, { name: 'Ana', team: 'Red', role: 'analyst' });
		await staff(server, owner, c.id, 'start');
		await staff(server, owner, c.id, 'release', { team: 'Red', injectId: 'edr-alert' });
		const answer = (t: Trainee, decisionId: string, value: unknown) =>
			call(server, 'POST', `/api/v1/sessions/${c.id}/responses`, {
				headers: bearer(t.token),
				json: { injectId: 'edr-alert', decisionId, value, idempotencyKey: decisionId }
			});
		expect((await answer(an, 'flag', { kind: 'indicators', lines: [0, 2] })).status).toBe(201);
		expect((await answer(ic, 'isolate', { kind: 'single', optionId: 'wait' })).status).toBe(201);
		await staff(server, owner, c.id, 'end');
		const adminCookie = await staffCookie(server, ADMIN.email, ADMIN.password);
		// An item that names a plan section, so that accepting it needs the editor (no change).
		let item: string | undefined;
		await expect
			.poll(async () => {
				const list = await call(server, 'GET', '/improvements?section=severity-matrix', {
					headers: { cookie: adminCookie }
				});
				item = /href="[./]*improvements\/(i[0-9a-f]+)"/.exec(list.text)?.[1];
				return item;
			})
			.toBeTruthy();
		ctx = { a, item: item! };

		const cookieOf = async (email: string) => staffCookie(server, email, PASSWORD);
		creds.anon = { cookie: '', bearer: {} };
		creds.traineeA = { cookie: `st_p_${a.id}=${ta.token}`, bearer: bearer(ta.token) };
		creds.traineeB = { cookie: `st_p_${b.id}=${tb.token}`, bearer: bearer(tb.token) };
		creds.facilitator = { cookie: await cookieOf('other@sandtable.test'), bearer: bearer(other) };
		creds.owner = { cookie: await cookieOf('owner@sandtable.test'), bearer: bearer(owner) };
		creds.lead = { cookie: await cookieOf('lead@sandtable.test'), bearer: bearer(lead) };
		creds.admin = { cookie: adminCookie, bearer: bearer(admin) };
	});
	test.afterAll(async () => {
		await server?.dispose();
		await idp?.close();
	});

	function classify(status: number, location: string | null): Outcome | string {
		if (status >= 200 && status < 300) return 'ok';
		if (status >= 300 && status < 400) {
			if (location?.startsWith('/login')) return 'login';
			if (location?.startsWith('/join')) return 'join';
			return 'redirect';
		}
		return status as Outcome;
	}

	async function ask(row: Row, actor: Actor): Promise<Outcome | string> {
		const api = row.path(ctx).startsWith('/api/');
		let cookie = creds[actor].cookie;
		if (row.fresh && staffEmails[actor])
			cookie = await staffCookie(server, staffEmails[actor]!, PASSWORD);
		if (row.fresh && actor === 'admin')
			cookie = await staffCookie(server, ADMIN.email, ADMIN.password);
		const headers: Headers = api ? { ...creds[actor].bearer } : cookie ? { cookie } : {};
		if (row.contentType) headers['content-type'] = row.contentType;
		if (row.stream) {
			const controller = new AbortController();
			const res = await fetch(server.url + row.path(ctx), {
				headers,
				signal: controller.signal,
				redirect: 'manual'
			});
			controller.abort();
			return classify(res.status, res.headers.get('location'));
		}
		const res = await call(server, row.method, row.path(ctx), {
			headers: row.form && !api ? { ...headers, accept: 'text/html' } : headers,
			json: row.json,
			form: row.form,
			body: row.body
		});
		return classify(res.status, res.headers.get('location'));
	}

	test('each actor gets exactly the outcome its cell states', async () => {
		test.setTimeout(300_000);
		const wrong: string[] = [];
		for (const [key, row] of Object.entries(MATRIX)) {
			for (const [i, actor] of ACTORS.entries()) {
				const got = await ask(row, actor);
				if (got !== row.cells[i])
					wrong.push(`${key} as ${actor}: expected ${row.cells[i]}, got ${got}`);
			}
		}
		expect(wrong).toEqual([]);
	});

	test("a trainee's token opens no other session, whatever name it is sent under", async () => {
		const b = creds.traineeB.bearer.authorization.slice('Bearer '.length);
		const asA = { cookie: `st_p_${ctx.a.id}=${b}` };
		const play = await call(server, 'GET', `/play/${ctx.a.id}`, { headers: asA });
		expect(play.status).toBe(303);
		expect(play.headers.get('location')).toBe('/join');
		const room = await call(server, 'GET', `/play/${ctx.a.id}/room`, { headers: asA });
		expect(room.status).toBe(303);
		expect(room.headers.get('location')).toBe('/join');
		const chat = await call(server, 'POST', `/play/${ctx.a.id}/room?/chat`, {
			headers: asA,
			form: { channel: 'room', text: 'not mine to write' }
		});
		expect(chat.status).toBe(401);
		const state = await call(server, 'GET', `/api/v1/sessions/${ctx.a.id}/state`, {
			headers: asA
		});
		expect(state.status).toBe(401);
		const answer = await call(server, 'POST', `/api/v1/sessions/${ctx.a.id}/responses`, {
			headers: asA,
			json: MATRIX['POST /api/v1/sessions/[id]/responses'].json
		});
		expect(answer.status).toBe(401);
		const forged = await call(server, 'GET', `/api/v1/sessions/${ctx.a.id}/state`, {
			headers: bearer(`stp_${'A'.repeat(43)}`)
		});
		expect(forged.status).toBe(401);
		// Nor is a trainee token a staff credential under a staff cookie's name.
		const staffPage = await call(server, 'GET', '/sessions', {
			headers: { cookie: `st_session=${b}` }
		});
		expect(staffPage.status).toBe(303);
		expect(staffPage.headers.get('location')).toMatch(/^\/login/);
	});
});
