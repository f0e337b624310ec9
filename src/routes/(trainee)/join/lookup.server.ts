/**
 * The join page's look-ups: a code to its open session, the sessions this browser already
 * belongs to, and what a trainee chooses from when joining.
 *
 * Limits (JOIN_LIMITS in #lib/server/join.ts, shared with `POST /api/v1/join`): 20 failed
 * attempts per client address and 50 per code in 15 minutes. A code that is found gives its
 * attempt back, so a classroom behind one NAT address is never locked out; a code of the wrong
 * shape is refused without counting, since it cannot match anything.
 */
import type { Cookies } from '@sveltejs/kit';
import { countJoinAttempt, UNKNOWN_CODE } from '#lib/server/join.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { tooManyAttemptsMessage } from '#lib/server/rate-limit.js';
import { participantCookie } from '#lib/server/sessions/access.js';
import {
	formatJoinCode,
	hub,
	JOIN_CODE_ALPHABET,
	JOIN_CODE_LENGTH,
	normaliseJoinCode
} from '#lib/server/sessions/hub.js';
import type { LiveSession } from '#lib/server/sessions/live.js';

const CODE_SHAPE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);
/** Sessions checked for a "continue" link; a browser rarely belongs to more. */
const MAX_CONTINUE = 5;

export const BAD_SHAPE = 'A join code has 10 letters and digits, like ABCDE-FGHJK.';
export const ENDED = 'That exercise has ended, so it cannot be joined any more.';

export type Lookup =
	| { ok: true; session: LiveSession }
	| { ok: false; status: 400 | 404 | 410 | 429; message: string; retryAfterSeconds?: number };

/**
 * The open session for `input`, counting the attempt per client address and per code; a wrong
 * code gets the same answer whether or not a similar code exists.
 */
export async function lookUpCode(input: string, address: string): Promise<Lookup> {
	const code = normaliseJoinCode(input);
	// A code of the wrong shape can match nothing, so it is not an attempt worth counting.
	if (!CODE_SHAPE.test(code)) return { ok: false, status: 400, message: BAD_SHAPE };
	const attempt = countJoinAttempt(address, code);
	if (!attempt.ok) {
		const { retryAfterSeconds } = attempt;
		return {
			ok: false,
			status: 429,
			message: tooManyAttemptsMessage(retryAfterSeconds),
			retryAfterSeconds
		};
	}
	const session = await hub.byJoinCode(code);
	if (session) {
		attempt.succeeded();
		return { ok: true, session };
	}
	// The exact code of an ended session is no guess: say why it no longer works.
	if (await hub.joinCodeEnded(code)) {
		attempt.succeeded();
		return { ok: false, status: 410, message: ENDED };
	}
	return { ok: false, status: 404, message: UNKNOWN_CODE };
}

/** The participant this browser is in `session`, from its cookie; null if none or revoked. */
export function rejoining(session: LiveSession, cookies: Cookies) {
	return hub.participant(session, cookies.get(participantCookie(session.id)));
}

/** Sessions this browser has joined (valid cookies only), to offer going back to them. */
export async function joinedSessions(cookies: Cookies) {
	const ids = cookies
		.getAll()
		.map((c) => /^st_p_([a-f0-9]{1,64})$/.exec(c.name)?.[1])
		.filter((id): id is string => id !== undefined)
		.slice(0, MAX_CONTINUE);
	const found = [];
	for (const id of ids) {
		const session = await hub.get(id);
		const me = session && rejoining(session, cookies);
		if (session && me) {
			const team = session.state.teams[me.teamId];
			found.push({
				id,
				title: session.meta.title,
				status: session.state.status,
				team: team?.name ?? '',
				name: me.name
			});
		}
	}
	return found;
}

/** What the second step offers: the session's teams and the scenario's roles (with names). */
export function choices(session: LiveSession) {
	return {
		code: formatJoinCode(session.meta.joinCode),
		title: session.meta.title,
		scenarioTitle: session.scenario.title,
		status: session.state.status,
		teams: session.meta.teams.map((t) => ({ id: t.id, name: t.name })),
		roles: session.scenario.roles.map((r) => ({
			id: r.id,
			name: r.name,
			descriptionHtml: r.description ? renderMarkdown(r.description) : null
		}))
	};
}
