/** Role checks for loads, actions and endpoints. */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role, User } from './types';

/** The signed-in user, if they hold one of `roles` (any role when none is given); else 401/403. */
export function requireUser(locals: App.Locals, ...roles: Role[]): User {
	const user = locals.user;
	if (!user) error(401, 'Sign in to continue.');
	if (roles.length > 0 && !roles.includes(user.role)) {
		error(403, 'Your account does not have access to this.');
	}
	return user;
}

/** Like requireUser, but a signed-out visitor is sent to /login and brought back afterwards. */
export function requireUserOrRedirect(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	...roles: Role[]
): User {
	if (!event.locals.user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return requireUser(event.locals, ...roles);
}

/**
 * The same-site path in `next` to go to after signing in, or `fallback`: never another origin
 * (`//evil.example`, `/\evil.example`, `https://...`), so /login cannot be an open redirect.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
		return fallback;
	}
	const base = 'http://sandtable.invalid';
	let url: URL;
	try {
		url = new URL(next, base);
	} catch {
		return fallback;
	}
	// Dot segments can collapse `/.//host` into `//host`, which a browser reads as another origin.
	if (url.origin !== base || url.pathname.startsWith('//')) return fallback;
	return url.pathname + url.search + url.hash;
}
