/**
 * What every /api/v1 endpoint shares: the staff guard (which tells a trainee token apart from no
 * credentials at all), turning a service refusal into the API's JSON error, and reading a bounded
 * text body. Access rules themselves live in #lib/server/sessions/access.ts.
 */
import { error, json, type Cookies } from '@sveltejs/kit';
import type { SessionEvent } from '#lib/engine/session/events.js';
import type { Participant } from '#lib/engine/session/state.js';
import { requireUser } from '#lib/server/auth/guard.js';
import type { Role, User } from '#lib/server/auth/types.js';
import { jsonError, readBounded } from '#lib/server/http.js';
import {
	staffSession,
	traineeToken,
	viewerOf,
	type StaffNeed
} from '#lib/server/sessions/access.js';
import { hub } from '#lib/server/sessions/hub.js';
import type { LiveSession } from '#lib/server/sessions/live.js';

type GuardEvent = { locals: App.Locals; request: Request };

/** True when the request presents a trainee token (`Authorization: Bearer stp_...`). */
export function hasTraineeBearer(request: Request): boolean {
	return /^Bearer\s+stp_/i.test(request.headers.get('authorization') ?? '');
}

/** The caller as staff holding one of `roles` (any staff role when none); else 401/403. */
export function staffUser(event: GuardEvent, ...roles: Role[]): User {
	if (!event.locals.user && hasTraineeBearer(event.request)) {
		error(403, 'A trainee token only reads its own session and answers in it.');
	}
	return requireUser(event.locals, ...roles);
}

/** The session for staff who may `need` it, or 401/403/404 (a trainee token gets 403). */
export async function staffSessionFor(
	event: GuardEvent,
	id: string,
	need: StaffNeed
): Promise<{ session: LiveSession; user: User }> {
	staffUser(event);
	return staffSession(event.locals, id, need);
}

/**
 * The caller as someone who may look at the session: its trainee (by token) or staff allowed to
 * view it; else 404 (no session), 403 (staff without access) or 401 (no or a foreign token).
 */
export async function viewerFor(
	event: GuardEvent & { cookies: Cookies },
	id: string
): Promise<
	| { session: LiveSession; participant: Participant; user: null }
	| { session: LiveSession; participant: null; user: User }
> {
	if (!(await hub.get(id))) error(404, 'No such session.');
	const viewer = await viewerOf(event, id);
	if (viewer?.participant) return { ...viewer, participant: viewer.participant, user: null };
	if (viewer?.user) return { ...viewer, participant: null, user: viewer.user };
	if (event.locals.user) error(403, 'This session belongs to another facilitator.');
	if (traineeToken(event, id)) error(401, 'This trainee token does not belong to this session.');
	error(401, 'Sign in (Bearer stu_...) or join the session (Bearer stp_...) first.');
}

/**
 * The JSON error for a service refusal, or null when the service said yes. A refusal for posting
 * too fast (429) says when to try again in `Retry-After`, as the other limits do.
 */
export function refusal(
	result: { ok: true } | { ok: false; status: number; message: string; retryAfterSeconds?: number }
) {
	if (result.ok) return null;
	const wait = result.retryAfterSeconds;
	return jsonError(
		result.status,
		result.message,
		wait !== undefined ? { 'retry-after': String(wait) } : undefined
	);
}

/** `{ status, seq }` of a session: what a control endpoint answers. */
export function sessionStatus(session: LiveSession): Response {
	return json({ status: session.state.status, seq: session.state.seq });
}

/** The releases and skips among recorded events, as the release and hold endpoints report them. */
export function releasesIn(events: readonly SessionEvent[]) {
	const released: { teamId: string; injectId: string }[] = [];
	const skipped: { teamId: string; injectId: string }[] = [];
	for (const e of events) {
		if (e.type === 'inject.released') released.push({ teamId: e.teamId, injectId: e.injectId });
		if (e.type === 'inject.skipped') skipped.push({ teamId: e.teamId, injectId: e.injectId });
	}
	return { released, skipped };
}

const TEXT_TYPES = new Set([
	'application/yaml',
	'application/x-yaml',
	'text/yaml',
	'text/x-yaml',
	'text/plain'
]);

/**
 * Reads a YAML or plain-text body of at most `maxBytes`; 415 for another content type, 413 when
 * it is larger (checked on the declared length and again while reading, so nothing big is kept).
 */
export async function readTextBody(request: Request, maxBytes: number): Promise<Uint8Array> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (!TEXT_TYPES.has(type)) {
		error(415, 'Send the scenario as YAML text (Content-Type: application/yaml).');
	}
	const body = await readBounded(request, maxBytes);
	if (!body) error(413, `The scenario file is larger than ${maxBytes} bytes.`);
	return body;
}

/** A safe file name for located errors (`?file=` on upload): letters, digits, dot, dash. */
export function uploadFileName(raw: string | null): string {
	const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
	const clean = base.replace(/[^\w.-]/g, '').slice(0, 100);
	return /\.ya?ml$/i.test(clean) ? clean : 'upload.yaml';
}
