import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAuditStore } from '../storage/file/audit';
import type { AuditDraft } from '../storage/audit';
import { verifyAuditChain } from './chain';
import {
	actionName,
	actionStatus,
	auditedDetail,
	auditsBefore,
	isExport,
	outcomeOf,
	type AuditedRequest
} from './describe';

const admin = { id: 'u1', email: 'ada@example.org', role: 'admin' };
const draft = (action: string, at = 1): AuditDraft => ({
	at,
	actor: admin,
	address: '127.0.0.1',
	action,
	target: {},
	detail: {},
	status: 200,
	outcome: 'ok',
	requestId: null
});

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-audit-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('the audit file', () => {
	it('numbers and chains entries in the order they were appended, across a reopen', async () => {
		const file = join(dir, 'audit.jsonl');
		const store = new FileAuditStore(file);
		await Promise.all([store.append(draft('a')), store.append(draft('b'))]);
		const again = new FileAuditStore(file);
		await again.append(draft('c'));
		const entries = await again.list();
		expect(entries.map((e) => [e.seq, e.action])).toEqual([
			[1, 'a'],
			[2, 'b'],
			[3, 'c']
		]);
		expect(entries[2].prev).toBe(entries[1].hash);
		expect(verifyAuditChain(entries)).toEqual({ ok: true, entries: 3 });
	});

	it('names the entry that was changed, removed or moved', async () => {
		const file = join(dir, 'audit.jsonl');
		const store = new FileAuditStore(file);
		for (const a of ['a', 'b', 'c', 'd']) await store.append(draft(a));
		const lines = (await readFile(file, 'utf8')).trim().split('\n');
		const changed = lines.map((l, i) => (i === 1 ? l.replace('"b"', '"B"') : l));
		expect(verifyAuditChain(changed.map((l) => JSON.parse(l)))).toMatchObject({
			ok: false,
			seq: 2
		});
		const removed = lines.filter((_, i) => i !== 2);
		expect(verifyAuditChain(removed.map((l) => JSON.parse(l)))).toMatchObject({
			ok: false,
			seq: 3
		});
		// A line that no longer parses is refused with its line number.
		await writeFile(file, [lines[0], '{not json', ...lines.slice(2)].join('\n') + '\n');
		await expect(new FileAuditStore(file).list()).rejects.toThrow(/line 2 is not JSON/);
	});

	it('cuts off a last line a crash left half-written, and chains on from the one before', async () => {
		const file = join(dir, 'audit.jsonl');
		await new FileAuditStore(file).append(draft('a'));
		await writeFile(file, (await readFile(file, 'utf8')) + '{"seq":2,"ac', { flag: 'w' });
		const store = new FileAuditStore(file);
		await store.append(draft('b'));
		const entries = await store.list();
		expect(entries.map((e) => e.action)).toEqual(['a', 'b']);
		expect(verifyAuditChain(entries).ok).toBe(true);
	});
});

describe('what is audited', () => {
	const req = (over: Partial<AuditedRequest>): AuditedRequest => ({
		method: 'POST',
		routeId: '/(admin)/admin/users',
		search: '?/setRole',
		params: {},
		actor: admin,
		...over
	});

	it('every staff change and every sign-in attempt, not trainees or page views', () => {
		expect(auditsBefore(req({}))).toBe(true);
		expect(auditsBefore(req({ actor: null, routeId: '/(account)/login', search: '' }))).toBe(true);
		expect(auditsBefore(req({ actor: null, routeId: '/api/v1/auth/token' }))).toBe(true);
		expect(auditsBefore(req({ actor: null, routeId: '/api/v1/sessions/[id]/responses' }))).toBe(
			false
		);
		expect(auditsBefore(req({ method: 'GET' }))).toBe(false);
	});

	it('the OpenID callback, a GET that signs someone in, whoever asks', () => {
		const callback = '/(account)/login/oidc/[provider]/callback';
		expect(auditsBefore(req({ method: 'GET', actor: null, routeId: callback }))).toBe(true);
		expect(
			auditsBefore(req({ method: 'GET', actor: null, routeId: '/(account)/login/oidc/[provider]' }))
		).toBe(false);
	});

	it('downloads and export endpoints by staff', () => {
		const get = req({ method: 'GET', search: '', routeId: '/(lead)/plan' });
		expect(isExport(get, null)).toBe(false);
		expect(isExport(get, 'attachment; filename="plan.md"')).toBe(true);
		expect(isExport(req({ method: 'GET', routeId: '/api/v1/dashboard' }), null)).toBe(true);
		expect(isExport(req({ method: 'GET', actor: null, routeId: '/api/v1/dashboard' }), null)).toBe(
			false
		);
	});

	it('names the action and keeps ids and choices, never passwords or free text', () => {
		expect(actionName(req({}))).toBe('POST /(admin)/admin/users?/setRole');
		expect(actionName(req({ search: '' }))).toBe('POST /(admin)/admin/users');
		const detail = auditedDetail({
			id: 'u2',
			role: 'lead',
			password: 'secret secret',
			text: 'a chat message',
			comment: 'a comment',
			points: 3,
			held: true
		});
		expect(detail).toEqual({ id: 'u2', role: 'lead', points: 3, held: true });
	});

	it('takes the outcome of a form posted by JavaScript from its result, not the 200', () => {
		expect(actionStatus(200, { type: 'failure', status: 400 })).toBe(400);
		expect(actionStatus(200, { type: 'success', status: 200 })).toBe(200);
		expect(actionStatus(200, { type: 'redirect', status: 303 })).toBe(303);
		expect(actionStatus(429, null)).toBe(429);
		expect([outcomeOf(303), outcomeOf(429), outcomeOf(503)]).toEqual(['ok', 'refused', 'error']);
	});
});
