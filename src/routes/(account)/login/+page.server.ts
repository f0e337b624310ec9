import { fail, redirect } from '@sveltejs/kit';
import { getAuth } from '#lib/server/auth/index.js';
import { SESSION_COOKIE, setMfaCookie, setSessionCookie } from '#lib/server/auth/cookie.js';
import { safeNext } from '#lib/server/auth/guard.js';
import { signInSchema } from '#lib/server/auth/schemas.js';
import { BAD_CREDENTIALS, signIn } from '#lib/server/auth/sign-in.js';
import { OIDC_PROVIDERS, PASSWORD_SIGN_IN } from '#lib/server/config.js';
import { readForm } from '#lib/server/http.js';
import { tooManyAttemptsMessage } from '#lib/server/rate-limit.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	const { searchParams: q } = url;
	let notice: string | null = null;
	if (q.get('reset') === 'done') notice = 'Password set. Sign in with it.';
	if (q.get('code') === 'expired') notice = 'The sign-in took too long: enter your password again.';
	const providers = OIDC_PROVIDERS.map((p) => ({ id: p.id, name: p.name }));
	return { notice, providers, passwordSignIn: PASSWORD_SIGN_IN };
}) satisfies PageServerLoad;

/** Said when PASSWORD_SIGN_IN=off and someone posts a password anyway. */
const PASSWORD_OFF = 'Password sign-in is turned off here: use your organisation’s sign-in.';

export const actions = {
	default: async (event) => {
		const { request, cookies, url } = event;
		if (!PASSWORD_SIGN_IN) return fail(403, { message: PASSWORD_OFF, values: {} });
		const form = await readForm(request, signInSchema);
		if ('errors' in form) return fail(400, { errors: form.errors, values: form.values });
		const { email, password } = form.data;
		const auth = await getAuth();
		const result = await signIn(auth, email, password, event.getClientAddress());
		if (!result.ok) {
			const values = { email };
			if (result.reason === 'invalid') return fail(400, { message: BAD_CREDENTIALS, values });
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, { message: tooManyAttemptsMessage(result.retryAfterSeconds), values });
		}
		const next = safeNext(url.searchParams.get('next'));
		if (await auth.hasMfa(result.user.id)) {
			// No login session before the second factor: a short-lived waiting sign-in only.
			const pending = await auth.startPendingSignIn(result.user.id);
			setMfaCookie(cookies, pending.token, pending.expiresAt);
			redirect(303, `/login/code?next=${encodeURIComponent(next)}`);
		}
		// A new session for every sign-in: a cookie planted before sign-in never gains rights.
		const previous = cookies.get(SESSION_COOKIE);
		if (previous) await auth.endSession(previous);
		const session = await auth.startSession(result.user.id);
		setSessionCookie(cookies, session.token, session.expiresAt);
		redirect(303, next);
	}
} satisfies Actions;
