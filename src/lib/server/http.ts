/**
 * Request helpers every route shares: bounded, validated JSON and form bodies, and the JSON error
 * shape of the API (`{ "error": "message" }`).
 */
import { error, json } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import type { z } from 'zod';
import { MAX_BODY_BYTES } from './config';
import {
	StorageUnavailableError,
	storageErrorOf,
	UNAVAILABLE_READ,
	UNAVAILABLE_WRITE,
	UNSTORABLE_TEXT
} from './storage/errors';

/** A JSON error response, the shape every /api route answers with. */
export function jsonError(status: number, message: string, headers?: HeadersInit): Response {
	return json({ error: message }, { status, headers });
}

/**
 * Reads a JSON body (Content-Type application/json, at most MAX_BODY_BYTES) and validates it
 * with `schema`; throws error(415 | 413 | 400) with a message naming the offending field. A NUL
 * character in any string is refused (400) whatever the storage: PostgreSQL cannot store one.
 */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S,
	maxBytes = MAX_BODY_BYTES
): Promise<z.output<S>> {
	const type = mediaType(request);
	if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
		error(415, 'Expected a JSON body (Content-Type: application/json).');
	}
	const text = new TextDecoder().decode(await readBody(request, maxBytes));
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		error(400, 'The request body is not valid JSON.');
	}
	const nul = nulPath(value);
	if (nul !== null) error(400, `${nul || 'body'}: ${NUL_MESSAGE}`);
	const result = schema.safeParse(value);
	if (!result.success) error(400, describeIssues(result.error.issues));
	return result.data;
}

/** Field name -> first problem with it, for forms. */
export type FieldErrors = Record<string, string>;

/** Submitted form values to show again (never passwords or tokens). */
export type FormValues = Record<string, string>;

export type FormResult<T> = { data: T } | { errors: FieldErrors; values: FormValues };

/**
 * Reads a form post (urlencoded or multipart, at most MAX_BODY_BYTES) and validates it with
 * `schema`: returns `{ data }`, or `{ errors, values }` for `fail(400, ...)`; throws error(413 |
 * 415 | 400) when the body itself is unusable. Fields sent more than once arrive as arrays.
 */
export async function readForm<S extends z.ZodType>(
	request: Request,
	schema: S,
	maxBytes = MAX_BODY_BYTES
): Promise<FormResult<z.output<S>>> {
	const type = mediaType(request);
	if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
		error(415, 'Expected a form submission.');
	}
	const body = await readBody(request, maxBytes);
	let form: FormData;
	try {
		const contentType = request.headers.get('content-type') ?? type;
		form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
	} catch {
		error(400, 'The form submission could not be read.');
	}
	const raw: Record<string, unknown> = {};
	const values: FormValues = {};
	for (const [key, value] of form) {
		if (typeof value !== 'string') continue;
		const previous = raw[key];
		if (previous === undefined) raw[key] = value;
		else raw[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
		if (!isSecretField(key) && !(key in values)) values[key] = value;
	}
	const errors: FieldErrors = {};
	for (const [key, value] of Object.entries(raw)) {
		if (nulPath(value) !== null) errors[key] ??= NUL_FIELD_MESSAGE;
	}
	if (Object.keys(errors).length > 0) return { errors, values: withoutNul(values) };
	const result = schema.safeParse(raw);
	if (result.success) return { data: result.data };
	for (const issue of result.error.issues) {
		const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'form';
		errors[field] ??= issue.message;
	}
	return { errors, values };
}

/**
 * What to answer for a storage error behind `e`, for every route (hooks handleError, and apiErrors
 * for one thrown by a hook): the database out of reach is a 503, "Not saved..." for a write as
 * nothing was; a character the database cannot store (NUL) a 400. Null for any other error.
 */
export function storageFailure(
	e: unknown,
	method: string
): { status: 503 | 400; message: string; unavailable: boolean } | null {
	const storage = storageErrorOf(e);
	if (!storage) return null;
	if (storage instanceof StorageUnavailableError) {
		const read = method === 'GET' || method === 'HEAD';
		return { status: 503, message: read ? UNAVAILABLE_READ : UNAVAILABLE_WRITE, unavailable: true };
	}
	return { status: 400, message: UNSTORABLE_TEXT, unavailable: false };
}

/**
 * For /api/** requests: answers errors as JSON `{ "error": "message" }` whatever the client's
 * Accept header, so error(...) thrown in an endpoint (or by readJson) reaches API clients in
 * the documented shape rather than SvelteKit's `{ message }` or its HTML error page. A storage
 * error thrown by a hook further in (the token check, when the database is away) is answered
 * here, in that shape, as handleError answers it for pages.
 */
