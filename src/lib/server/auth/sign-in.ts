/** Email + password sign-in with rate limits, shared by /login and POST /api/v1/auth/token. */
import { checkAll, signInLimiter, type RateLimiter } from '../rate-limit';
import type { AuthService } from './service';
import type { User } from './types';

/** One message for unknown email, wrong password and disabled account: no account probing. */
export const BAD_CREDENTIALS = 'Email or password is not correct.';

export type SignInResult =
	| { ok: true; user: User }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

/**
 * Checks the credentials, counting the attempt against the client address and the email
 * before the (slow) password check so parallel guesses are counted too; a successful sign-in
 * gives its attempt back, so only failures add up.
 */
export async function signIn(
	auth: AuthService,
	email: string,
	password: string,
	clientAddress: string,
	limiter: RateLimiter = signInLimiter
): Promise<SignInResult> {
	const keys = [`sign-in:address:${clientAddress}`, `sign-in:email:${email.trim().toLowerCase()}`];
	const limit = checkAll(limiter, keys);
	if (!limit.ok)
		return { ok: false, reason: 'rate-limited', retryAfterSeconds: limit.retryAfterSeconds };
	const user = await auth.authenticate(email, password);
	if (!user) return { ok: false, reason: 'invalid' };
	for (const key of keys) limiter.release(key);
	return { ok: true, user };
}
