/**
 * Joining a session with its code, shared by the join page and `POST /api/v1/join` so that both
 * count attempts against the same limits and resolve teams and roles the same way.
 */
import type { Scenario } from '#lib/engine/scenario/model.js';
import { createRateLimiter, tooManyAttemptsMessage, type RateLimitResult } from './rate-limit';
import { hub, normaliseJoinCode } from './sessions/hub';
import type { LiveSession } from './sessions/live';

/**
 * Failed join attempts allowed per 15 minutes. Per client address: 20 bounds code guessing (a
 * code is 10 characters from 31, so guessing is hopeless at this rate) while a whole classroom
 * behind one NAT still gets in, because a successful join gives its attempt back. Per code: 50
 * bounds a flood of bad requests against one session from many addresses.
 */
export const JOIN_LIMITS = { perAddress: 20, perCode: 50, windowMs: 15 * 60_000 } as const;

const byAddress = createRateLimiter({
	limit: JOIN_LIMITS.perAddress,
	windowMs: JOIN_LIMITS.windowMs
});
const byCode = createRateLimiter({ limit: JOIN_LIMITS.perCode, windowMs: JOIN_LIMITS.windowMs });

/** One message for a wrong, unknown or closed code, so it tells nothing about similar codes. */
export const UNKNOWN_CODE =
	'No open session has that join code. Check the code with your facilitator.';

export type JoinAttempt =
	{ ok: true; succeeded: () => void } | { ok: false; retryAfterSeconds: number };

/**
 * Counts one join attempt against the client address and the (normalised) code; call
 * `succeeded()` once the attempt worked, so that only failures add up.
 */
export function countJoinAttempt(address: string, code: string): JoinAttempt {
	const addressKey = `join:address:${address}`;
	const codeKey = `join:code:${normaliseJoinCode(code)}`;
	const a: RateLimitResult = byAddress.check(addressKey);
	if (!a.ok) return { ok: false, retryAfterSeconds: a.retryAfterSeconds };
	const c = byCode.check(codeKey);
	if (!c.ok) {
		byAddress.release(addressKey);
		return { ok: false, retryAfterSeconds: c.retryAfterSeconds };
	}
	return {
		ok: true,
		succeeded: () => {
			byAddress.release(addressKey);
			byCode.release(codeKey);
		}
	};
}

/** The team id for `input`, which may be a team's id or its name (any case); else `input`. */
export function resolveTeamId(session: LiveSession, input: string): string {
	const teams = session.meta.teams;
	if (teams.some((t) => t.id === input)) return input;
	const wanted = input.trim().toLowerCase();
	return teams.find((t) => t.name.trim().toLowerCase() === wanted)?.id ?? input;
}

/** The role id for `input`, which may be a role's id or its name (any case); else `input`. */
export function resolveRoleId(scenario: Scenario, input: string): string {
	if (scenario.roles.some((r) => r.id === input)) return input;
	const wanted = input.trim().toLowerCase();
	return scenario.roles.find((r) => r.name.trim().toLowerCase() === wanted)?.id ?? input;
}

export type JoinResult =
	| {
			ok: true;
			session: LiveSession;
			participantId: string;
			token: string;
			teamId: string;
			role: string;
	  }
	| { ok: false; status: number; message: string; retryAfterSeconds?: number };

/**
 * Joins the session open under `code` as a new trainee (team and role by id or name), counting
 * the attempt against the join limits; refusals carry an HTTP status and a message for people.
 */
export async function joinWithCode(
	input: { code: string; name: string; team: string; role: string },
	address: string
): Promise<JoinResult> {
	const attempt = countJoinAttempt(address, input.code);
	if (!attempt.ok) {
		return {
			ok: false,
			status: 429,
			message: tooManyAttemptsMessage(attempt.retryAfterSeconds),
			retryAfterSeconds: attempt.retryAfterSeconds
		};
	}
	// Only failures count. Give the attempt back at once and count it again if it fails: held
	// until the join is on disk, every join in flight counted, and a room joining at the same
	// moment from one address (or on one code) was refused after the first 20 (or 50).
	attempt.succeeded();
	const failed = () => countJoinAttempt(address, input.code);
	const session = await hub.byJoinCode(input.code);
	if (!session) {
		failed();
		return { ok: false, status: 404, message: UNKNOWN_CODE };
	}
	const teamId = resolveTeamId(session, input.team);
	const role = resolveRoleId(session.scenario, input.role);
	const joined = await hub.join(session, { name: input.name, teamId, role });
	if (!joined.ok) {
		// A 503 (the session kept changing under a burst of joins, or the database is away) is no
		// guess at a code: counted, a room joining at once on several instances was locked out.
		if (joined.status < 500) failed();
		return joined;
	}
	return {
		ok: true,
		session,
		participantId: joined.participantId,
		token: joined.token,
		teamId,
		role
	};
}
