/**
 * Cross-site request forgery guard. SvelteKit 3 refuses every cross-site POST, PUT, PATCH or
 * DELETE that has a form content type or none at all; that also refused the JSON API's body-less
 * commands (`POST /api/v1/sessions/:id/start` with a Bearer token) sent by scripts, which carry
 * no Origin header. A Bearer token is not an ambient credential: a browser never attaches it on
 * its own, and a page of another origin cannot add an Authorization header without a CORS
 * preflight this app never grants. And a JSON API request with no cookie carries no ambient
 * credential at all (the API never sets cookies), so there is nothing to forge: it reaches the
 * API's own 401. So the rule here is SvelteKit's, except for requests that authenticate with a
 * Bearer token and cookie-less API requests; SvelteKit's own check is switched off
 * (`csrf.trustedOrigins` in vite.config.ts) so that this one decides.
 */
import type { Handle } from '@sveltejs/kit/hooks';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
]);

/** True when a request could be a form posted by a page of another origin and must be refused. */
export function isCrossSiteForm(request: Request, selfOrigin: string): boolean {
	if (!MUTATING.has(request.method)) return false;
	if (/^Bearer\s/i.test(request.headers.get('authorization') ?? '')) return false;
	if (!request.headers.has('cookie') && new URL(request.url).pathname.startsWith('/api/')) {
		return false;
	}
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
	if (type && !FORM_TYPES.has(type)) return false;
	return request.headers.get('origin') !== selfOrigin;
}

/** Refuses cross-site form submissions with 403, as SvelteKit's own check did. */
export const csrfGuard: Handle = async ({ event, resolve }) => {
	if (isCrossSiteForm(event.request, event.url.origin)) {
		const message = `Cross-site ${event.request.method} form submissions are forbidden`;
		if (event.request.headers.get('accept') === 'application/json') {
			return Response.json({ message }, { status: 403 });
		}
		return new Response(message, { status: 403, headers: { 'content-type': 'text/plain' } });
	}
	return resolve(event);
};
