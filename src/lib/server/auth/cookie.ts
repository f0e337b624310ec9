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

/** The cookie of an OpenID sign-in between its start and its callback (both under /login/oidc). */
export const OIDC_COOKIE = 'st_oidc';
const OIDC_COOKIE_PATH = '/login/oidc';
/** A person gets this long at their provider's sign-in page. */
export const OIDC_COOKIE_MAX_AGE_S = 10 * 60;

/** Keeps an OpenID sign-in's state, nonce and PKCE verifier until the provider sends the person back. */
export function setOidcCookie(cookies: Cookies, transaction: object): void {
	cookies.set(OIDC_COOKIE, Buffer.from(JSON.stringify(transaction)).toString('base64url'), {
		path: OIDC_COOKIE_PATH,
		httpOnly: true,
		// Lax: the provider sends the person back with a top-level GET from its own site.
		sameSite: 'lax',
		secure: SECURE_COOKIES,
		maxAge: OIDC_COOKIE_MAX_AGE_S
	});
}

/** The OpenID sign-in the cookie holds (parsed JSON, unchecked), or null; the cookie is removed. */
export function takeOidcCookie(cookies: Cookies): unknown {
	const raw = cookies.get(OIDC_COOKIE);
	cookies.delete(OIDC_COOKIE, {
		path: OIDC_COOKIE_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: SECURE_COOKIES
	});
	if (!raw) return null;
	try {
		return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
	} catch {
		return null;
	}
}
