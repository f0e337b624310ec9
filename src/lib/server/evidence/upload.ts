/**
 * Reads and checks a record uploaded to the verify page: a bounded multipart body with one JSON
 * file. The check is the CLI's (`verifyRecord`) and uses nothing stored: only the file, and this
 * installation's public key to say whether the record was signed here.
 */
import { verifyPack } from '#lib/evidence/pack.js';
import { verifyRecord, type Verdict } from '#lib/evidence/record.js';
import { readBounded } from '../http';

/**
 * Largest record the page takes: below the server's default request limit (BODY_SIZE_LIMIT, 2M)
 * with room for the form. Larger records are checked with `npm run verify`, which has no limit.
 */
export const MAX_RECORD_BYTES = 1536 * 1024;
const MAX_BODY = MAX_RECORD_BYTES + 16 * 1024;

export type UploadCheck =
	| {
			ok: true;
			fileName: string;
			verdict: Pick<Verdict, 'ok' | 'summary' | 'problems' | 'notes' | 'keyFingerprint'>;
			signedHere: boolean;
	  }
	| { ok: false; status: 400 | 413 | 415; message: string };

const tooLarge = {
	ok: false,
	status: 413,
	message: `The file is larger than ${MAX_RECORD_BYTES / 1024} KiB: check it with npm run verify instead.`
} as const;

/** Reads the uploaded record and checks it; `fingerprint` is this installation's key's. */
export async function checkUploadedRecord(
	request: Request,
	fingerprint: string
): Promise<UploadCheck> {
	const header = request.headers.get('content-type') ?? '';
	if (!header.toLowerCase().startsWith('multipart/form-data'))
		return { ok: false, status: 415, message: 'Send the record with the upload form.' };
	const body = await readBounded(request, MAX_BODY);
	if (!body) return tooLarge;
	let form: FormData;
	try {
		form = await new Response(body, { headers: { 'content-type': header } }).formData();
	} catch {
		return { ok: false, status: 400, message: 'The upload could not be read.' };
	}
	const file = form.get('record');
	if (!file || typeof file === 'string' || file.size === 0)
		return {
			ok: false,
			status: 400,
			message: 'Choose an exported record (.json) or evidence pack (.zip) to check.'
		};
	if (file.size > MAX_RECORD_BYTES) return tooLarge;
	const fileName = (file.name || 'record.json').replace(/[^\w.-]+/g, '_').slice(0, 100);
	const bytes = new Uint8Array(await file.arrayBuffer());
	// An evidence pack (a zip: "PK") is checked whole, as npm run verify does.
	if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
		const verdict = verifyPack(bytes);
		return { ok: true, fileName, verdict, signedHere: verdict.keyFingerprint === fingerprint };
	}
	let parsed: unknown;
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (e) {
		const why = e instanceof SyntaxError ? e.message : 'it is not UTF-8 text';
		return { ok: false, status: 400, message: `${fileName} is not a JSON file: ${why}.` };
	}
	const verdict = verifyRecord(parsed);
	return { ok: true, fileName, verdict, signedHere: verdict.keyFingerprint === fingerprint };
}
