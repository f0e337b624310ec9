import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFileError } from './durable-file';
import { EmailTakenError, LastAdminError, SetupDoneError, type UserRecord } from '../accounts';
import { FileAccountStore, accountsFile } from './accounts';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-accounts-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function user(id: string, patch: Partial<UserRecord> = {}): UserRecord {
	return {
		id,
		email: `${id}@example.com`,
		name: id,
		role: 'facilitator',
		passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5',
		disabled: false,
		createdAt: '2026-01-01T00:00:00.000Z',
		createdBy: null,
		...patch
	};
}

describe('FileAccountStore', () => {
	it('starts empty and creates accounts.json on the first write', async () => {
		const file = accountsFile(dir);
		const store = await FileAccountStore.open(file);
		expect(await store.countUsers()).toBe(0);
		await store.insertUser(user('ann', { email: 'Ann@Example.COM' }));
		const saved = JSON.parse(await readFile(file, 'utf8'));
		expect(saved.version).toBe(1);
		expect(saved.users[0].email).toBe('ann@example.com');
		const reopened = await FileAccountStore.open(file);
		expect((await reopened.findUserByEmail('ANN@example.com'))?.id).toBe('ann');
	});

	it('keeps emails unique whatever their case', async () => {
		const store = await FileAccountStore.open(accountsFile(dir));
		await store.insertUser(user('ann'));
		await expect(store.insertUser(user('other', { email: 'ANN@example.com' }))).rejects.toThrow(
			EmailTakenError
		);
		expect(await store.countUsers()).toBe(1);
	});

	it('creates a first user only while there is none', async () => {
		const store = await FileAccountStore.open(accountsFile(dir));
		const [first, second] = await Promise.allSettled([
			store.insertUser(user('a', { role: 'admin' }), { firstUser: true }),
			store.insertUser(user('b', { role: 'admin' }), { firstUser: true })
		]);
		expect(first.status).toBe('fulfilled');
		expect(second.status === 'rejected' && second.reason).toBeInstanceOf(SetupDoneError);
		expect((await store.listUsers()).map((u) => u.id)).toEqual(['a']);
	});

	it('never leaves zero active admins', async () => {
		const store = await FileAccountStore.open(accountsFile(dir));
		await store.insertUser(user('root', { role: 'admin' }));
		await store.insertUser(user('other', { role: 'admin', disabled: true }));
		await expect(store.updateUser('root', { disabled: true })).rejects.toThrow(LastAdminError);
		await expect(store.updateUser('root', { role: 'lead' })).rejects.toThrow(LastAdminError);
		expect((await store.findUser('root'))?.role).toBe('admin');
		// With a second active admin the first can step down.
		await store.updateUser('other', { disabled: false });
		expect((await store.updateUser('root', { role: 'lead' }))?.role).toBe('lead');
		expect(await store.updateUser('missing', { name: 'x' })).toBeNull();
	});

	it('returns copies, so callers cannot change stored records behind its back', async () => {
		const store = await FileAccountStore.open(accountsFile(dir));
		await store.insertUser(user('ann'));
		const copy = await store.findUser('ann');
		copy!.role = 'admin';
		expect((await store.findUser('ann'))?.role).toBe('facilitator');
	});

	it('reads a version 1 file written before reset links and MFA, and writes them to it', async () => {
		const file = accountsFile(dir);
		const old = { version: 1, users: [user('ann')], sessions: [], apiTokens: [] };
		await writeFile(file, JSON.stringify(old));
		const store = await FileAccountStore.open(file);
		expect((await store.findUser('ann'))?.mfa ?? null).toBeNull();
		expect(await store.findUserToken('0'.repeat(64))).toBeNull();
		await store.insertUserToken({
			id: 'a'.repeat(64),
			purpose: 'password-reset',
			userId: 'ann',
			createdAt: '2026-01-01T00:00:00.000Z',
			expiresAt: '2026-01-02T00:00:00.000Z',
			createdBy: 'admin'
		});
		const saved = JSON.parse(await readFile(file, 'utf8'));
		expect(saved.version).toBe(1);
		expect(saved.userTokens).toHaveLength(1);
		const reopened = await FileAccountStore.open(file);
		expect((await reopened.findUserToken('a'.repeat(64)))?.userId).toBe('ann');
	});

	it('stores, touches, deletes and expires sessions', async () => {
		const store = await FileAccountStore.open(accountsFile(dir));
		const base = { userId: 'ann', createdAt: '2026-01-01T00:00:00.000Z' };
		const times = { lastSeenAt: '2026-01-01T00:00:00.000Z' };
		await store.insertSession({
			id: 'a'.repeat(64),
			...base,
			...times,
			expiresAt: '2026-01-01T12:00:00.000Z'
		});
		await store.insertSession({
			id: 'b'.repeat(64),
			...base,
			...times,
			expiresAt: '2026-01-02T12:00:00.000Z'
		});
		await store.insertSession({
			id: 'c'.repeat(64),
			...base,
			userId: 'bob',
			...times,
			expiresAt: '2026-01-02T12:00:00.000Z'
		});
		await store.touchSession(
			'b'.repeat(64),
			'2026-01-01T01:00:00.000Z',
			'2026-01-03T00:00:00.000Z'
		);
		expect((await store.findSession('b'.repeat(64)))?.expiresAt).toBe('2026-01-03T00:00:00.000Z');
		expect(await store.deleteExpiredSessions('2026-01-01T12:00:00.000Z')).toBe(1);
		expect(await store.findSession('a'.repeat(64))).toBeNull();
		expect(await store.deleteUserSessions('ann')).toBe(1);
		expect(await store.findSession('c'.repeat(64))).not.toBeNull();
	});

	it('lists a user’s API tokens newest first and revokes only their own', async () => {
		const store = await FileAccountStore.open(accountsFile(dir));
		const token = (id: string, userId: string, createdAt: string) => ({
			id,
			userId,
			name: id,
			tokenHash: id.repeat(64).slice(0, 64),
			prefix: 'stu_abcd',
			createdAt,
			lastUsedAt: null,
			revokedAt: null
		});
		await store.insertApiToken(token('1', 'ann', '2026-01-01T00:00:00.000Z'));
		await store.insertApiToken(token('2', 'ann', '2026-01-02T00:00:00.000Z'));
		await store.insertApiToken(token('3', 'bob', '2026-01-03T00:00:00.000Z'));
		expect((await store.listApiTokens('ann')).map((t) => t.id)).toEqual(['2', '1']);
		expect(await store.revokeApiToken('ann', '3', '2026-01-04T00:00:00.000Z')).toBe(false);
		expect(await store.revokeApiToken('ann', '1', '2026-01-04T00:00:00.000Z')).toBe(true);
		expect(await store.revokeApiToken('ann', '1', '2026-01-05T00:00:00.000Z')).toBe(false);
		expect((await store.findApiTokenByHash('1'.repeat(64)))?.revokedAt).toBe(
			'2026-01-04T00:00:00.000Z'
		);
	});

	it.each([
		['not JSON', '{"users": [', /not valid JSON/],
		['an empty file', '', /not valid JSON/],
		['the wrong shape', '{"users": {}}', /not a valid accounts file/],
		[
			'a bad role',
			JSON.stringify({
				version: 1,
				users: [user('x', { role: 'root' as 'admin' })],
				sessions: [],
				apiTokens: []
			}),
			/users\.0\.role/
		],
		[
			'duplicate emails',
			JSON.stringify({
				version: 1,
				users: [user('x'), user('y', { email: 'x@example.com' })],
				sessions: [],
				apiTokens: []
			}),
			/two accounts/
		]
	])('refuses a corrupt file (%s) and never overwrites it', async (_label, content, reason) => {
		const file = accountsFile(dir);
		await writeFile(file, content);
		const opening = FileAccountStore.open(file);
		await expect(opening).rejects.toThrow(DataFileError);
		await expect(FileAccountStore.open(file)).rejects.toThrow(reason);
		expect(await readFile(file, 'utf8')).toBe(content);
	});
});
