/** Email + password sign-in with rate limits, shared by /login and POST /api/v1/auth/token. */
import { mfaLimiters, signInLimiters, type RateLimiter } from '../rate-limit';
import type { AuthService } from './service';
import type { User } from './types';

/** One message for unknown email, wrong password and disabled account: no account probing. */
export const BAD_CREDENTIALS = 'Email or password is not correct.';
/** A wrong, used or expired second-factor code. */
export const BAD_CODE = 'That code is not correct or was already used.';

export type SignInResult =
	| { ok: true; user: User }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

type Limiters = { address: RateLimiter; pair: RateLimiter };

/** Counts one attempt on each limiter; on the first refusal gives back those already counted. */
function count(counted: [RateLimiter, string][]): { retryAfterSeconds: number } | null {
	for (const [i, [limiter, key]] of counted.entries()) {
		const limit = limiter.check(key);
		if (limit.ok) continue;
		for (const [done, doneKey] of counted.slice(0, i)) done.release(doneKey);
		return { retryAfterSeconds: limit.retryAfterSeconds };
	}
	return null;
}

/**
 * Checks the credentials, counting the attempt against the client address and against the
 * (email, address) pair (rate-limit.ts says why not the email alone) before the slow password
 * check, so parallel guesses are counted too; a successful sign-in gives its attempt back, so
 * only failures add up.
 */
export async function signIn(
	auth: AuthService,
	email: string,
	password: string,
	clientAddress: string,
	limiters: Limiters = signInLimiters
): Promise<SignInResult> {
	const account = email.trim().toLowerCase();
	const counted: [RateLimiter, string][] = [
		[limiters.address, `sign-in:address:${clientAddress}`],
		[limiters.pair, `sign-in:pair:${account}|${clientAddress}`]
	];
	const refused = count(counted);
	if (refused) return { ok: false, reason: 'rate-limited', ...refused };
	const user = await auth.authenticate(email, password);
	if (!user) return { ok: false, reason: 'invalid' };
	for (const [limiter, key] of counted) limiter.release(key);
	return { ok: true, user };
}

/**
 * Checks the second factor of `user` (a TOTP code or a recovery code), counted per address and
 * per account and address as passwords are; an accepted code gives its attempt back.
 */
export async function checkSecondFactor(
	auth: AuthService,
	user: User,
	code: string,
	clientAddress: string,
	limiters: Limiters = mfaLimiters
): Promise<SignInResult> {
	const counted: [RateLimiter, string][] = [
		[limiters.address, `mfa:address:${clientAddress}`],
		[limiters.pair, `mfa:pair:${user.id}|${clientAddress}`]
	];
	const refused = count(counted);
	if (refused) return { ok: false, reason: 'rate-limited', ...refused };
	if (!(await auth.verifySecondFactor(user.id, code))) return { ok: false, reason: 'invalid' };
	for (const [limiter, key] of counted) limiter.release(key);
	return { ok: true, user };
}
