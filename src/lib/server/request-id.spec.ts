import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, log } from './log';
import { handleError, requestId, requestIdOf } from './request-id';

/** A logger whose lines are kept, parsed. */
function captured() {
	const lines: Record<string, unknown>[] = [];
	const logger = createLogger({ write: (line: string) => void lines.push(JSON.parse(line)) });
	return { logger, lines };
}

function eventWith(
	requestId: string,
	route: string | null = '/(facilitator)/sessions/[id]',
	logger = captured().logger
): RequestEvent {
	const request = new Request('http://x.test/sessions/abc?token=stp_secret', { method: 'POST' });
	return {
		request,
		url: new URL(request.url),
		route: { id: route },
		locals: { user: null, requestId, log: logger.child({ requestId }) }
	} as unknown as RequestEvent;
}

afterEach(() => vi.restoreAllMocks());

describe('request ids', () => {
	it('keeps a well-formed id from a proxy and replaces anything else', () => {
		const from = (id: string) =>
			requestIdOf(new Request('http://x.test/', { headers: { 'x-request-id': id } }));
		expect(from('edge-1234abcd')).toBe('edge-1234abcd');
		expect(from('<script>')).not.toBe('<script>');
		expect(requestIdOf(new Request('http://x.test/'))).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('gives the request a log with its id and writes one access line with the route, not the URL', async () => {
		const { logger, lines } = captured();
		vi.spyOn(log, 'child').mockImplementation((bindings) => logger.child(bindings));
		const request = new Request('http://x.test/play/s1?code=ABCDE', {
			headers: { 'x-request-id': 'edge-1234abcd', authorization: 'Bearer stu_abcdefghijk' }
		});
		const event = {
			request,
			url: new URL(request.url),
			route: { id: '/(trainee)/play/[id]' },
			locals: { user: { id: 'u1' } }
		} as unknown as RequestEvent;
		const response = await requestId({
			event,
			resolve: async (e) => {
				e.locals.log!.warn('inside');
				return new Response('ok', { status: 201 });
			}
		});
		expect(response.headers.get('x-request-id')).toBe('edge-1234abcd');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatchObject({ requestId: 'edge-1234abcd', msg: 'inside' });
		expect(lines[1]).toMatchObject({
			level: 'info',
			requestId: 'edge-1234abcd',
			method: 'GET',
			route: '/(trainee)/play/[id]',
			status: 201,
			user: 'u1',
			msg: 'request'
		});
		expect(typeof lines[1].ms).toBe('number');
		const text = JSON.stringify(lines);
		expect(text).not.toContain('ABCDE');
		expect(text).not.toContain('stu_');
	});

	it('writes the access line of a request that threw, and the probes only at debug', async () => {
		const { logger, lines } = captured();
		vi.spyOn(log, 'child').mockImplementation((bindings) => logger.child(bindings));
		const event = eventWith('req-12345678', '/healthz');
		await requestId({ event, resolve: async () => new Response('{}') });
		expect(lines).toHaveLength(0);
		const failing = eventWith('req-87654321', '/api/v1/join');
		await expect(
			requestId({
				event: failing,
				resolve: async () => {
					throw new Error('boom');
				}
			})
		).rejects.toThrow('boom');
		expect(lines).toEqual([
			expect.objectContaining({
				requestId: failing.locals.requestId,
				route: '/api/v1/join',
				status: 500
			})
		]);
	});

	it('logs a redirect or an HTTP error thrown further in with the status the client gets', async () => {
		const { logger, lines } = captured();
		vi.spyOn(log, 'child').mockImplementation((bindings) => logger.child(bindings));
		for (const [thrown, status] of [
			[() => redirect(303, '/setup'), 303],
			[() => error(403, 'no'), 403]
		] as const) {
			await expect(
				requestId({ event: eventWith('req-redirect1'), resolve: async () => thrown() })
			).rejects.toBeDefined();
			expect(lines.at(-1)).toMatchObject({ status });
		}
	});
});

describe('handleError', () => {
	it('logs an unexpected error with the request id and shows a plain message', async () => {
		const { logger, lines } = captured();
		const shown = await handleError({
			kind: 'unknown',
			error: new Error('ENOENT: /data/secret/path.json'),
			event: eventWith('req-12345678', '/(facilitator)/sessions/[id]', logger)
		});
		expect(shown).toMatchObject({ requestId: 'req-12345678' });
		expect(shown?.message).not.toContain('ENOENT');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({
			level: 'error',
			requestId: 'req-12345678',
			method: 'POST',
			route: '/(facilitator)/sessions/[id]',
			err: { message: 'ENOENT: /data/secret/path.json' }
		});
		expect(JSON.stringify(lines[0])).not.toContain('stp_secret');
	});

	it('passes the message of an error raised on purpose through without logging it', async () => {
		const { logger, lines } = captured();
		const shown = await handleError({
			kind: 'framework',
			error: { status: 404, message: 'Not Found' },
			event: eventWith('req-12345678', null, logger)
		});
		expect(shown).toEqual({ message: 'Not Found', requestId: 'req-12345678' });
		expect(lines).toHaveLength(0);
	});
});
