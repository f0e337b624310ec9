import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleError, requestIdOf } from './request-id';

function eventWith(requestId: string): RequestEvent {
	const request = new Request('http://x.test/sessions/abc', { method: 'POST' });
	return { request, url: new URL(request.url), locals: { user: null, requestId } } as RequestEvent;
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
});

describe('handleError', () => {
	it('logs an unexpected error as one JSON line with the request id and shows a plain message', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const shown = await handleError({
			kind: 'unknown',
			error: new Error('ENOENT: /data/secret/path.json'),
			event: eventWith('req-12345678')
		});
		expect(shown).toMatchObject({ requestId: 'req-12345678' });
		expect(shown?.message).not.toContain('ENOENT');
		const line = JSON.parse(String(log.mock.calls[0][0]));
		expect(line).toMatchObject({
			level: 'error',
			requestId: 'req-12345678',
			method: 'POST',
			path: '/sessions/abc',
			error: 'ENOENT: /data/secret/path.json'
		});
	});

	it('passes the message of an error raised on purpose through without logging it', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const shown = await handleError({
			kind: 'framework',
			error: { status: 404, message: 'Not Found' },
			event: eventWith('req-12345678')
		});
		expect(shown).toEqual({ message: 'Not Found', requestId: 'req-12345678' });
		expect(log).not.toHaveBeenCalled();
	});
});
