import { describe, expect, it } from 'vitest';
import { readScenarioUpload } from './upload';

function post(form: FormData): Request {
	return new Request('http://x/scenarios?/upload', { method: 'POST', body: form });
}

describe('scenario upload reader', () => {
	it('returns the bytes and a safe file name', async () => {
		const form = new FormData();
		form.set('file', new File(['id: x\n'], 'my scenario?.yaml'));
		const read = await readScenarioUpload(post(form));
		expect(read.ok && new TextDecoder().decode(read.bytes)).toBe('id: x\n');
		expect(read.ok && read.fileName).toBe('my_scenario_.yaml');
	});

	it('refuses a missing or empty file', async () => {
		const form = new FormData();
		form.set('file', new File([], 'empty.yaml'));
		const read = await readScenarioUpload(post(form));
		expect(read).toMatchObject({ ok: false, status: 400 });
	});

	it('refuses a body over the limit without buffering it all', async () => {
		const form = new FormData();
		form.set('file', new File(['x'.repeat(5000)], 'big.yaml'));
		const read = await readScenarioUpload(post(form), 'file', 1000);
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
