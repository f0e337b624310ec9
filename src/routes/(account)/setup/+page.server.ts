import { error, fail, redirect } from '@sveltejs/kit';
import { getAuth } from '#lib/server/auth/index.js';
import { setSessionCookie } from '#lib/server/auth/cookie.js';
import { setupSchema } from '#lib/server/auth/schemas.js';
import { AccountError } from '#lib/server/auth/service.js';
import { SetupDoneError } from '#lib/server/storage/accounts.js';
import { readForm } from '#lib/server/http.js';
import type { Actions, PageServerLoad } from './$types';

// Set-up exists only until the first admin does: afterwards it is a 404, not a way in.
async function assertNotSetUp() {
	if (await (await getAuth()).hasUsers()) error(404, 'Not found');
}

export const load = (async () => {
	await assertNotSetUp();
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, cookies }) => {
		await assertNotSetUp();
		const form = await readForm(request, setupSchema);
		if ('errors' in form) return fail(400, { errors: form.errors, values: form.values });
		const auth = await getAuth();
		let admin;
		try {
			admin = await auth.setupFirstAdmin(form.data);
		} catch (e) {
			if (e instanceof SetupDoneError) error(404, 'Not found');
			if (e instanceof AccountError) {
				const field = e.field ?? 'form';
				const values = { email: form.data.email, name: form.data.name };
				return fail(400, { errors: { [field]: e.message }, values });
			}
			throw e;
		}
		const session = await auth.startSession(admin.id);
		setSessionCookie(cookies, session.token, session.expiresAt);
		// The next steps (invite staff, try a scenario, practise) rather than a bare user list.
		redirect(303, '/welcome');
	}
} satisfies Actions;
