/**
 * Helpers the security and reliability journeys share: a small HTTP client for the JSON API and
 * the form actions (with the Origin header SvelteKit's CSRF check wants), accounts and sessions
 * set up the way people would, an SSE reader, and fingerprints of the data folder so a test can
 * prove that a refused request changed nothing on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from '@playwright/test';
import { ADMIN, type AppServer } from '../support/server';

export const PASSWORD = 'a long enough staff password';

export type Headers = Record<string, string>;

export const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

export interface Reply {
	status: number;
	headers: globalThis.Headers;
	text: string;
	json: <T = Record<string, unknown>>() => T;
}

/** One request, read to the end; never follows redirects, so a 303 stays visible. */
export async function call(
	server: AppServer,
	method: string,
	path: string,
	options: {
		headers?: Headers;
		json?: unknown;
		form?: Record<string, string | string[]>;
		body?: BodyInit;
		timeoutMs?: number;
	} = {}
): Promise<Reply> {
	const headers: Headers = { ...options.headers };
	let body: BodyInit | undefined = options.body;
	if (options.json !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(options.json);
	}
	if (options.form) {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(options.form))
			for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
		headers['content-type'] ??= 'application/x-www-form-urlencoded';
		body = params.toString();
	}
	if (method !== 'GET' && method !== 'HEAD') headers.origin ??= server.url;
	// A browser's form post without JavaScript asks for HTML; fetch's */* would make SvelteKit
	// answer an action as JSON (status 200 even for failures).
	if (options.form || body instanceof FormData) headers.accept ??= 'text/html';
	const send = () =>
		fetch(server.url + path, {
			method,
			headers,
			body,
			redirect: 'manual',
			signal: AbortSignal.timeout(options.timeoutMs ?? 60_000)
		});
	let res: Response;
	try {
		res = await send();
	} catch (error) {
		// fetch keeps connections alive; on a loaded machine the test process can reuse one the
		// server has just closed as idle (Node closes idle ones after 5 s), and the request fails
		// before it was sent. Only that failure is retried, once: nothing reached the server.
		if (!closedBeforeSent(error)) throw error;
		res = await send();
	}
	const text = await res.text();
	return {
		status: res.status,
		headers: res.headers,
		text,
		json: <T>() => JSON.parse(text) as T
	};
}

/** The keep-alive race: the reused socket was closed by the server before the request went. */
function closedBeforeSent(error: unknown): boolean {
	const cause = (error as { cause?: { code?: string } } | null)?.cause;
	return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET';
}

/** Signs in through the API and returns a `stu_` token. */
export async function staffToken(
	server: AppServer,
	email: string,
	password: string,
	headers: Headers = {}
) {
	const res = await call(server, 'POST', '/api/v1/auth/token', {
		headers,
		json: { email, password }
	});
	expect(res.status, res.text).toBe(201);
	return res.json<{ token: string }>().token;
}

export const adminToken = (server: AppServer) => staffToken(server, ADMIN.email, ADMIN.password);

/** Creates an account through the admin page's form action and returns its API token. */
export async function createAccount(
	server: AppServer,
	admin: string,
	role: 'admin' | 'lead' | 'facilitator',
	email: string,
	headers: Headers = {}
): Promise<string> {
	const res = await call(server, 'POST', '/admin/users?/create', {
		headers: bearer(admin),
		form: { email, name: `${role} ${email.split('@')[0]}`, role, password: PASSWORD }
	});
	expect(res.status, res.text).toBeLessThan(400);
	return staffToken(server, email, PASSWORD, headers);
}

/** A session cookie for `email`, signed in through the login form as a browser would. */
export async function staffCookie(server: AppServer, email: string, password: string) {
	const res = await call(server, 'POST', '/login', { form: { email, password } });
	expect(res.status, res.text).toBe(303);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('st_session='));
	expect(cookie).toBeTruthy();
	return cookie!.split(';')[0];
}

export interface SessionInfo {
	id: string;
	joinCode: string;
	teams: { id: string; name: string }[];
}

export async function createSession(
	server: AppServer,
	token: string,
	body: {
		scenarioId: string;
		teams?: string[];
		release?: 'auto' | 'manual';
		speed?: number;
		title?: string;
	}
): Promise<SessionInfo> {
	const res = await call(server, 'POST', '/api/v1/sessions', {
		headers: bearer(token),
		json: { teams: ['Red', 'Blue'], release: 'manual', title: 'Security drill', ...body }
	});
	expect(res.status, res.text).toBe(201);
	return res.json<SessionInfo>();
}

export interface Trainee {
	participantId: string;
	token: string;
	sessionId: string;
}

export async function joinSession(
	server: AppServer,
	code: string,
	who: { name: string; team: string; role: string },
	headers: Headers = {}
): Promise<Trainee> {
	const res = await call(server, 'POST', '/api/v1/join', { headers, json: { code, ...who } });
	expect(res.status, res.text).toBe(201);
	return res.json<Trainee>();
}

/** Runs a session command as staff through the API and expects it to succeed. */
export async function staff(
	server: AppServer,
	token: string,
	sessionId: string,
	action: string,
	body?: unknown
): Promise<Record<string, unknown>> {
	const res = await call(server, 'POST', `/api/v1/sessions/${sessionId}/${action}`, {
		headers: bearer(token),
		json: body ?? {}
	});
	expect(res.status, `${action}: ${res.text}`).toBeLessThan(300);
	return res.json();
}

export interface SseMessage {
	event: string;
	id: string | null;
	data: string;
}

/**
 * An open SSE stream: collects every message, `until` waits for one that matches. `close` ends
 * it. Reads with fetch, as EventSource would, sending Last-Event-ID when given.
 */
