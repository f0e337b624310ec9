import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { getAuth } from '#lib/server/auth/index.js';
import { resetPasswordSchema } from '#lib/server/auth/schemas.js';
import { AccountError, RESET_LINK_GONE } from '#lib/server/auth/service.js';
import { readForm } from '#lib/server/http.js';
import type { Actions, PageServerLoad } from './$types';

/**
 * The token is a bearer secret in the path: no Referer may carry the path to another page or site
 * (`strict-origin` sends the origin alone), and no cache may keep the page. Not `no-referrer`:
 * under it browsers send `Origin: null` with the form's POST, which SvelteKit's cross-site check
 * refuses. The access log names the route id, never the path.
 */
function protect(event: Pick<RequestEvent, 'setHeaders'>): void {
	event.setHeaders({ 'referrer-policy': 'strict-origin', 'cache-control': 'no-store' });
}

export const load = (async (event) => {
	protect(event);
	const user = await (await getAuth()).resetLinkAccount(event.params.token);
	// Expired, used, replaced and unknown links all get the one answer.
	if (!user) error(410, RESET_LINK_GONE);
	return { account: { name: user.name, email: user.email } };
}) satisfies PageServerLoad;

export const actions = {
	// The page it renders again runs `load`, which sets the headers (once: setting twice throws).
	default: async (event) => {
		const auth = await getAuth();
		const { token } = event.params;
		if (!(await auth.resetLinkAccount(token))) error(410, RESET_LINK_GONE);
		const form = await readForm(event.request, resetPasswordSchema);
		if ('errors' in form) return fail(400, { errors: form.errors });
		try {
			await auth.resetPasswordWithLink(token, form.data.password);
		} catch (e) {
			if (!(e instanceof AccountError)) throw e;
			const status = e.message === RESET_LINK_GONE ? 410 : 400;
			return fail(status, { errors: { [e.field ?? 'form']: e.message } });
		}
		redirect(303, '/login?reset=done');
	}
} satisfies Actions;
