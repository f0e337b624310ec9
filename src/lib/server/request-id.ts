/**
 * A request id on every request: kept in `event.locals.requestId`, sent back as `X-Request-Id`,
 * and written with every unexpected error, so a person who reports "something went wrong" can
 * quote the id that finds the log line. An id sent by a proxy in front (`X-Request-Id`) is kept
 * when it looks like one, so the proxy's log and ours agree; anything else is replaced.
 */
import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';

const FROM_PROXY = /^[\w.:-]{8,100}$/;

/** The id of a request: the proxy's when it is well formed, else a new UUID. */
export function requestIdOf(request: Request): string {
	const sent = request.headers.get('x-request-id');
	return sent && FROM_PROXY.test(sent) ? sent : randomUUID();
}

/** Gives every request an id and answers with it in `X-Request-Id`. */
export const requestId: Handle = async ({ event, resolve }) => {
	event.locals.requestId = requestIdOf(event.request);
	const response = await resolve(event);
	try {
		response.headers.set('x-request-id', event.locals.requestId);
	} catch {
		// Immutable headers (a fetched response passed through): the id is in the log all the same.
	}
	return response;
};

/**
 * Errors the app or SvelteKit raised on purpose (404, 403, a refused form) keep their message; an
 * unexpected one is logged with its request id as one JSON line on stderr and shown to people as
 * a plain message with that id, never its own text (which may name files or data).
 */
export const handleError: HandleServerError = (caught) => {
	const { event } = caught;
	const id = event.locals.requestId ?? requestIdOf(event.request);
	if (caught.kind !== 'unknown') return { message: caught.error.message, requestId: id };
	const error = caught.error;
	const detail = error instanceof Error ? { error: error.message, stack: error.stack } : { error };
	console.error(
		JSON.stringify({
			level: 'error',
			time: new Date().toISOString(),
			requestId: id,
			method: event.request.method,
			path: event.url.pathname,
			...detail
		})
	);
	return {
		message:
			'Something went wrong on our side. Try again; if it happens again, tell your administrator this error id.',
		requestId: id
	};
};
