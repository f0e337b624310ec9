/**
 * Headers on every response. The Content-Security-Policy itself (no inline script,
 * frame-ancestors 'none') comes from the `csp` option of the SvelteKit plugin in vite.config.ts, which hashes SvelteKit's own
 * bootstrap script; these cover what CSP does not.
 */
import type { Handle } from '@sveltejs/kit/hooks';

const HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Referrer-Policy': 'same-origin',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()'
};

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	// A body refused as too large was never read: the connection cannot carry another request.
	if (response.status === 413) {
		try {
			response.headers.set('connection', 'close');
		} catch {
			// immutable headers: the server closes the socket anyway
		}
	}
	for (const [name, value] of Object.entries(HEADERS)) {
		if (!response.headers.has(name)) {
			try {
				response.headers.set(name, value);
			} catch {
				// Some responses (e.g. fetched ones) have immutable headers; they are not pages.
			}
		}
	}
	return response;
};
