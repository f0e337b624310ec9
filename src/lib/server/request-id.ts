/**
 * A request id on every request: kept in `event.locals.requestId`, sent back as `X-Request-Id`,
 * and written on every log line the request causes (its access line, its errors), so a person
 * who reports "something went wrong" can quote the id that finds the log lines. An id sent by a
 * proxy in front (`X-Request-Id`) is kept when it looks like one, so the proxy's log and ours
 * agree; anything else is replaced.
 */
import { randomUUID } from 'node:crypto';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { log as rootLog } from './log';
import { storageFailure } from './http';

const FROM_PROXY = /^[\w.:-]{8,100}$/;

/** The id of a request: the proxy's when it is well formed, else a new UUID. */
export function requestIdOf(request: Request): string {
	const sent = request.headers.get('x-request-id');
	return sent && FROM_PROXY.test(sent) ? sent : randomUUID();
}

/** Routes that probes and scrapers ask every few seconds: their access lines are debug. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Gives every request an id, answers with it in `X-Request-Id`, gives the request a log whose
 * lines carry it (`event.locals.log`), and writes one access line when the response is ready:
 * the method, the route's id (`/(trainee)/play/[id]`, never the URL with its query), the status,
 * the milliseconds to the response's headers and the signed-in account's id. A stream's line is
 * written when it opens. Nothing of the request's headers or body is written.
 */
export const requestId: Handle = async ({ event, resolve }) => {
	const id = requestIdOf(event.request);
	event.locals.requestId = id;
	const requestLog = rootLog.child({ requestId: id });
	event.locals.log = requestLog;
	const started = performance.now();
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		try {
			response.headers.set('x-request-id', id);
		} catch {
			// Immutable headers (a fetched response passed through): the id is in the log all the same.
		}
		return response;
	} catch (e) {
		// A hook further in may throw a redirect (to /setup, to /login) or an HTTP error:
		// SvelteKit answers it with that status, and so does the log line.
		if (isRedirect(e) || isHttpError(e)) status = e.status;
		else status = storageFailure(e, event.request.method)?.status ?? status;
		throw e;
	} finally {
		const route = event.route.id;
		const line = {
			method: event.request.method,
			route,
			status,
			ms: Math.round((performance.now() - started) * 10) / 10,
			user: event.locals.user?.id
		};
		if (route && PROBES.has(route) && status < 400) requestLog.debug(line, 'request');
		else requestLog.info(line, 'request');
	}
};

/**
 * Errors the app or SvelteKit raised on purpose (404, 403, a refused form) keep their message; an
 * unexpected one is logged with its request id and shown to people as a plain message with that
 * id, never its own text (which may name files or data). Two errors of the storage are answered
 * for every route here: the database out of reach is a 503 ("Not saved..." for a write, as
 * nothing was), and a character PostgreSQL cannot store (NUL) a 400.
 */
export const handleError: HandleServerError = (caught) => {
	const { event } = caught;
	const id = event.locals.requestId ?? requestIdOf(event.request);
	if (caught.kind !== 'unknown') return { message: caught.error.message, requestId: id };
	const requestLog = event.locals.log ?? rootLog.child({ requestId: id });
	const failure = storageFailure(caught.error, event.request.method);
	if (failure?.unavailable) {
		requestLog.warn(
			{ err: caught.error, method: event.request.method, route: event.route?.id ?? null },
			'the database cannot be reached'
		);
	}
	if (failure) return { status: failure.status, message: failure.message, requestId: id };
	requestLog.error(
		{ err: caught.error, method: event.request.method, route: event.route?.id ?? null },
		'unexpected error'
	);
	return {
		message:
			'Something went wrong on our side. Try again; if it happens again, tell your administrator this error id.',
		requestId: id
	};
};
