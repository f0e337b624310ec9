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

/** The cookie of a sign-in waiting for its second factor (only /login/code reads it). */
export const MFA_COOKIE = 'st_mfa';
const MFA_COOKIE_PATH = '/login';

/** Sets the waiting sign-in's cookie, for as long as it lasts. */
export function setMfaCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(MFA_COOKIE, token, {
		path: MFA_COOKIE_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: SECURE_COOKIES,
		expires: expiresAt
	});
}

/** Removes the waiting sign-in's cookie. */
export function clearMfaCookie(cookies: Cookies): void {
	cookies.delete(MFA_COOKIE, {
		path: MFA_COOKIE_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: SECURE_COOKIES
	});
}
