import { fail, redirect, type Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import { getAuth } from '#lib/server/auth/index.js';
import {
	clearMfaCookie,
	MFA_COOKIE,
	SESSION_COOKIE,
	setSessionCookie
} from '#lib/server/auth/cookie.js';
import { safeNext } from '#lib/server/auth/guard.js';
import { codeField } from '#lib/server/auth/schemas.js';
import { BAD_CODE, checkSecondFactor } from '#lib/server/auth/sign-in.js';
import { readForm } from '#lib/server/http.js';
import { tooManyAttemptsMessage } from '#lib/server/rate-limit.js';
import type { Actions, PageServerLoad } from './$types';

/** The account the waiting sign-in behind the cookie is for; without one, back to /login. */
async function pendingUser(cookies: Cookies) {
	const token = cookies.get(MFA_COOKIE) ?? '';
	const user = await (await getAuth()).pendingSignInUser(token);
	if (!user) {
		// A cookie that no longer works means the 5 minutes ran out (or the code was reset).
		const expired = cookies.get(MFA_COOKIE) !== undefined;
		clearMfaCookie(cookies);
		redirect(303, expired ? '/login?code=expired' : '/login');
	}
	return { user, token };
}

export const load = (async ({ cookies }) => {
	const { user } = await pendingUser(cookies);
	return { email: user.email };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { cookies, request, url } = event;
		const { user, token } = await pendingUser(cookies);
		const form = await readForm(request, z.object({ code: codeField }));
		if ('errors' in form) return fail(400, { message: form.errors.code ?? BAD_CODE });
		const auth = await getAuth();
		const result = await checkSecondFactor(auth, user, form.data.code, event.getClientAddress());
		if (!result.ok) {
			if (result.reason === 'invalid') return fail(400, { message: BAD_CODE });
			event.setHeaders({ 'retry-after': String(result.retryAfterSeconds) });
			return fail(429, { message: tooManyAttemptsMessage(result.retryAfterSeconds) });
		}
		await auth.endPendingSignIn(token);
		clearMfaCookie(cookies);
		const previous = cookies.get(SESSION_COOKIE);
		if (previous) await auth.endSession(previous);
		const session = await auth.startSession(user.id);
		setSessionCookie(cookies, session.token, session.expiresAt);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
} satisfies Actions;
