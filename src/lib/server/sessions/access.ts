/**
 * Who may do what with a session. Staff: admins and leads may look at every session, a
 * facilitator only at their own; only the owning facilitator or an admin may run one. Trainees
 * are identified per session by a token (cookie `st_p_<session id>` or `Bearer stp_...`) and see
 * only their own session.
 */
import { error, type Cookies, type RequestEvent } from '@sveltejs/kit';
import type { Participant } from '#lib/engine/session/state.js';
import { requireUser } from '../auth/guard';
import type { User } from '../auth/types';
import { SECURE_COOKIES } from '../config';
import { hub } from './hub';
import type { LiveSession } from './live';

export type StaffNeed = 'view' | 'control';

/** Whether `user` may look at (`view`) or run (`control`) a session owned by `ownerId`. */
export function staffMay(user: User, ownerId: string, need: StaffNeed): boolean {
	if (user.role === 'admin') return true;
	if (need === 'view' && user.role === 'lead') return true;
	return user.role === 'facilitator' && user.id === ownerId;
}

/** The session for a signed-in staff member, or a 401/403/404 error. */
export async function staffSession(
	locals: App.Locals,
	id: string,
	need: StaffNeed
): Promise<{ session: LiveSession; user: User }> {
	const user = requireUser(locals);
	const session = await hub.get(id);
	if (!session) error(404, 'No such session.');
	if (!staffMay(user, session.meta.facilitatorId, need)) {
		error(
			403,
			need === 'control'
				? 'Only the facilitator who runs this session (or an admin) can do that.'
				: 'This session belongs to another facilitator.'
		);
	}
	return { session, user };
}

export function participantCookie(sessionId: string): string {
	return `st_p_${sessionId}`;
}

/** Remembers a trainee's identity in this browser, so closing the tab does not lose it. */
export function setParticipantCookie(cookies: Cookies, sessionId: string, token: string): void {
	cookies.set(participantCookie(sessionId), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: SECURE_COOKIES,
		maxAge: 7 * 24 * 3600
	});
}

/** The trainee token a request carries for this session, from its cookie or a Bearer header. */
export function traineeToken(
	event: Pick<RequestEvent, 'cookies' | 'request'>,
	sessionId: string
): string | null {
	const auth = event.request.headers.get('authorization');
	if (auth?.startsWith('Bearer stp_')) return auth.slice('Bearer '.length).trim();
	return event.cookies.get(participantCookie(sessionId)) ?? null;
}

/** The session and the trainee making the request, or a 401/404 error. */
export async function traineeSession(
	event: Pick<RequestEvent, 'cookies' | 'request'>,
	id: string
): Promise<{ session: LiveSession; participant: Participant }> {
	const session = await hub.get(id);
	if (!session) error(404, 'No such session.');
	const participant = hub.participant(session, traineeToken(event, id));
	if (!participant) error(401, 'Join this session with its code first.');
	return { session, participant };
}

/** Either a trainee of the session or staff allowed to view it; null if neither. */
export async function viewerOf(
	event: Pick<RequestEvent, 'cookies' | 'request' | 'locals'>,
	id: string
): Promise<{ session: LiveSession; participant: Participant | null; user: User | null } | null> {
	const session = await hub.get(id);
	if (!session) return null;
	const participant = hub.participant(session, traineeToken(event, id));
	if (participant) return { session, participant, user: null };
	const user = event.locals.user;
	if (user && staffMay(user, session.meta.facilitatorId, 'view'))
		return { session, participant: null, user };
	return null;
}
