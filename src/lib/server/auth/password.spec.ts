import { describe, expect, it } from 'vitest';
import {
	COST,
	DUMMY_HASH,
	hashPassword,
	needsRehash,
	passwordProblem,
	verifyAgainstDummy,
	verifyPassword
} from './password';

describe('password hashing', () => {
	it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key', async () => {
		const hash = await hashPassword('correct horse battery staple');
		const [scheme, N, r, p, salt, key] = hash.split('$');
		// OWASP's minimum: N=2^17, r=8, p=1.
		expect([scheme, N, r, p]).toEqual(['scrypt', '131072', '8', '1']);
		expect(Buffer.from(salt, 'base64')).toHaveLength(16);
		expect(Buffer.from(key, 'base64')).toHaveLength(64);
	});

	it('accepts the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
		expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
		expect(await verifyPassword('', hash)).toBe(false);
	});

	it('salts every hash', async () => {
		const a = await hashPassword('same password here');
		const b = await hashPassword('same password here');
		expect(a).not.toBe(b);
	});

	it('treats composed and decomposed accents as the same password', async () => {
		const hash = await hashPassword('caf\u00e9 au lait please');
		expect(await verifyPassword('cafe\u0301 au lait please', hash)).toBe(true);
	});

	it('refuses malformed or tampered hashes instead of throwing', async () => {
		const hash = await hashPassword('correct horse battery staple');
		const parts = hash.split('$');
		expect(await verifyPassword('correct horse battery staple', 'plain')).toBe(false);
		expect(await verifyPassword('x', ['bcrypt', ...parts.slice(1)].join('$'))).toBe(false);
		// A cost raised to 2^30 would exhaust memory: refused without hashing.
		const huge = ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$');
		expect(await verifyPassword('correct horse battery staple', huge)).toBe(false);
		const notPowerOfTwo = ['scrypt', '1000', ...parts.slice(2)].join('$');
		expect(await verifyPassword('correct horse battery staple', notPowerOfTwo)).toBe(false);
	});

	it('verifies hashes made with other (valid) costs, so costs can change later', async () => {
		const base = await hashPassword('x');
		const salt = base.split('$')[4];
		const { scryptSync } = await import('node:crypto');
		const key = scryptSync('older password', Buffer.from(salt, 'base64'), 32, {
			N: 1024,
			r: 8,
			p: 1
		});
		const older = ['scrypt', 1024, 8, 1, salt, key.toString('base64')].join('$');
		expect(await verifyPassword('older password', older)).toBe(true);
	});

	it('burns the same work for unknown accounts and always says no', async () => {
		expect(await verifyAgainstDummy('anything')).toBe(false);
		// The same work: the dummy is at today's cost.
		expect(needsRehash(DUMMY_HASH)).toBe(false);
	});

	it("tells a hash at an older cost from one at today's", async () => {
		expect(needsRehash(await hashPassword('a password of today'))).toBe(false);
		const older = ['scrypt', 16384, COST.r, COST.p, 'c2FsdHNhbHRzYWx0', 'a2V5a2V5a2V5a2V5a2V5'];
		expect(needsRehash(older.join('$'))).toBe(true);
		expect(needsRehash(['scrypt', COST.N, 16, COST.p, 'x', 'y'].join('$'))).toBe(true);
		expect(needsRehash('plain')).toBe(true);
	});

	it('asks for 12 to 256 characters', () => {
		expect(passwordProblem('short')).toMatch(/at least 12/);
		expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
		expect(passwordProblem('twelve chars')).toBeNull();
	});
});
