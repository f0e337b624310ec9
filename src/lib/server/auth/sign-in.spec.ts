import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../rate-limit';
import { AuthService } from './service';
import { checkSecondFactor, signIn } from './sign-in';
import type { User } from './types';
import { FileAccountStore, accountsFile } from '../storage/file/accounts';

const PASSWORD = 'a long enough password';
let dir: string;
let auth: AuthService;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-sign-in-'));
	auth = new AuthService(await FileAccountStore.open(accountsFile(dir)));
	await auth.setupFirstAdmin({ email: 'root@example.com', name: 'Root', password: PASSWORD });
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

/**
 * The admin's password stored at a low (still valid) scrypt cost before each test, so that the
 * dozens of attempts below check the limits, not the hashing; sign-in rehashes it at today's
 * cost on success (service.spec.ts covers that), hence before each test.
 */
beforeEach(async () => {
	const { scryptSync } = await import('node:crypto');
	const salt = Buffer.from('sign-in spec salt');
	const key = scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 });
	const hash = ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
	const root = await auth.store.findUserByEmail('root@example.com');
	await auth.store.updateUser(root!.id, { passwordHash: hash });
});

const limiters = (address: number, pair: number) => ({
	address: createRateLimiter({ limit: address, windowMs: 15 * 60_000 }),
	pair: createRateLimiter({ limit: pair, windowMs: 15 * 60_000 })
});

async function rootUser(): Promise<User> {
	return (await auth.authenticate('root@example.com', PASSWORD))!;
}

describe('signIn', () => {
	it('counts failures per address: over its limit every account is refused from there', async () => {
		const limit = limiters(10, 50);
		const results = [];
		for (let i = 0; i < 11; i++) {
			results.push(await signIn(auth, 'root@example.com', `wrong ${i}`, '203.0.113.7', limit));
		}
		expect(results.slice(0, 10).every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
		expect(results[10]).toMatchObject({ ok: false, reason: 'rate-limited' });
		// Even the right password is refused from that address until the window passes...
		const blocked = await signIn(auth, 'root@example.com', PASSWORD, '203.0.113.7', limit);
		expect(blocked.ok).toBe(false);
		// ...while another address is not affected.
		expect((await signIn(auth, 'root@example.com', PASSWORD, '203.0.113.8', limit)).ok).toBe(true);
	});

	it('counts failures per account and address: guessing one account from one place stops sooner', async () => {
		const limit = limiters(20, 3);
		for (let i = 0; i < 3; i++)
			await signIn(auth, 'Root@example.com', 'wrong', '198.51.100.1', limit);
		const again = await signIn(auth, 'root@example.com', PASSWORD, '198.51.100.1', limit);
		expect(again).toMatchObject({ ok: false, reason: 'rate-limited' });
		// The same address may still sign in to another account (a shared office).
		await auth.createUser(await rootUser(), {
			email: 'colleague@example.com',
			name: 'Colleague',
			role: 'facilitator',
			password: PASSWORD
		});
		expect((await signIn(auth, 'colleague@example.com', PASSWORD, '198.51.100.1', limit)).ok).toBe(
			true
		);
	});

	it('cannot be used to lock a known email out: failures from elsewhere do not stop its owner', async () => {
		const limit = limiters(20, 3);
		// Someone fails 30 times against the admin's email from 10 addresses...
		for (let a = 0; a < 10; a++)
			for (let i = 0; i < 3; i++)
				await signIn(auth, 'root@example.com', 'wrong', `192.0.2.${a}`, limit);
		// ...and the admin, from their own address, signs in.
		expect((await signIn(auth, 'root@example.com', PASSWORD, '198.18.0.9', limit)).ok).toBe(true);
	});

	it('does not count successful sign-ins, so an office behind one address is not locked out', async () => {
		const limit = limiters(2, 2);
		for (let i = 0; i < 5; i++) {
			expect((await signIn(auth, 'root@example.com', PASSWORD, '192.0.2.200', limit)).ok).toBe(
				true
			);
		}
	});
});

describe('checkSecondFactor', () => {
	it('counts wrong codes per account and address, and accepts a good one only within the limit', async () => {
		const root = await rootUser();
		const { secret } = await auth.startMfaEnrolment(root.id);
		const codes = await auth.confirmMfa(root.id, generateSync({ secret }));
		const limit = limiters(20, 3);
		const from = (address: string, code: string) =>
			checkSecondFactor(auth, root, code, address, limit);
		expect(await from('198.51.100.7', codes[0])).toMatchObject({ ok: true });
		// A success gave its attempt back: three wrong codes still fit, a fourth attempt does not.
		for (let i = 0; i < 3; i++)
			expect(await from('198.51.100.7', 'aaaaa-aaaaa')).toMatchObject({ reason: 'invalid' });
		expect(await from('198.51.100.7', codes[1])).toMatchObject({ reason: 'rate-limited' });
		// The same account from elsewhere is not held up, and the refused code was not used up.
		expect(await from('198.51.100.8', codes[1])).toMatchObject({ ok: true });
		await auth.store.updateUser(root.id, { mfa: null });
	});
});
