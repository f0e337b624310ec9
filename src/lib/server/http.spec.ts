import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_BODY_BYTES } from './config';
import {
	apiErrors,
	jsonError,
	NUL_FIELD_MESSAGE,
	nulPath,
	readForm,
	readJson,
	storageFailure
} from './http';
import { StorageUnavailableError, UnstorableInputError } from './storage/errors';

const schema = z.object({
	email: z.email(),
	teams: z.array(z.object({ name: z.string().min(1) }))
});

function post(body: BodyInit, type: string, headers: Record<string, string> = {}) {
	return new Request('http://x.test/api', {
		method: 'POST',
		body,
		headers: { 'content-type': type, ...headers }
	});
}

async function httpError(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		if (isHttpError(e)) return { status: e.status, message: e.body.message };
		throw e;
	}
	throw new Error('expected an HttpError');
}

describe('readJson', () => {
	it('returns typed, validated data', async () => {
		const body = JSON.stringify({ email: 'a@example.com', teams: [{ name: 'Blue' }] });
		const data = await readJson(post(body, 'application/json; charset=utf-8'), schema);
		expect(data.teams[0].name).toBe('Blue');
	});

	it('400 names the field path and the problem', async () => {
		const body = JSON.stringify({ email: 'a@example.com', teams: [{ name: '' }] });
		const e = await httpError(readJson(post(body, 'application/json'), schema));
		expect(e.status).toBe(400);
		expect(e.message).toMatch(/^teams\.0\.name: /);
	});

	it('400 for a NUL character in any string, naming where it is (PostgreSQL cannot store it)', async () => {
		const body = JSON.stringify({ email: 'a@example.com', teams: [{ name: 'Bl\u0000ue' }] });
		const e = await httpError(readJson(post(body, 'application/json'), schema));
		expect(e).toEqual({ status: 400, message: expect.stringMatching(/^teams\.0\.name: .*NUL/) });
		// The six characters \u0000 written out are text like any other.
		const written = JSON.stringify({ email: 'a@example.com', teams: [{ name: '\\u0000' }] });
		expect((await readJson(post(written, 'application/json'), schema)).teams[0].name).toBe(
			'\\u0000'
		);
	});

	it('finds a NUL in keys and deep values without recursing', () => {
		expect(nulPath('a\u0000')).toBe('');
		expect(nulPath({ a: { 'b\u0000': 1 } })).toBe('a');
		let deep: unknown = 'x\u0000';
		for (let i = 0; i < 100_000; i++) deep = [deep];
		expect(nulPath(deep)).toMatch(/^0(\.0)*$/);
		expect(nulPath({ a: ['fine', 1, null, { b: true }] })).toBeNull();
	});

	it('400 on malformed JSON', async () => {
		const e = await httpError(readJson(post('{"email":', 'application/json'), schema));
		expect(e).toEqual({ status: 400, message: 'The request body is not valid JSON.' });
	});

	it('415 when the body is not declared as JSON', async () => {
		const e = await httpError(readJson(post('{}', 'text/plain'), schema));
		expect(e.status).toBe(415);
	});

	it('413 over MAX_BODY_BYTES, whether declared or streamed', async () => {
		const big = JSON.stringify({ email: 'x'.repeat(MAX_BODY_BYTES) });
		expect((await httpError(readJson(post(big, 'application/json'), schema))).status).toBe(413);
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(8 * 1024).fill(32));
				controller.close();
			}
		});
		const chunked = new Request('http://x.test/api', {
			method: 'POST',
			body: stream,
			headers: { 'content-type': 'application/json' },
			duplex: 'half'
		} as RequestInit);
		expect((await httpError(readJson(chunked, schema))).status).toBe(413);
	});
});

describe('readForm', () => {
	const form = z.object({
		email: z.email({ error: 'Enter a valid email.' }),
		password: z.string().min(12)
	});

	it('returns data for a valid urlencoded or multipart form', async () => {
		const urlencoded = new URLSearchParams({ email: 'a@example.com', password: 'x'.repeat(12) });
		const result = await readForm(post(urlencoded, 'application/x-www-form-urlencoded'), form);
		expect(result).toEqual({ data: { email: 'a@example.com', password: 'x'.repeat(12) } });
		const multipart = new FormData();
		multipart.set('email', 'a@example.com');
		multipart.set('password', 'y'.repeat(12));
		const request = new Request('http://x.test/', { method: 'POST', body: multipart });
		expect(await readForm(request, form)).toMatchObject({ data: { password: 'y'.repeat(12) } });
	});

	it('returns per-field errors and the values to show again, never passwords', async () => {
		const body = new URLSearchParams({ email: 'nope', password: 'short' });
		const result = await readForm(post(body, 'application/x-www-form-urlencoded'), form);
		expect(result).toEqual({
			errors: { email: 'Enter a valid email.', password: expect.any(String) },
			values: { email: 'nope' }
		});
	});

	it('refuses a NUL character in a field beside it, before anything else is checked', async () => {
		const body = new URLSearchParams({
			email: 'a@example.com',
			password: 'x'.repeat(11) + '\u0000'
		});
		body.append('note', 'ok');
		body.append('note', 'n\u0000o');
		const result = await readForm(post(body, 'application/x-www-form-urlencoded'), form);
		expect(result).toEqual({
			errors: { password: NUL_FIELD_MESSAGE, note: NUL_FIELD_MESSAGE },
			values: { email: 'a@example.com', note: 'ok' }
		});
	});

	it('gives repeated fields as arrays', async () => {
		const body = new URLSearchParams([
			['id', 'a'],
			['id', 'b']
		]);
		const result = await readForm(
			post(body, 'application/x-www-form-urlencoded'),
			z.object({ id: z.array(z.string()) })
		);
		expect(result).toEqual({ data: { id: ['a', 'b'] } });
	});

	it('refuses non-form bodies (415) and oversized ones (413)', async () => {
		expect((await httpError(readForm(post('{}', 'application/json'), form))).status).toBe(415);
		const big = new URLSearchParams({ email: 'x'.repeat(MAX_BODY_BYTES) });
		const e = await httpError(readForm(post(big, 'application/x-www-form-urlencoded'), form));
		expect(e.status).toBe(413);
	});
});

