import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getAuth } from '#lib/server/auth/index.js';
import { SESSION_COOKIE } from '#lib/server/auth/cookie.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { changePasswordSchema, nameField, tokenNameField } from '#lib/server/auth/schemas.js';
import { AccountError } from '#lib/server/auth/service.js';
import { readForm } from '#lib/server/http.js';
import { passwordChangeLimiter, tooManyAttemptsMessage } from '#lib/server/rate-limit.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event);
	const tokens = await (await getAuth()).listApiTokens(user.id);
	return {
		profile: { name: user.name, email: user.email, role: user.role },
		tokens: tokens.filter((t) => !t.revokedAt)
	};
}) satisfies PageServerLoad;

/** A refused change, shown next to the form it came from. */
function refused(action: string, e: unknown, values: Record<string, string> = {}) {
	if (!(e instanceof AccountError)) throw e;
	return fail(400, { action, errors: { [e.field ?? 'form']: e.message }, values });
}

export const actions = {
	updateName: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request, z.object({ name: nameField }));
		if ('errors' in form) return fail(400, { action: 'updateName', ...form });
		try {
			await (await getAuth()).updateName(user.id, form.data.name);
		} catch (e) {
			return refused('updateName', e, form.data);
		}
		return { action: 'updateName', saved: 'Your name was saved.' };
	},

	changePassword: async ({ locals, request, cookies, setHeaders }) => {
		const user = requireUser(locals);
		const form = await readForm(request, changePasswordSchema);
		if ('errors' in form) return fail(400, { action: 'changePassword', ...form });
		// Guessing the current password from a hijacked session counts like guessing at sign-in.
		const limit = passwordChangeLimiter.check(`password-change:${user.id}`);
		if (!limit.ok) {
			setHeaders({ 'retry-after': String(limit.retryAfterSeconds) });
			const message = tooManyAttemptsMessage(limit.retryAfterSeconds);
			return fail(429, { action: 'changePassword', errors: { form: message }, values: {} });
		}
		const { currentPassword, newPassword } = form.data;
		try {
			await (
				await getAuth()
			).changePassword(user.id, currentPassword, newPassword, cookies.get(SESSION_COOKIE));
		} catch (e) {
			return refused('changePassword', e);
		}
		passwordChangeLimiter.release(`password-change:${user.id}`);
		return {
			action: 'changePassword',
			saved: 'Your password was changed. Other browsers signed in as you were signed out.'
		};
	},

	createToken: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request, z.object({ name: tokenNameField }));
		if ('errors' in form) return fail(400, { action: 'createToken', ...form });
		try {
			const { token, summary } = await (await getAuth()).issueApiToken(user.id, form.data.name);
			// The only time the token is ever shown: the server keeps just its hash.
			return { action: 'createToken', token, tokenName: summary.name };
		} catch (e) {
			return refused('createToken', e, form.data);
		}
	},

	revokeToken: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request, z.object({ id: z.string().min(1).max(100) }));
		if ('errors' in form) return fail(400, { action: 'revokeToken', ...form });
		const revoked = await (await getAuth()).revokeApiToken(user.id, form.data.id);
		if (!revoked) {
			const errors = { form: 'That token does not exist or was already revoked.' };
			return fail(404, { action: 'revokeToken', errors, values: {} });
		}
		return { action: 'revokeToken', saved: 'The token was revoked.' };
	}
} satisfies Actions;
