import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthService, PENDING_SIGN_IN_TTL_MS } from './service';
import { FileAccountStore, accountsFile } from '../storage/file/accounts';
import type { User } from './types';

const PASSWORD = 'a long enough password';
let dir: string;
let t: number;
let auth: AuthService;
let admin: User;
let fac: User;

const code = (secret: string, ms = t) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

/** A low-cost (still valid) hash, so these specs test MFA, not scrypt. */
async function cheapHash(password: string): Promise<string> {
	const { scryptSync } = await import('node:crypto');
	const salt = Buffer.from('mfa spec salt');
	const key = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
	return ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-mfa-'));
	t = Date.parse('2026-03-01T09:00:10Z');
	const store = await FileAccountStore.open(accountsFile(dir));
	auth = new AuthService(store, () => t);
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
	await store.updateUser(fac.id, { passwordHash: await cheapHash(PASSWORD) });
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** Enrols Fran; returns the secret and the recovery codes. */
async function enrol(): Promise<{ secret: string; codes: string[] }> {
	const { secret } = await auth.startMfaEnrolment(fac.id);
	const codes = await auth.confirmMfa(fac.id, code(secret));
	t += 30_000;
	return { secret, codes };
}

describe('TOTP enrolment', () => {
	it('is off until a current code confirms the secret shown', async () => {
		const { secret, uri } = await auth.startMfaEnrolment(fac.id);
		expect(uri).toContain(secret);
		expect(await auth.mfaStatus(fac.id)).toEqual({
			enabled: false,
			recoveryCodesLeft: 0,
			pending: { secret, uri }
		});
		await expect(auth.confirmMfa(fac.id, code(secret, t - 120_000))).rejects.toThrow(/not correct/);
		expect(await auth.hasMfa(fac.id)).toBe(false);
		const codes = await auth.confirmMfa(fac.id, code(secret));
		expect(codes).toHaveLength(10);
		expect(await auth.mfaStatus(fac.id)).toEqual({
			enabled: true,
			recoveryCodesLeft: 10,
			pending: null
		});
		expect((await auth.listUsers(admin)).find((u) => u.id === fac.id)?.mfa).toBe(true);
		// The secret is kept (the data folder is secret); the recovery codes are not.
		const file = await readFile(accountsFile(dir), 'utf8');
		expect(file).toContain(secret);
		for (const c of codes) expect(file).not.toContain(c);
	});

	it('accepts each code once: the enrolment code and a replay are refused', async () => {
		const { secret: s } = await auth.startMfaEnrolment(fac.id);
		const first = code(s);
		await auth.confirmMfa(fac.id, first);
		expect(await auth.verifySecondFactor(fac.id, first)).toBe(false);
		t += 30_000;
		const next = code(s);
		expect(await auth.verifySecondFactor(fac.id, next)).toBe(true);
		expect(await auth.verifySecondFactor(fac.id, next)).toBe(false);
		// A code of an earlier step, still within the drift allowed, is refused too.
		expect(await auth.verifySecondFactor(fac.id, code(s, t - 30_000))).toBe(false);
		expect(await auth.verifySecondFactor(fac.id, '000000')).toBe(false);
	});

	it('takes each recovery code once, written any way', async () => {
		const { codes } = await enrol();
		expect(await auth.verifySecondFactor(fac.id, codes[0].toUpperCase())).toBe(true);
		expect(await auth.verifySecondFactor(fac.id, codes[0])).toBe(false);
		expect((await auth.mfaStatus(fac.id)).recoveryCodesLeft).toBe(9);
	});

	it('regenerates recovery codes with a code: the old ones stop working', async () => {
		const { secret, codes } = await enrol();
		await expect(auth.regenerateRecoveryCodes(fac.id, '123456')).rejects.toThrow(/not correct/);
		const fresh = await auth.regenerateRecoveryCodes(fac.id, code(secret));
		expect(await auth.verifySecondFactor(fac.id, codes[1])).toBe(false);
		expect(await auth.verifySecondFactor(fac.id, fresh[1])).toBe(true);
	});

	it('turns off with the password and a code only', async () => {
		const { secret, codes } = await enrol();
		await expect(auth.disableMfa(fac.id, 'not the password', code(secret))).rejects.toThrow(
			/password is not correct/
		);
		await expect(auth.disableMfa(fac.id, PASSWORD, '123456')).rejects.toThrow(/code/);
		await auth.disableMfa(fac.id, PASSWORD, codes[2]);
		expect(await auth.hasMfa(fac.id)).toBe(false);
		expect(await auth.verifySecondFactor(fac.id, code(secret))).toBe(false);
	});

	it('is reset by an admin only, which signs the account out', async () => {
		await enrol();
		const session = await auth.startSession(fac.id);
		const pending = await auth.startPendingSignIn(fac.id);
		await expect(auth.resetMfa(fac, admin.id)).rejects.toThrow('Only admins');
		await expect(auth.resetMfa(admin, admin.id)).rejects.toThrow(/your account page/);
		await auth.resetMfa(admin, fac.id);
		expect(await auth.hasMfa(fac.id)).toBe(false);
		expect(await auth.resolveSession(session.token)).toBeNull();
		expect(await auth.pendingSignInUser(pending.token)).toBeNull();
	});
});

describe('sign-ins waiting for a code', () => {
	it('are bound to the account for 5 minutes, and end once used', async () => {
		await enrol();
		const pending = await auth.startPendingSignIn(fac.id);
		expect((await auth.pendingSignInUser(pending.token))?.id).toBe(fac.id);
		// It is no login session.
		expect(await auth.resolveSession(pending.token)).toBeNull();
		t += PENDING_SIGN_IN_TTL_MS - 1;
		expect(await auth.pendingSignInUser(pending.token)).not.toBeNull();
		t += 1;
		expect(await auth.pendingSignInUser(pending.token)).toBeNull();
		const again = await auth.startPendingSignIn(fac.id);
		await auth.endPendingSignIn(again.token);
		expect(await auth.pendingSignInUser(again.token)).toBeNull();
	});
});