describe('API errors', () => {
	it('jsonError answers { error }', async () => {
		const response = jsonError(429, 'Slow down', { 'retry-after': '60' });
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('60');
		expect(await response.json()).toEqual({ error: 'Slow down' });
	});

	function run(pathname: string, response: Response, accept?: string) {
		const request = new Request(`http://x.test${pathname}`, {
			headers: accept ? { accept } : {}
		});
		const event = { url: new URL(request.url), request } as Parameters<
			typeof apiErrors
		>[0]['event'];
		let seenAccept: string | null = null;
		const result = apiErrors({
			event,
			resolve: async (e) => {
				seenAccept = e.request.headers.get('accept');
				return response;
			}
		});
		return { result: Promise.resolve(result), accept: () => seenAccept };
	}

	it('reshapes SvelteKit’s { message } errors under /api into { error }', async () => {
		const { result, accept } = run(
			'/api/v1/x',
			Response.json({ message: 'Nope' }, { status: 403 })
		);
		const response = await result;
		expect(accept()).toBe('application/json');
		expect(response.status).toBe(403);
		expect(await response.json()).toEqual({ error: 'Nope' });
	});

	it('leaves pages and successful API answers alone', async () => {
		const page = await run('/login', Response.json({ message: 'x' }, { status: 404 }), 'text/html')
			.result;
		expect(await page.json()).toEqual({ message: 'x' });
		const ok = await run('/api/v1/x', Response.json({ message: 'hi' })).result;
		expect(await ok.json()).toEqual({ message: 'hi' });
	});
});

describe('storage errors', () => {
	const down = () => new StorageUnavailableError('gone', { code: 'ECONNREFUSED' });

	it('are 503 "Not saved" for a write, 503 for a read, and 400 for a NUL; others are not theirs', () => {
		expect(storageFailure(down(), 'POST')).toMatchObject({
			status: 503,
			message: 'Not saved: the database cannot be reached right now. Try again in a moment.'
		});
		expect(storageFailure(new Error('wrapped', { cause: down() }), 'GET')).toMatchObject({
			status: 503,
			message: 'The database cannot be reached right now. Try again in a moment.'
		});
		expect(storageFailure(new UnstorableInputError('nul'), 'POST')?.status).toBe(400);
		expect(storageFailure(new Error('other'), 'POST')).toBeNull();
	});

	it('thrown by a hook further in reach API clients as { error }', async () => {
		const request = new Request('http://x.test/api/v1/sessions', { method: 'POST' });
		const event = { url: new URL(request.url), request, locals: {} } as Parameters<
			typeof apiErrors
		>[0]['event'];
		const response = await apiErrors({ event, resolve: () => Promise.reject(down()) });
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({
			error: 'Not saved: the database cannot be reached right now. Try again in a moment.'
		});
		const other = new Error('a bug');
		await expect(apiErrors({ event, resolve: () => Promise.reject(other) })).rejects.toBe(other);
	});
});

describe('API errors that SvelteKit renders as HTML or text', () => {
	async function through(pathname: string, response: Response) {
		const request = new Request(`http://x.test${pathname}`);
		const event = { url: new URL(request.url), request } as Parameters<
			typeof apiErrors
		>[0]['event'];
		return apiErrors({ event, resolve: async () => response });
	}

	it('turns an HTML 404 for an unknown API path into { error }', async () => {
		const html = new Response('<!doctype html><h1>404</h1>', {
			status: 404,
			headers: { 'content-type': 'text/html' }
		});
		const response = await through('/api/v1/nothing', html);
		expect(response.headers.get('content-type')).toMatch(/json/);
		expect(await response.json()).toEqual({ error: 'Not found.' });
	});

	it('keeps a plain-text message (405) and leaves other JSON error shapes alone', async () => {
		const text = new Response('GET method not allowed', { status: 405 });
		expect(await (await through('/api/v1/x', text)).json()).toEqual({
			error: 'GET method not allowed'
		});
		const custom = Response.json({ errors: ['a', 'b'] }, { status: 400 });
		expect(await (await through('/api/v1/x', custom)).json()).toEqual({ errors: ['a', 'b'] });
	});
});
