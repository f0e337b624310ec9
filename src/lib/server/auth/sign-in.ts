/** Email + password sign-in with rate limits, shared by /login and POST /api/v1/auth/token. */
import { signInLimiters, type RateLimiter } from '../rate-limit';
import type { AuthService } from './service';
import type { User } from './types';

/** One message for unknown email, wrong password and disabled account: no account probing. */
export const BAD_CREDENTIALS = 'Email or password is not correct.';

export type SignInResult =
	| { ok: true; user: User }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

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
	limiters: { address: RateLimiter; pair: RateLimiter } = signInLimiters
): Promise<SignInResult> {
	const account = email.trim().toLowerCase();
	const counted: [RateLimiter, string][] = [
		[limiters.address, `sign-in:address:${clientAddress}`],
		[limiters.pair, `sign-in:pair:${account}|${clientAddress}`]
	];
	for (const [i, [limiter, key]] of counted.entries()) {
		const limit = limiter.check(key);
		if (limit.ok) continue;
		for (const [done, doneKey] of counted.slice(0, i)) done.release(doneKey);
		return { ok: false, reason: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
	}
	const user = await auth.authenticate(email, password);
	if (!user) return { ok: false, reason: 'invalid' };
	for (const [limiter, key] of counted) limiter.release(key);
	return { ok: true, user };
}
