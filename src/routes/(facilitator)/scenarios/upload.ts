/**
 * Reads the scenario file of the library's upload form: a multipart body of bounded size with
 * one file field. `readForm` keeps only text fields and a 64 KiB limit, so uploads have their own
 * reader; the file's content is checked by `uploadScenario`, never here.
 */
import { MAX_SCENARIO_BYTES } from '#lib/engine/scenario/load.js';
import { readBounded } from '#lib/server/http.js';

/** The file plus room for the multipart boundaries and headers. */
export const MAX_UPLOAD_BODY = MAX_SCENARIO_BYTES + 16 * 1024;

export type UploadRead =
	| { ok: true; bytes: Uint8Array; fileName: string; form: FormData }
	| { ok: false; status: 400 | 413 | 415; message: string };

const tooLarge = {
	ok: false,
	status: 413,
	message: `The file is larger than ${MAX_SCENARIO_BYTES / 1024 / 1024} MiB.`
} as const;

/** The uploaded file from a multipart form post, refusing bodies over `maxBytes` unread. */
export async function readScenarioUpload(
	request: Request,
	field = 'file',
	maxBytes = MAX_UPLOAD_BODY,
	missing = 'Choose a scenario file (.yaml) to upload.'
): Promise<UploadRead> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('multipart/form-data')) {
		return { ok: false, status: 415, message: 'Send the scenario as a file upload.' };
	}
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) return tooLarge;
	const body = await readBounded(request, maxBytes);
	if (!body) return tooLarge;
	let form: FormData;
	try {
		form = await new Response(body, { headers: { 'content-type': type } }).formData();
	} catch {
		return { ok: false, status: 400, message: 'The upload could not be read.' };
	}
	const file = form.get(field);
	if (!file || typeof file === 'string' || file.size === 0) {
		return { ok: false, status: 400, message: missing };
	}
	if (file.size > MAX_SCENARIO_BYTES) return tooLarge;
	const fileName = (file.name || 'upload.yaml').replace(/[^\w.-]+/g, '_').slice(0, 100);
	return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()), fileName, form };
}
