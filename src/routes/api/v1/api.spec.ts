import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '#lib/engine/session/events.js';
import {
	hasTraineeBearer,
	readTextBody,
	refusal,
	releasesIn,
	staffUser,
	uploadFileName
} from './api';

function yamlRequest(body: BodyInit, type = 'application/yaml', headers: HeadersInit = {}) {
	return new Request('http://x/api/v1/scenarios', {
		method: 'POST',
		body,
		headers: { 'content-type': type, ...headers }
	});
}

async function status(promise: Promise<unknown> | (() => unknown)): Promise<number | 'ok'> {
	try {
		await (typeof promise === 'function' ? promise() : promise);
		return 'ok';
	} catch (e) {
		return (e as { status: number }).status;
	}
}

describe('API helpers', () => {
	it('turns a refusal into its JSON error, with Retry-After when it was for posting too fast', async () => {
		expect(refusal({ ok: true })).toBeNull();
		const slow = refusal({ ok: false, status: 429, message: 'wait 12 s', retryAfterSeconds: 12 })!;
		expect(slow.status).toBe(429);
		expect(slow.headers.get('retry-after')).toBe('12');
		expect(await slow.json()).toEqual({ error: 'wait 12 s' });
		expect(
			refusal({ ok: false, status: 409, message: 'ended' })!.headers.get('retry-after')
		).toBeNull();
	});

	it('tells a trainee token from no credentials: 403 for the one, 401 for the other', async () => {
		const trainee = new Request('http://x', { headers: { authorization: 'Bearer stp_abc' } });
		const nobody = new Request('http://x');
		expect(hasTraineeBearer(trainee)).toBe(true);
		expect(await status(() => staffUser({ locals: { user: null }, request: trainee }))).toBe(403);
		expect(await status(() => staffUser({ locals: { user: null }, request: nobody }))).toBe(401);
		const lead = { id: 'u', email: 'l@x', name: 'L', role: 'lead' as const };
		expect(
			await status(() => staffUser({ locals: { user: lead }, request: nobody }, 'admin'))
		).toBe(403);
		expect(staffUser({ locals: { user: lead }, request: nobody })).toBe(lead);
	});

	it('reads YAML bodies up to the limit and refuses larger ones and other types', async () => {
		const text = 'id: x\n';
		const bytes = await readTextBody(yamlRequest(text), 100);
		expect(new TextDecoder().decode(bytes)).toBe(text);
		expect(await status(readTextBody(yamlRequest('x'.repeat(101), 'text/plain'), 100))).toBe(413);
		expect(await status(readTextBody(yamlRequest('{}', 'application/json'), 100))).toBe(415);
		// A stream with no declared length is cut off while reading.
		const stream = new ReadableStream({
			start(c) {
				for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode('x'.repeat(30)));
				c.close();
			}
		});
		const streamed = new Request('http://x', {
			method: 'POST',
			body: stream,
			headers: { 'content-type': 'text/yaml' },
			duplex: 'half'
		} as RequestInit);
		expect(await status(readTextBody(streamed, 100))).toBe(413);
	});

	it('keeps upload file names to a plain YAML name', () => {
		expect(uploadFileName('my-scenario.yaml')).toBe('my-scenario.yaml');
		expect(uploadFileName('../../etc/passwd')).toBe('upload.yaml');
		expect(uploadFileName('C:\\x\\evil <b>.yml')).toBe('evilb.yml');
		expect(uploadFileName(null)).toBe('upload.yaml');
	});

	it('lists the releases and skips among events', () => {
		const events = [
			{ type: 'inject.released', teamId: 'red', injectId: 'a', seq: 4 },
			{ type: 'inject.skipped', teamId: 'red', injectId: 'b', seq: 5 },
			{ type: 'clock.paused', seq: 6 }
		] as unknown as SessionEvent[];
		expect(releasesIn(events)).toEqual({
			released: [{ teamId: 'red', injectId: 'a' }],
			skipped: [{ teamId: 'red', injectId: 'b' }]
		});
	});
});
