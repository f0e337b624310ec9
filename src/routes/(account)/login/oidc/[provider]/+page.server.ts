import { error, redirect } from '@sveltejs/kit';
import { setOidcCookie } from '#lib/server/auth/cookie.js';
import { safeNext } from '#lib/server/auth/guard.js';
import { OidcSignInError, startOidc } from '#lib/server/auth/oidc/flow.js';
import { OIDC_PROVIDERS } from '#lib/server/config.js';
import type { PageServerLoad } from './$types';

/** Sends the person to their OpenID provider to sign in (authorization code flow with PKCE). */
export const load = (async ({ locals, params, url, cookies }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	const provider = OIDC_PROVIDERS.find((p) => p.id === params.provider);
	if (!provider) error(404, 'There is no such sign-in provider.');
	const callback = new URL(`/login/oidc/${provider.id}/callback`, url.origin);
	let started: Awaited<ReturnType<typeof startOidc>>;
	try {
		started = await startOidc(provider, callback.href, next);
	} catch (e) {
		if (e instanceof OidcSignInError) error(503, e.message);
		throw e;
	}
	setOidcCookie(cookies, started.transaction);
	// The provider's authorization endpoint, from its discovery document.
	redirect(303, started.url.href, { external: true });
}) satisfies PageServerLoad;