export class SseReader {
	readonly messages: SseMessage[] = [];
	readonly status: Promise<number>;
	private readonly controller = new AbortController();
	private buffer = '';
	private waiters: (() => void)[] = [];
	ended = false;

	constructor(url: string, headers: Headers = {}) {
		const res = fetch(url, { headers, signal: this.controller.signal });
		this.status = res.then((r) => r.status);
		void res
			.then(async (r) => {
				if (!r.body) return;
				const reader = r.body.getReader();
				const decoder = new TextDecoder();
				for (;;) {
					const { done, value } = await reader.read();
					if (done) break;
					this.buffer += decoder.decode(value, { stream: true });
					const blocks = this.buffer.split('\n\n');
					this.buffer = blocks.pop() ?? '';
					for (const block of blocks) this.parse(block);
				}
			})
			.catch(() => {})
			.finally(() => {
				this.ended = true;
				this.notify();
			});
	}

	private parse(block: string) {
		let event = 'message';
		let id: string | null = null;
		const data: string[] = [];
		for (const line of block.split('\n')) {
			if (line.startsWith('event: ')) event = line.slice(7);
			else if (line.startsWith('id: ')) id = line.slice(4);
			else if (line.startsWith('data: ')) data.push(line.slice(6));
		}
		if (data.length === 0) return;
		this.messages.push({ event, id, data: data.join('\n') });
		this.notify();
	}

	private notify() {
		const waiters = this.waiters;
		this.waiters = [];
		for (const w of waiters) w();
	}

	/** Resolves with the first message (from `from` on) that matches, or throws after `timeoutMs`. */
	async until(
		match: (m: SseMessage) => boolean,
		timeoutMs = 15_000,
		from = 0
	): Promise<SseMessage> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const hit = this.messages.slice(from).find(match);
			if (hit) return hit;
			if (this.ended) throw new Error(`stream ended; got ${JSON.stringify(this.messages)}`);
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`no matching SSE message in ${timeoutMs} ms`);
			await new Promise<void>((r) => {
				const t = setTimeout(r, left);
				this.waiters.push(() => {
					clearTimeout(t);
					r();
				});
			});
		}
	}

	close() {
		this.controller.abort();
	}
}

/** Bookkeeping that every signed-in request may touch: when a token or login was last used. */
const USAGE_FIELDS = new Set(['lastUsedAt', 'lastSeenAt', 'expiresAt']);

function withoutUsage(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutUsage);
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => !USAGE_FIELDS.has(key))
			.map(([key, v]) => [key, withoutUsage(v)])
	);
}

/**
 * sha256 of every file under `dir` (relative path -> hash), for before/after comparisons. In the
 * accounts file, the last-used times of tokens and logins are left out: using a credential
 * updates them by design. The audit log is left out too: it records every staff request, the
 * refused ones included, by design (tests/audit.e2e.ts checks what it holds). So is `cache/`:
 * what the app computes again by itself (the library's check results).
 */
export function fingerprint(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const path = join(d, name);
			// What the app can compute again (the library's check results, written in the
			// background after a start): not what a request stored.
			if (relative(dir, path) === 'cache') continue;
			if (statSync(path).isDirectory()) {
				walk(path);
				continue;
			}
			// A session is its file and its journal together: a checkpoint moves the journal's lines
			// into the file at any time without changing what is stored.
			if (name.endsWith('.journal')) continue;
			if (relative(dir, path) === 'audit.jsonl') continue;
			let bytes: Buffer | string = readFileSync(path);
			if (name === 'accounts.json')
				bytes = JSON.stringify(withoutUsage(JSON.parse(bytes.toString())));
			const journal = path.replace(/\.json$/, '.journal');
			if (name.endsWith('.json') && existsSync(journal))
				bytes = JSON.stringify(sessionOnDisk(d, name.slice(0, -5)));
			out[relative(dir, path)] = createHash('sha256').update(bytes).digest('hex');
		}
	};
	walk(dir);
	return out;
}

/** What a session file on disk holds, in the parts the tests look at. */
export interface SessionOnDisk {
	meta: { id: string; status: string };
	tokens: Record<string, string>;
	events: { seq: number; type: string; responseId?: string; injectId?: string; teamId?: string }[];
}

/**
 * A session as stored: `<id>.json` with the complete lines of `<id>.journal` (each one commit's
 * events, token hashes and metadata) applied in order, skipping what the file holds already.
 * Written here independently of the app's reader, so that the tests check the format itself.
 */
export function sessionOnDisk(sessionsDir: string, id: string): SessionOnDisk {
	const data = JSON.parse(readFileSync(join(sessionsDir, `${id}.json`), 'utf8')) as SessionOnDisk;
	const journal = join(sessionsDir, `${id}.journal`);
	if (!existsSync(journal)) return data;
	const lines = readFileSync(journal, 'utf8').split('\n');
	lines.pop(); // after the last newline: nothing, or an append that never finished
	for (const line of lines) {
		const record = JSON.parse(line) as {
			from: number;
			events: SessionOnDisk['events'];
			tokens?: Record<string, string>;
			meta?: SessionOnDisk['meta'];
		};
		const fresh = record.events.filter((e) => e.seq > data.events.length);
		if (record.events.length > 0 && fresh.length === 0) continue;
		if (record.from > data.events.length + 1) throw new Error(`${journal}: a gap before ${line}`);
		data.events.push(...fresh);
		Object.assign(data.tokens, record.tokens ?? {});
		if (record.meta) data.meta = record.meta;
	}
	return data;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
