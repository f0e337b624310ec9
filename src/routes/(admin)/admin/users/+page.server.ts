import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getAuth } from '#lib/server/auth/index.js';
import { requireUser, requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { newPasswordField, newUserSchema, roleField } from '#lib/server/auth/schemas.js';
import { AccountError } from '#lib/server/auth/service.js';
import { ROLES } from '#lib/server/auth/types.js';
import { OIDC_PROVIDERS, PASSWORD_SIGN_IN } from '#lib/server/config.js';
import { readForm } from '#lib/server/http.js';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const admin = requireUserOrRedirect(event, 'admin');
	const users = await (await getAuth()).listUsers(admin);
	const names = new Map(users.map((u) => [u.id, u.name]));
	return {
		me: admin.id,
		// How staff sign in (set by the environment, docs/sso.md); never a client secret.
		signIn: {
			password: PASSWORD_SIGN_IN,
			providers: OIDC_PROVIDERS.map((p) => ({
				id: p.id,
				name: p.name,
				issuer: p.issuer,
				roleClaim: p.roleClaim,
				roles: Object.entries(p.roles),
				defaultRole: p.defaultRole,
				emailDomains: p.emailDomains ?? null
			}))
		},
		roles: ROLES,
		users: users.map((u) => ({
			id: u.id,
			email: u.email,
			name: u.name,
			role: u.role,
			disabled: u.disabled,
			mfa: u.mfa,
			sso: u.sso,
			createdAt: u.createdAt,
			createdBy: u.createdBy
				? (names.get(u.createdBy) ?? 'a removed user')
				: u.sso
					? 'SSO sign-in'
					: 'set-up'
		}))
	};
}) satisfies PageServerLoad;

const userId = z.string().min(1).max(100);

/** Runs one admin change and turns a refusal into a message beside the user it concerns. */
async function change(action: string, id: string, run: () => Promise<unknown>, saved: string) {
	try {
		await run();
	} catch (e) {
		if (!(e instanceof AccountError)) throw e;
		return fail(400, { action, userId: id, message: e.message });
	}
	return { action, userId: id, saved };
}

export const actions = {
	create: async ({ locals, request }) => {
		const admin = requireUser(locals, 'admin');
		const form = await readForm(request, newUserSchema);
		if ('errors' in form) return fail(400, { action: 'create', ...form });
		try {
			const user = await (await getAuth()).createUser(admin, form.data);
			return { action: 'create', saved: `Added ${user.name} (${user.email}) as ${user.role}.` };
		} catch (e) {
			if (!(e instanceof AccountError)) throw e;
			const errors = { [e.field ?? 'form']: e.message };
			const { email, name, role } = form.data;
			return fail(400, { action: 'create', errors, values: { email, name, role } });
		}
	},

	setRole: async ({ locals, request }) => {
		const admin = requireUser(locals, 'admin');
		const form = await readForm(request, z.object({ id: userId, role: roleField }));
		if ('errors' in form) return fail(400, { action: 'setRole', message: 'Choose a role.' });
		const { id, role } = form.data;
		const auth = await getAuth();
		return change('setRole', id, () => auth.setRole(admin, id, role), `Role changed to ${role}.`);
	},

	setDisabled: async ({ locals, request }) => {
		const admin = requireUser(locals, 'admin');
		const schema = z.object({ id: userId, disabled: z.enum(['true', 'false']) });
		const form = await readForm(request, schema);
		if ('errors' in form) return fail(400, { action: 'setDisabled', message: 'Invalid request.' });
		const { id } = form.data;
		const disabled = form.data.disabled === 'true';
		const auth = await getAuth();
		const saved = disabled ? 'Account disabled and signed out.' : 'Account enabled.';
		return change('setDisabled', id, () => auth.setDisabled(admin, id, disabled), saved);
	},

	resetPassword: async ({ locals, request }) => {
		const admin = requireUser(locals, 'admin');
		const form = await readForm(request, z.object({ id: userId, password: newPasswordField }));
		if ('errors' in form) {
			const id = form.values.id ?? '';
			return fail(400, {
				action: 'resetPassword',
				userId: id,
				message: form.errors.password ?? 'Invalid request.'
			});
		}
		const { id, password } = form.data;
		const auth = await getAuth();
		const saved = 'Password set. Give it to them in person or by phone; they were signed out.';
		return change('resetPassword', id, () => auth.resetPassword(admin, id, password), saved);
	},

	resetMfa: async ({ locals, request }) => {
		const admin = requireUser(locals, 'admin');
		const form = await readForm(request, z.object({ id: userId }));
		if ('errors' in form) return fail(400, { action: 'resetMfa', message: 'Invalid request.' });
		const { id } = form.data;
		const auth = await getAuth();
		const saved = 'Two-factor sign-in removed and signed out; they can set it up again.';
		return change('resetMfa', id, () => auth.resetMfa(admin, id), saved);
	},

	resetLink: async ({ locals, request, url }) => {
		const admin = requireUser(locals, 'admin');
		const form = await readForm(request, z.object({ id: userId }));
		if ('errors' in form) return fail(400, { action: 'resetLink', message: 'Invalid request.' });
		const { id } = form.data;
		try {
			const link = await (await getAuth()).createResetLink(admin, id);
			// The only time the link is shown: the server keeps just the token's hash.
			return {
				action: 'resetLink',
				userId: id,
				resetUrl: `${url.origin}/reset/${link.token}`,
				expiresAt: link.expiresAt.toISOString()
			};
		} catch (e) {
			if (!(e instanceof AccountError)) throw e;
			return fail(400, { action: 'resetLink', userId: id, message: e.message });
		}
	}
} satisfies Actions;
