import { error, redirect } from '@sveltejs/kit';
import { safeNext } from '#lib/server/auth/guard.js';
import { getAuth } from '#lib/server/auth/index.js';
import { AccountError } from '#lib/server/auth/service.js';
import { SESSION_COOKIE, setSessionCookie, takeOidcCookie } from '#lib/server/auth/cookie.js';
import { finishOidc, OidcSignInError, readTransaction } from '#lib/server/auth/oidc/flow.js';
import { OIDC_PROVIDERS } from '#lib/server/config.js';
import type { PageServerLoad } from './$types';

const EXPIRED =
	'This sign-in has expired or was already used. Start it again from the sign-in page.';

/**
 * Where the provider sends the person back: checks the answer against the sign-in this browser
 * started (the cookie is used up here, so a replayed callback is refused), finds or creates the
 * account and starts a login session. No local second factor: the provider did the sign-in.
 */
export const load = (async (event) => {
	const { cookies, params, url, locals } = event;
	const transaction = readTransaction(takeOidcCookie(cookies));
	const provider = OIDC_PROVIDERS.find((p) => p.id === params.provider);
	if (!provider) error(404, 'There is no such sign-in provider.');
	if (!transaction || transaction.provider !== provider.id) error(400, EXPIRED);
	const auth = await getAuth();
	let user;
	try {
		const person = await finishOidc(provider, url, transaction);
		locals.signInEmail = person.email;
		user = await auth.signInWithOidc(person);
	} catch (e) {
		if (e instanceof OidcSignInError) {
			if (e.email) locals.signInEmail = e.email;
			error(403, e.message);
		}
		if (e instanceof AccountError) error(403, e.message);
		throw e;
	}
	// A new session for every sign-in: a cookie planted before sign-in never gains rights.
	const previous = cookies.get(SESSION_COOKIE);
	if (previous) await auth.endSession(previous);
	const session = await auth.startSession(user.id);
	setSessionCookie(cookies, session.token, session.expiresAt);
	// The audit entry names who signed in (audit/handle.ts reads it after the response).
	locals.user = user;
	// The cookie is the browser's to change: where it sends the person is checked again here.
	redirect(303, safeNext(transaction.next));
}) satisfies PageServerLoad;
