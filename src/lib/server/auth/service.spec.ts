import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapAdminFromEnv } from './index';
import { AccountError, AuthService, SESSION_TTL_MS } from './service';
import { SetupDoneError } from '../storage/accounts';
import { FileAccountStore, accountsFile } from '../storage/file/accounts';
import type { User } from './types';

const PASSWORD = 'a long enough password';
let dir: string;
let t: number;
let store: FileAccountStore;
let auth: AuthService;
let admin: User;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-auth-'));
	t = Date.parse('2026-03-01T09:00:00Z');
	store = await FileAccountStore.open(accountsFile(dir));
	auth = new AuthService(store, () => t);
	admin = await auth.setupFirstAdmin({
		email: 'Root@Example.com',
		name: 'Root',
		password: PASSWORD
	});
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('accounts', () => {
	it('creates the first admin once, with a lowercased email', async () => {
		expect(admin).toMatchObject({ email: 'root@example.com', role: 'admin' });
		expect(await auth.hasUsers()).toBe(true);
		await expect(
			auth.setupFirstAdmin({ email: 'x@example.com', name: 'X', password: PASSWORD })
		).rejects.toThrow(SetupDoneError);
	});

	it('never stores the password itself', async () => {
		const text = await readFile(accountsFile(dir), 'utf8');
		expect(text).not.toContain(PASSWORD);
		expect(text).toMatch(/"passwordHash":"scrypt\$131072\$8\$1\$/);
	});

	it('rehashes a password stored at an older cost when its owner signs in', async () => {
		const { scryptSync } = await import('node:crypto');
		const salt = Buffer.from('an older salt!!!');
		const key = scryptSync(PASSWORD, salt, 64, { N: 16384, r: 8, p: 1 });
		const older = ['scrypt', 16384, 8, 1, salt.toString('base64'), key.toString('base64')];
		await store.updateUser(admin.id, { passwordHash: older.join('$') });
		// A wrong password changes nothing.
		expect(await auth.authenticate('root@example.com', 'not the password')).toBeNull();
		expect((await store.findUser(admin.id))?.passwordHash).toBe(older.join('$'));
		// The right one signs in and leaves a hash at today's cost that still verifies.
		expect((await auth.authenticate('root@example.com', PASSWORD))?.id).toBe(admin.id);
		const stored = (await store.findUser(admin.id))!.passwordHash;
		expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
		expect((await auth.authenticate('root@example.com', PASSWORD))?.id).toBe(admin.id);
	});

	it('signs in with the right password only, and never a disabled account', async () => {
		const fac = await auth.createUser(admin, {
			email: 'fac@example.com',
			name: 'Fac',
			role: 'facilitator',
			password: PASSWORD
		});
		expect((await auth.authenticate(' FAC@example.com ', PASSWORD))?.id).toBe(fac.id);
		expect(await auth.authenticate('fac@example.com', 'wrong password!')).toBeNull();
		expect(await auth.authenticate('nobody@example.com', PASSWORD)).toBeNull();
		await auth.setDisabled(admin, fac.id, true);
		expect(await auth.authenticate('fac@example.com', PASSWORD)).toBeNull();
	});

	it('refuses a taken email, a short password and non-admin actors', async () => {
		const input = {
			email: 'ROOT@example.com',
			name: 'Dup',
			role: 'lead' as const,
			password: PASSWORD
		};
		await expect(auth.createUser(admin, input)).rejects.toMatchObject({ field: 'email' });
		await expect(
			auth.createUser(admin, { ...input, email: 'new@example.com', password: 'short' })
		).rejects.toMatchObject({ field: 'password' });
		const lead = await auth.createUser(admin, { ...input, email: 'lead@example.com' });
		await expect(auth.createUser(lead, { ...input, email: 'sneaky@example.com' })).rejects.toThrow(
			AccountError
		);
		await expect(auth.setRole(lead, lead.id, 'admin')).rejects.toThrow(/Only admins/);
	});

	it('lets an admin neither disable nor demote themself, nor remove the last admin', async () => {
		await expect(auth.setDisabled(admin, admin.id, true)).rejects.toThrow(/own account/);
		await expect(auth.setRole(admin, admin.id, 'lead')).rejects.toThrow(/own role/);
		const second = await auth.createUser(admin, {
			email: 'second@example.com',
			name: 'Second',
			role: 'admin',
			password: PASSWORD
		});
		// The second admin may demote the first, but then the first cannot demote the second.
		await auth.setRole(second, admin.id, 'lead');
		const demoted = { ...admin, role: 'lead' as const };
		await expect(auth.setRole(demoted, second.id, 'lead')).rejects.toThrow(/Only admins/);
		const users = await auth.listUsers(second);
		expect(users.filter((u) => u.role === 'admin' && !u.disabled)).toHaveLength(1);
	});
});

describe('login sessions', () => {
	it('resolves a session cookie to its user and ends it on sign-out', async () => {
		const { token, expiresAt } = await auth.startSession(admin.id);
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(expiresAt.getTime()).toBe(t + SESSION_TTL_MS);
		expect((await auth.resolveSession(token))?.user.email).toBe('root@example.com');
		const text = await readFile(accountsFile(dir), 'utf8');
		expect(text).not.toContain(token);
		await auth.endSession(token);
		expect(await auth.resolveSession(token)).toBeNull();
	});

	it('slides the 12 h expiry, writing at most once a minute', async () => {
		const { token } = await auth.startSession(admin.id);
		const writes = store.writes;
		t += 30_000;
		expect((await auth.resolveSession(token))?.renewedUntil).toBeUndefined();
		expect(store.writes).toBe(writes);
		t += 31_000;
		const renewed = await auth.resolveSession(token);
		expect(renewed?.renewedUntil?.getTime()).toBe(t + SESSION_TTL_MS);
		expect(store.writes).toBe(writes + 1);
		// Still valid 11 h after the last request although 12 h after sign-in have passed...
		t += 11 * 3600_000;
		expect(await auth.resolveSession(token)).not.toBeNull();
		// ...but not after 12 h of silence.
		t += SESSION_TTL_MS;
		expect(await auth.resolveSession(token)).toBeNull();
	});

	it('drops a disabled user’s sessions at once', async () => {
		const fac = await auth.createUser(admin, {
			email: 'fac@example.com',
			name: 'Fac',
			role: 'facilitator',
			password: PASSWORD
		});
		const { token } = await auth.startSession(fac.id);
		expect(await auth.resolveSession(token)).not.toBeNull();
		await auth.setDisabled(admin, fac.id, true);
		expect(await auth.resolveSession(token)).toBeNull();
		await auth.setDisabled(admin, fac.id, false);
		// Re-enabling does not bring the old session back.
		expect(await auth.resolveSession(token)).toBeNull();
	});

	it('changing one’s password keeps this session and ends the others', async () => {
		const here = await auth.startSession(admin.id);
		const elsewhere = await auth.startSession(admin.id);
		await expect(
			auth.changePassword(admin.id, 'not the password', 'another long password', here.token)
		).rejects.toMatchObject({ field: 'currentPassword' });
		await auth.changePassword(admin.id, PASSWORD, 'another long password', here.token);
		expect(await auth.resolveSession(here.token)).not.toBeNull();
		expect(await auth.resolveSession(elsewhere.token)).toBeNull();
		expect(await auth.authenticate('root@example.com', 'another long password')).not.toBeNull();
	});

	it('ignores cookie values that are not session tokens', async () => {
		expect(await auth.resolveSession('')).toBeNull();
		expect(await auth.resolveSession('x'.repeat(10_000))).toBeNull();
	});
});

describe('API tokens', () => {
	it('issues stu_ tokens shown once, resolves them and revokes them', async () => {
		const { token, summary } = await auth.issueApiToken(admin.id, ' CI pipeline ');
		expect(token).toMatch(/^stu_[A-Za-z0-9_-]{43}$/);
		expect(summary).toMatchObject({ name: 'CI pipeline', prefix: token.slice(0, 8) });
		expect(await readFile(accountsFile(dir), 'utf8')).not.toContain(token);
		expect((await auth.resolveApiToken(token))?.id).toBe(admin.id);
		const [listed] = await auth.listApiTokens(admin.id);
		expect(listed.lastUsedAt).toBe(new Date(t).toISOString());
		expect(listed).not.toHaveProperty('tokenHash');
		expect(await auth.revokeApiToken(admin.id, summary.id)).toBe(true);
		expect(await auth.resolveApiToken(token)).toBeNull();
	});

	it('records use at most once a minute', async () => {
		const { token } = await auth.issueApiToken(admin.id, 'x');
		await auth.resolveApiToken(token);
		const writes = store.writes;
		t += 59_000;
		await auth.resolveApiToken(token);
		expect(store.writes).toBe(writes);
		t += 1_000;
		await auth.resolveApiToken(token);
		expect(store.writes).toBe(writes + 1);
	});

	it('stops working while the account is disabled', async () => {
		const lead = await auth.createUser(admin, {
			email: 'lead@example.com',
			name: 'Lead',
			role: 'lead',
			password: PASSWORD
		});
		const { token } = await auth.issueApiToken(lead.id, 'x');
		await auth.setDisabled(admin, lead.id, true);
		expect(await auth.resolveApiToken(token)).toBeNull();
		expect(await auth.resolveApiToken('stu_' + 'A'.repeat(43))).toBeNull();
		expect(await auth.resolveApiToken('stp_whatever')).toBeNull();
	});

	it('cannot revoke someone else’s token', async () => {
		const lead = await auth.createUser(admin, {
			email: 'lead@example.com',
			name: 'Lead',
			role: 'lead',
			password: PASSWORD
		});
		const { token, summary } = await auth.issueApiToken(lead.id, 'x');
		expect(await auth.revokeApiToken(admin.id, summary.id)).toBe(false);
		expect(await auth.resolveApiToken(token)).not.toBeNull();
	});
});

describe('bootstrapAdminFromEnv', () => {
	it('creates the admin only when no user exists', async () => {
		const dir2 = await mkdtemp(join(tmpdir(), 'sandtable-boot-'));
		try {
			const fresh = new AuthService(await FileAccountStore.open(accountsFile(dir2)));
			const env = { SANDTABLE_ADMIN_EMAIL: 'ops@example.com', SANDTABLE_ADMIN_PASSWORD: PASSWORD };
			expect(await bootstrapAdminFromEnv({}, fresh)).toBeNull();
			expect(await bootstrapAdminFromEnv(env, fresh)).toMatchObject({
				email: 'ops@example.com',
				name: 'Administrator',
				role: 'admin'
			});
			expect(await bootstrapAdminFromEnv(env, fresh)).toBeNull();
			expect(await fresh.store.countUsers()).toBe(1);
		} finally {
			await rm(dir2, { recursive: true, force: true });
		}
	});

	it('fails loudly on half or unusable settings', async () => {
		await expect(
			bootstrapAdminFromEnv({ SANDTABLE_ADMIN_EMAIL: 'a@example.com' }, auth)
		).rejects.toThrow(/both/);
		const dir2 = await mkdtemp(join(tmpdir(), 'sandtable-boot-'));
		try {
			const fresh = new AuthService(await FileAccountStore.open(accountsFile(dir2)));
			const env = { SANDTABLE_ADMIN_EMAIL: 'ops@example.com', SANDTABLE_ADMIN_PASSWORD: 'short' };
			await expect(bootstrapAdminFromEnv(env, fresh)).rejects.toThrow(/at least 12/);
		} finally {
			await rm(dir2, { recursive: true, force: true });
		}
	});
});
