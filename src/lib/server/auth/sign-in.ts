/** Email + password sign-in with rate limits, shared by /login and POST /api/v1/auth/token. */
import type { AttemptLimiter } from '../rate-limit';
import { accountLimiters } from './limits';
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

type Limiters = { address: AttemptLimiter; pair: AttemptLimiter };

/** Counts one attempt on each limiter; on the first refusal gives back those already counted. */
async function count(
	counted: [AttemptLimiter, string][]
): Promise<{ retryAfterSeconds: number } | null> {
	for (const [i, [limiter, key]] of counted.entries()) {
		const limit = await limiter.check(key);
		if (limit.ok) continue;
		for (const [done, doneKey] of counted.slice(0, i)) await done.release(doneKey);
		return { retryAfterSeconds: limit.retryAfterSeconds };
	}
	return null;
}

async function release(counted: [AttemptLimiter, string][]): Promise<void> {
	for (const [limiter, key] of counted) await limiter.release(key);
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
	limiters: Limiters = accountLimiters().signIn
): Promise<SignInResult> {
	const account = email.trim().toLowerCase();
	const counted: [AttemptLimiter, string][] = [
		[limiters.address, `sign-in:address:${clientAddress}`],
		[limiters.pair, `sign-in:pair:${account}|${clientAddress}`]
	];
	const refused = await count(counted);
	if (refused) return { ok: false, reason: 'rate-limited', ...refused };
	const user = await auth.authenticate(email, password);
	if (!user) return { ok: false, reason: 'invalid' };
	await release(counted);
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
	limiters: Limiters = accountLimiters().mfa
): Promise<SignInResult> {
	const counted: [AttemptLimiter, string][] = [
		[limiters.address, `mfa:address:${clientAddress}`],
		[limiters.pair, `mfa:pair:${user.id}|${clientAddress}`]
	];
	const refused = await count(counted);
	if (refused) return { ok: false, reason: 'rate-limited', ...refused };
	if (!(await auth.verifySecondFactor(user.id, code))) return { ok: false, reason: 'invalid' };
	await release(counted);
	return { ok: true, user };
}
