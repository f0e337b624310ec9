import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getAuth } from '#lib/server/auth/index.js';
import { SESSION_COOKIE } from '#lib/server/auth/cookie.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import {
	changePasswordSchema,
	codeField,
	nameField,
	passwordField,
	tokenNameField
} from '#lib/server/auth/schemas.js';
import { totpQrSvg } from '#lib/server/auth/totp.js';
import { REQUIRE_MFA } from '#lib/server/config.js';
import { AccountError } from '#lib/server/auth/service.js';
import { readForm } from '#lib/server/http.js';
import { passwordChangeLimiter, tooManyAttemptsMessage } from '#lib/server/rate-limit.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const user = requireUserOrRedirect(event);
	const auth = await getAuth();
	const tokens = await auth.listApiTokens(user.id);
	const mfa = await auth.mfaStatus(user.id);
	return {
		profile: { name: user.name, email: user.email, role: user.role },
		tokens: tokens.filter((t) => !t.revokedAt),
		// Made by SSO without a password: nothing to change or protect with a code here.
		ssoOnly: await auth.ssoOnly(user.id),
		mfa: {
			enabled: mfa.enabled,
			required: REQUIRE_MFA,
			recoveryCodesLeft: mfa.recoveryCodesLeft,
			// The pending secret is shown to its owner until confirmed; a confirmed one never again.
			pending: mfa.pending && { ...mfa.pending, qr: totpQrSvg(mfa.pending.uri) }
		}
	};
}) satisfies PageServerLoad;

/** A refused change, shown next to the form it came from. */
function refused(action: string, e: unknown, values: Record<string, string> = {}) {
	if (!(e instanceof AccountError)) throw e;
	return fail(400, { action, errors: { [e.field ?? 'form']: e.message }, values });
}

/** Guessing codes from a hijacked session counts like guessing the password there. */
function codeLimit(
	userId: string,
	action: string,
	setHeaders: (headers: Record<string, string>) => void
) {
	const limit = passwordChangeLimiter.check(`mfa-account:${userId}`);
	if (limit.ok) return null;
	setHeaders({ 'retry-after': String(limit.retryAfterSeconds) });
	const message = tooManyAttemptsMessage(limit.retryAfterSeconds);
	return fail(429, { action, errors: { form: message }, values: {} });
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

	startMfa: async ({ locals }) => {
		const user = requireUser(locals);
		try {
			await (await getAuth()).startMfaEnrolment(user.id);
		} catch (e) {
			return refused('startMfa', e);
		}
		return { action: 'startMfa' };
	},

	confirmMfa: async ({ locals, request, setHeaders }) => {
		const user = requireUser(locals);
		const form = await readForm(request, z.object({ code: codeField }));
		if ('errors' in form) return fail(400, { action: 'confirmMfa', ...form });
		const limited = codeLimit(user.id, 'confirmMfa', setHeaders);
		if (limited) return limited;
		try {
			const recoveryCodes = await (await getAuth()).confirmMfa(user.id, form.data.code);
			passwordChangeLimiter.release(`mfa-account:${user.id}`);
			// The only time the recovery codes are shown: the server keeps just their hashes.
			return { action: 'confirmMfa', recoveryCodes, saved: 'Two-factor sign-in is on.' };
		} catch (e) {
			return refused('confirmMfa', e);
		}
	},

	disableMfa: async ({ locals, request, setHeaders }) => {
		const user = requireUser(locals);
		const schema = z.object({ password: passwordField, code: codeField });
		const form = await readForm(request, schema);
		if ('errors' in form)
			return fail(400, { action: 'disableMfa', errors: form.errors, values: {} });
		const limited = codeLimit(user.id, 'disableMfa', setHeaders);
		if (limited) return limited;
		try {
			await (await getAuth()).disableMfa(user.id, form.data.password, form.data.code);
		} catch (e) {
			return refused('disableMfa', e);
		}
		passwordChangeLimiter.release(`mfa-account:${user.id}`);
		return { action: 'disableMfa', saved: 'Two-factor sign-in is off.' };
	},

	regenerateCodes: async ({ locals, request, setHeaders }) => {
		const user = requireUser(locals);
		const form = await readForm(request, z.object({ code: codeField }));
		if ('errors' in form) return fail(400, { action: 'regenerateCodes', ...form });
		const limited = codeLimit(user.id, 'regenerateCodes', setHeaders);
		if (limited) return limited;
		try {
			const recoveryCodes = await (
				await getAuth()
			).regenerateRecoveryCodes(user.id, form.data.code);
			passwordChangeLimiter.release(`mfa-account:${user.id}`);
			return {
				action: 'regenerateCodes',
				recoveryCodes,
				saved: 'New recovery codes; the old ones no longer work.'
			};
		} catch (e) {
			return refused('regenerateCodes', e);
		}
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
