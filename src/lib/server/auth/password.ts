/**
 * Password hashing with node:crypto scrypt, stored as `scrypt$N$r$p$salt$hash` (base64) so the
 * cost can be raised without invalidating existing hashes: a hash below today's cost still
 * verifies, and `needsRehash` tells sign-in to store a new one (auth/service.ts).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * OWASP's minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1, which takes
 * 128 MiB and a few hundred ms per hash. At most libuv's 4 threads hash at once (512 MiB); sign-in
 * is rate-limited per address (sign-in.ts), so guesses cannot queue up more than that.
 */
export const COST: Readonly<Cost> = { N: 2 ** 17, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 64;
/** Refuse stored parameters that would let a tampered file pin the CPU or exhaust memory. */
const MAX_N = 1 << 20;

interface Cost {
	N: number;
	r: number;
	p: number;
}

function derive(password: string, salt: Buffer, keyLength: number, options: Cost) {
	// scrypt needs 128 * N * r bytes; give it room above the 32 MiB default for raised costs.
	const maxmem = 256 * options.N * options.r + 1024 * 1024;
	return new Promise<Buffer>((resolve, reject) => {
		scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem }, (err, key) =>
			err ? reject(err) : resolve(key)
		);
	});
}

/** Hashes `password` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(SALT_BYTES);
	const key = await derive(password, salt, KEY_BYTES, COST);
	return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join(
		'$'
	);
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [N, r, p] = parts.slice(1, 4).map(Number);
	const salt = Buffer.from(parts[4], 'base64');
	const expected = Buffer.from(parts[5], 'base64');
	const valid =
		Number.isInteger(N) &&
		N > 1 &&
		N <= MAX_N &&
		(N & (N - 1)) === 0 &&
		Number.isInteger(r) &&
		r >= 1 &&
		r <= 32 &&
		Number.isInteger(p) &&
		p >= 1 &&
		p <= 16 &&
		salt.length >= 8 &&
		expected.length >= 16;
	if (!valid) return false;
	const actual = await derive(password, salt, expected.length, { N, r, p });
	return timingSafeEqual(actual, expected);
}

/**
 * A real hash, at today's cost, of a random password nobody knows, computed once offline (no
 * start-up cost). password.spec.ts checks that its cost follows COST.
 */
export const DUMMY_HASH =
	'scrypt$131072$8$1$Zp2O3LnQBDtMMX2cahiwEQ==$1KcgRgDI46+9rvRl9P5JATiPcl72aa/QdlrFbjHiJm4x9DVhQnjOVvqkZ3pq5Vto8OmXVvUsM11pAXgblnLl9A==';

/** True when `stored` was made with other parameters than today's (a sign-in rehashes it). */
export function needsRehash(stored: string): boolean {
	const [scheme, N, r, p] = stored.split('$');
	return (
		scheme !== 'scrypt' || Number(N) !== COST.N || Number(r) !== COST.r || Number(p) !== COST.p
	);
}

/**
 * Spends the same time as checking a real password, so that an unknown email cannot be told
 * apart from a wrong password by how long the answer takes. Always resolves false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	await verifyPassword(password, DUMMY_HASH);
	return false;
}

/** A problem with a new password, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
	if (password.length < PASSWORD_MIN_LENGTH) {
		return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
	}
	if (password.length > PASSWORD_MAX_LENGTH) {
		return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
	}
	return null;
}
