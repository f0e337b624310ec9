/**
 * The limiters of sign-in and second-factor attempts (rate-limit.ts says what they count): in the
 * database when the stores are in PostgreSQL, so that app instances behind one address share the
 * counts and a guesser gains nothing by spreading attempts over them; else in memory.
 */
import { storage } from '../app-storage';
import { mfaLimiters, signInLimiters, type AttemptLimiter, type RateLimiter } from '../rate-limit';

type Pair = { address: AttemptLimiter; pair: AttemptLimiter };

let built: { signIn: Pair; mfa: Pair } | null = null;

export function accountLimiters(): { signIn: Pair; mfa: Pair } {
	built ??= (() => {
		const shared = storage.attemptLimiter?.bind(storage);
		if (!shared) return { signIn: signInLimiters, mfa: mfaLimiters };
		const like = (scope: string, local: RateLimiter) =>
			shared(scope, { limit: local.limit, windowMs: local.windowMs });
		return {
			signIn: {
				address: like('sign-in-address', signInLimiters.address),
				pair: like('sign-in-pair', signInLimiters.pair)
			},
			mfa: {
				address: like('mfa-address', mfaLimiters.address),
				pair: like('mfa-pair', mfaLimiters.pair)
			}
		};
	})();
	return built;
}
