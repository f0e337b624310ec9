import { describe, expect, it } from 'vitest';
import { readScenarioUpload } from './upload';

/**
 * A multipart post whose body arrives as a stream of small chunks with no Content-Length, as a
 * chunked upload does. (Node 24's undici throws an unhandled error when a FormData body is
 * cancelled half-read, so the form is serialised first.)
 */
async function post(form: FormData): Promise<Request> {
	const encoded = new Response(form);
	const bytes = new Uint8Array(await encoded.arrayBuffer());
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (let at = 0; at < bytes.length; at += 512) controller.enqueue(bytes.slice(at, at + 512));
			controller.close();
		}
	});
	return new Request('http://x/scenarios?/upload', {
		method: 'POST',
		body,
		headers: { 'content-type': encoded.headers.get('content-type') ?? '' },
		duplex: 'half'
	} as RequestInit);
}

describe('scenario upload reader', () => {
	it('returns the bytes and a safe file name', async () => {
		const form = new FormData();
		form.set('file', new File(['id: x\n'], 'my scenario?.yaml'));
		const read = await readScenarioUpload(await post(form));
		expect(read.ok && new TextDecoder().decode(read.bytes)).toBe('id: x\n');
		expect(read.ok && read.fileName).toBe('my_scenario_.yaml');
	});

	it('refuses a missing or empty file', async () => {
		const form = new FormData();
		form.set('file', new File([], 'empty.yaml'));
		const read = await readScenarioUpload(await post(form));
		expect(read).toMatchObject({ ok: false, status: 400 });
	});

	it('refuses a body over the limit without buffering it all', async () => {
		const form = new FormData();
		form.set('file', new File(['x'.repeat(5000)], 'big.yaml'));
		const read = await readScenarioUpload(await post(form), 'file', 1000);
		expect(read).toMatchObject({ ok: false, status: 413 });
	});

	it('refuses a body that is not multipart', async () => {
		const request = new Request('http://x/', {
			method: 'POST',
			body: 'file=x',
			headers: { 'content-type': 'application/x-www-form-urlencoded' }
		});
		expect(await readScenarioUpload(request)).toMatchObject({ ok: false, status: 415 });
	});
});