export const apiErrors: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	if (!event.request.headers.has('accept')) {
		// SvelteKit answers thrown errors with HTML to a request without Accept. An Accept that is
		// there is left alone: endpoints may negotiate on it (CSV or JSON exports).
		try {
			event.request.headers.set('accept', 'application/json');
		} catch {
			// Immutable headers (some adapters): the HTML error is replaced below.
		}
	}
	let response: Response;
	try {
		response = await resolve(event);
	} catch (e) {
		const failure = storageFailure(e, event.request.method);
		if (!failure) throw e;
		if (failure.unavailable) event.locals.log?.warn({ err: e }, 'the database cannot be reached');
		return jsonError(failure.status, failure.message);
	}
	if (response.status < 400) return response;
	const message = await errorMessage(response);
	if (message === null) return response;
	const headers = new Headers(response.headers);
	headers.delete('content-length');
	headers.delete('content-type');
	return jsonError(response.status, message, headers);
};

/** The message of an error response to reshape, or null when it is already `{ error }`. */
async function errorMessage(response: Response): Promise<string | null> {
	const type = mediaType(response);
	if (type.endsWith('json')) {
		const body: unknown = await response
			.clone()
			.json()
			.catch(() => null);
		// Only SvelteKit's own `{ message }` shape; any other JSON error is the endpoint's choice.
		const reshape = isRecord(body) && !('error' in body) && typeof body.message === 'string';
		return reshape ? (body.message as string) : null;
	} else if (type === 'text/plain') {
		const text = (await response.clone().text()).trim();
		if (text && text.length <= 500) return text;
	}
	// SvelteKit's HTML error page (an unknown /api path, for one) means nothing to API clients.
	return STATUS_MESSAGES[response.status] ?? `Request failed (HTTP ${response.status}).`;
}

const STATUS_MESSAGES: Record<number, string> = {
	400: 'Bad request.',
	401: 'Sign in or send an API token.',
	403: 'Forbidden.',
	404: 'Not found.',
	405: 'Method not allowed.',
	413: 'The request body is too large.',
	415: 'Unsupported content type.',
	429: 'Too many requests.',
	500: 'Internal error.'
};

/**
 * The whole request body, or null as soon as it is declared or grows past `maxBytes`: nothing
 * larger is ever buffered. Every route that reads a raw body goes through this.
 */
export async function readBounded(
	request: Request,
	maxBytes: number
): Promise<Uint8Array<ArrayBuffer> | null> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > maxBytes) return null;
	if (!request.body) return new Uint8Array();
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > maxBytes) {
			await reader.cancel().catch(() => {});
			return null;
		}
		chunks.push(value);
	}
	const body = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		body.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return body;
}

/** Reads the whole body, refusing (413) more than `maxBytes` before buffering it. */
async function readBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
	return (await readBounded(request, maxBytes)) ?? tooLarge(maxBytes);
}

function tooLarge(maxBytes: number): never {
	error(413, `The request body is larger than ${Math.floor(maxBytes / 1024)} KiB.`);
}

function mediaType(message: Request | Response): string {
	const header = message.headers.get('content-type') ?? '';
	return header.split(';')[0].trim().toLowerCase();
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
	const [first] = issues;
	if (!first) return 'The request body is invalid.';
	const where = first.path.length > 0 ? first.path.map(String).join('.') : 'body';
	const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
	return `${where}: ${first.message}${more}`;
}

/** Why a value with a NUL character is refused: after its path in JSON, and beside a form field. */
export const NUL_MESSAGE =
	'contains a NUL character (\\u0000), which cannot be stored. Remove it and try again.';
export const NUL_FIELD_MESSAGE =
	'Remove the NUL character (\\u0000) from this field: it cannot be stored.';

/**
 * Where the first NUL character is in `value` (a string, or one in an array or object, keys too):
 * its path joined with dots ('' for `value` itself), or null when there is none. Iterative, so a
 * deeply nested body cannot overflow the stack.
 */
export function nulPath(value: unknown): string | null {
	const stack: [unknown, string][] = [[value, '']];
	while (stack.length > 0) {
		const [v, path] = stack.pop()!;
		if (typeof v === 'string') {
			if (v.includes('\u0000')) return path;
		} else if (v !== null && typeof v === 'object') {
			for (const [key, child] of Object.entries(v)) {
				const at = path ? `${path}.${key}` : key;
				if (key.includes('\u0000')) return path;
				stack.push([child, at]);
			}
		}
	}
	return null;
}

/** The values to show again, without the NUL characters (a form cannot show them anyway). */
function withoutNul(values: FormValues): FormValues {
	return Object.fromEntries(
		Object.entries(values).map(([key, value]) => [key, value.replaceAll('\u0000', '')])
	);
}

function isSecretField(key: string): boolean {
	return /password|token|secret/i.test(key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
