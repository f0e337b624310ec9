/** The login session cookie. */
import type { Cookies } from '@sveltejs/kit';
import { SECURE_COOKIES } from '../config';

export const SESSION_COOKIE = 'st_session';

/** Sets the session cookie to expire with the session. */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: SECURE_COOKIES,
		expires: expiresAt
	});
}

/** Removes the session cookie. */
export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: SECURE_COOKIES
	});
}
