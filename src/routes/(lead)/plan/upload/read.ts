/**
 * Reads the plan upload form: a Markdown file or pasted text (the file wins when both are sent)
 * and the reason, from a bounded multipart or urlencoded body. The plan's content is checked by
 * the plan store, not here.
 */
import { MAX_PLAN_BYTES, MAX_REASON } from '#lib/server/plan/store.js';
import { readBounded } from '#lib/server/http.js';

/** The plan plus room for the reason and the multipart boundaries. */
export const MAX_UPLOAD_BODY = MAX_PLAN_BYTES + 16 * 1024;

export type PlanUpload =
	| { ok: true; markdown: string; reason: string; fileName: string | null }
	| { ok: false; status: 400 | 413 | 415; message: string; field: 'file' | 'reason' | 'form' };

const tooLarge = {
	ok: false,
	status: 413,
	field: 'file',
	message: `The plan is larger than ${MAX_PLAN_BYTES / 1024} KiB.`
} as const;

/** The uploaded or pasted plan and the reason, or why the form cannot be used. */
export async function readPlanUpload(
	request: Request,
	maxBytes = MAX_UPLOAD_BODY
): Promise<PlanUpload> {
	// The multipart boundary is case-sensitive: only the comparison is lower-cased.
	const header = request.headers.get('content-type') ?? '';
	const type = header.toLowerCase();
	if (
		!type.startsWith('multipart/form-data') &&
		!type.startsWith('application/x-www-form-urlencoded')
	)
		return {
			ok: false,
			status: 415,
			field: 'form',
			message: 'Send the plan with the upload form.'
		};
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) return tooLarge;
	const body = await readBounded(request, maxBytes);
	if (!body) return tooLarge;
	let form: FormData;
	try {
		form = await new Response(body, { headers: { 'content-type': header } }).formData();
	} catch {
		return { ok: false, status: 400, field: 'form', message: 'The upload could not be read.' };
	}
	const reason = String(form.get('reason') ?? '').trim();
	if (!reason)
		return { ok: false, status: 400, field: 'reason', message: 'Say why the plan is replaced.' };
	if (reason.length > MAX_REASON)
		return {
			ok: false,
			status: 400,
			field: 'reason',
			message: `Keep the reason under ${MAX_REASON} characters.`
		};
	const file = form.get('file');
	let bytes: Uint8Array;
	let fileName: string | null = null;
	if (file && typeof file !== 'string' && file.size > 0) {
		if (file.size > MAX_PLAN_BYTES) return tooLarge;
		bytes = new Uint8Array(await file.arrayBuffer());
		fileName = (file.name || 'plan.md').replace(/[^\w.-]+/g, '_').slice(0, 100);
	} else {
		const pasted = String(form.get('markdown') ?? '');
		if (!pasted.trim())
			return {
				ok: false,
				status: 400,
				field: 'file',
				message: 'Choose a Markdown file or paste the plan.'
			};
		bytes = new TextEncoder().encode(pasted);
		if (bytes.byteLength > MAX_PLAN_BYTES) return tooLarge;
	}
	let markdown: string;
	try {
		markdown = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
	} catch {
		return { ok: false, status: 400, field: 'file', message: 'The file is not UTF-8 text.' };
	}
	return { ok: true, markdown, reason, fileName };
}
