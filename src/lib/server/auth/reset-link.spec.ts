import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountError, AuthService, RESET_LINK_GONE, RESET_LINK_TTL_MS } from './service';
import { FileAccountStore, accountsFile } from '../storage/file/accounts';
import type { User } from './types';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'a brand new passphrase';
let dir: string;
let t: number;
let auth: AuthService;
let admin: User;
let fac: User;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-reset-'));
	t = Date.parse('2026-03-01T09:00:00Z');
	auth = new AuthService(await FileAccountStore.open(accountsFile(dir)), () => t);
	admin = await auth.setupFirstAdmin({
		email: 'root@example.com',
		name: 'Root',
		password: PASSWORD
	});
	fac = await auth.createUser(admin, {
		email: 'fran@example.com',
		name: 'Fran',
		password: PASSWORD,
		role: 'facilitator'
	});
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('password-reset links', () => {
	it('are made by admins only, for known and enabled accounts', async () => {
		await expect(auth.createResetLink(fac, admin.id)).rejects.toThrow('Only admins');
		await expect(auth.createResetLink(admin, 'nobody')).rejects.toThrow(AccountError);
		await auth.setDisabled(admin, fac.id, true);
		await expect(auth.createResetLink(admin, fac.id)).rejects.toThrow(/disabled/);
	});

	it('store only the hash and name the account until they expire, 24 hours later', async () => {
		const link = await auth.createResetLink(admin, fac.id);
		expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(link.expiresAt.getTime()).toBe(t + RESET_LINK_TTL_MS);
		expect(await readFile(accountsFile(dir), 'utf8')).not.toContain(link.token);
		expect((await auth.resetLinkAccount(link.token))?.email).toBe('fran@example.com');
		t += RESET_LINK_TTL_MS - 1;
		expect(await auth.resetLinkAccount(link.token)).not.toBeNull();
		t += 1;
		expect(await auth.resetLinkAccount(link.token)).toBeNull();
		await expect(auth.resetPasswordWithLink(link.token, NEW_PASSWORD)).rejects.toThrow(
			RESET_LINK_GONE
		);
	});

	it('set the password once and sign the account out everywhere', async () => {
		const session = await auth.startSession(fac.id);
		const link = await auth.createResetLink(admin, fac.id);
		expect((await auth.resetPasswordWithLink(link.token, NEW_PASSWORD)).id).toBe(fac.id);
		expect(await auth.resolveSession(session.token)).toBeNull();
		expect(await auth.authenticate('fran@example.com', PASSWORD)).toBeNull();
		expect((await auth.authenticate('fran@example.com', NEW_PASSWORD))?.id).toBe(fac.id);
		expect(await auth.resetLinkAccount(link.token)).toBeNull();
		await expect(auth.resetPasswordWithLink(link.token, 'yet another passphrase')).rejects.toThrow(
			RESET_LINK_GONE
		);
	});

	it('keep working after a weak password is refused', async () => {
		const link = await auth.createResetLink(admin, fac.id);
		await expect(auth.resetPasswordWithLink(link.token, 'short')).rejects.toThrow(/at least/);
		expect(await auth.resetLinkAccount(link.token)).not.toBeNull();
		await auth.resetPasswordWithLink(link.token, NEW_PASSWORD);
	});

	it('are replaced by a newer link for the same account, not for another', async () => {
		const first = await auth.createResetLink(admin, fac.id);
		const other = await auth.createResetLink(admin, admin.id);
		const second = await auth.createResetLink(admin, fac.id);
		expect(await auth.resetLinkAccount(first.token)).toBeNull();
		expect((await auth.resetLinkAccount(second.token))?.id).toBe(fac.id);
		expect((await auth.resetLinkAccount(other.token))?.id).toBe(admin.id);
	});

	it('stop working while the account is disabled, and refuse tokens of the wrong shape', async () => {
		const link = await auth.createResetLink(admin, fac.id);
		await auth.setDisabled(admin, fac.id, true);
		expect(await auth.resetLinkAccount(link.token)).toBeNull();
		await expect(auth.resetPasswordWithLink(link.token, NEW_PASSWORD)).rejects.toThrow(
			RESET_LINK_GONE
		);
		expect(await auth.resetLinkAccount('x'.repeat(5000))).toBeNull();
		expect(await auth.resetLinkAccount('../../etc')).toBeNull();
	});
});
