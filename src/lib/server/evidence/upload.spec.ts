import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkUploadedRecord, MAX_RECORD_BYTES } from './upload';

const FINGERPRINT = `SHA256:${'0'.repeat(64)}`;

function upload(content: BlobPart | null, name = 'record.json'): Request {
	const form = new FormData();
	if (content !== null) form.set('record', new File([content], name));
	return new Request('http://x.test/verify', { method: 'POST', body: form });
}

describe('an uploaded record', () => {
	it('is checked like the CLI checks it, without anything stored', async () => {
		const checked = await checkUploadedRecord(upload('{"format":"other"}'), FINGERPRINT);
		expect(checked).toMatchObject({
			ok: true,
			fileName: 'record.json',
			signedHere: false,
			verdict: {
				ok: false,
				summary: 'NOT verified: not a Sandtable record (format "sandtable.record" expected)'
			}
		});
	});

	it('checks a zip as an evidence pack, as npm run verify does', async () => {
		const zip = zipSync({ 'manifest.json': strToU8('{"format":"other"}') });
		const checked = await checkUploadedRecord(upload(zip, 'pack.zip'), FINGERPRINT);
		expect(checked).toMatchObject({
			ok: true,
			fileName: 'pack.zip',
			verdict: {
				ok: false,
				summary: 'NOT verified: not a Sandtable evidence pack (format "sandtable.evidence-pack" v1)'
			}
		});
	});

	it('is refused with a clear reason when it is not JSON, missing, too large or not a form', async () => {
		expect(await checkUploadedRecord(upload('{ nope', 'my file.json'), FINGERPRINT)).toMatchObject({
			ok: false,
			status: 400,
			message: expect.stringMatching(/^my_file.json is not a JSON file: /)
		});
		expect(await checkUploadedRecord(upload(null), FINGERPRINT)).toEqual({
			ok: false,
			status: 400,
			message: 'Choose an exported record (.json) or evidence pack (.zip) to check.'
		});
		const big = new Uint8Array(MAX_RECORD_BYTES + 1).fill(32);
		expect(await checkUploadedRecord(upload(big), FINGERPRINT)).toMatchObject({
			ok: false,
			status: 413
		});
		const json = new Request('http://x.test/verify', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		expect(await checkUploadedRecord(json, FINGERPRINT)).toMatchObject({ ok: false, status: 415 });
	});
});
