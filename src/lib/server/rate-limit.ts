/**
 * A small in-memory sliding-window rate limiter keyed by string (a client address, an email, a
 * join code). It lives in one process: behind several app instances each keeps its own counts,
 * which only makes the limit more lenient, never wrong in the other direction. Sign-in and
 * second-factor attempts are counted in the database instead when there is one (auth/limits.ts).
 */

export interface RateLimitResult {
	/** True when the attempt is allowed (and has been counted). */
	ok: boolean;
	/** Seconds until the next attempt would be allowed; 0 when `ok`. */
	retryAfterSeconds: number;
}

export interface RateLimiterOptions {
	/** Attempts allowed per key within `windowMs`. */
	limit: number;
	/** Length of the sliding window, in milliseconds. */
	windowMs: number;
	/** Most keys remembered; the least recently used are forgotten first. Default 10,000. */
	maxKeys?: number;
	/** The clock, injectable for tests. */
	now?: () => number;
}

/**
 * What callers of a limiter need: count an attempt, give one back. `RateLimiter` answers at once;
 * one that keeps its counts in the database, shared by app instances, answers with a promise.
 */
export interface AttemptLimiter {
	check(key: string): RateLimitResult | Promise<RateLimitResult>;
	release(key: string): void | Promise<void>;
}

/** Sliding-window log limiter: each key keeps at most `limit` timestamps, memory is bounded. */
export class RateLimiter implements AttemptLimiter {
	readonly limit: number;
	readonly windowMs: number;
	readonly maxKeys: number;
	private readonly now: () => number;
	/** Key -> timestamps of counted attempts, oldest first; Map order is least recently used first. */
	private readonly hits = new Map<string, number[]>();
	private lastSweep = 0;

	constructor(options: RateLimiterOptions) {
		if (!(options.limit >= 1) || !(options.windowMs > 0)) {
			throw new Error('RateLimiter needs limit >= 1 and windowMs > 0');
		}
		this.limit = Math.floor(options.limit);
		this.windowMs = options.windowMs;
		this.maxKeys = Math.max(1, options.maxKeys ?? 10_000);
		this.now = options.now ?? Date.now;
	}

	/** Counts one attempt for `key` if it is within the limit; otherwise says how long to wait. */
	check(key: string): RateLimitResult {
		const now = this.now();
		const recent = this.recent(key, now);
		// Re-insert so that Map order stays least-recently-used first.
		this.hits.delete(key);
		if (recent.length >= this.limit) {
			this.hits.set(key, recent);
			const waitMs = recent[0] + this.windowMs - now;
			return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
		}
		recent.push(now);
		this.hits.set(key, recent);
		this.bound(now);
		return { ok: true, retryAfterSeconds: 0 };
	}

	/** Takes back the most recent counted attempt for `key` (e.g. after a successful sign-in). */
	release(key: string): void {
		const list = this.hits.get(key);
		if (!list) return;
		list.pop();
		if (list.length === 0) this.hits.delete(key);
	}

	/** Forgets every attempt for `key`. */
	reset(key: string): void {
		this.hits.delete(key);
	}

	/** Number of keys currently remembered. */
	get size(): number {
		return this.hits.size;
	}

	private recent(key: string, now: number): number[] {
		const list = this.hits.get(key);
		if (!list) return [];
		const cutoff = now - this.windowMs;
		let drop = 0;
		while (drop < list.length && list[drop] <= cutoff) drop++;
		return drop === 0 ? list : list.slice(drop);
	}

	private bound(now: number): void {
		if (this.hits.size <= this.maxKeys) return;
		// First forget keys whose attempts have all expired (at most once per tenth of a window,
		// so a flood of new keys costs O(1) per check), then the least recently used ones.
		if (now - this.lastSweep >= this.windowMs / 10) {
			this.lastSweep = now;
			const cutoff = now - this.windowMs;
			for (const [key, list] of this.hits) {
				if (list[list.length - 1] <= cutoff) this.hits.delete(key);
			}
		}
		for (const key of this.hits.keys()) {
			if (this.hits.size <= this.maxKeys) break;
			this.hits.delete(key);
		}
	}
}

/** Creates a limiter; see {@link RateLimiterOptions}. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
	return new RateLimiter(options);
}

/**
 * Failed sign-ins (the login form and `POST /api/v1/auth/token` share these, so alternating
 * between them gains nothing), counted as the common login-throttling patterns do: per client
 * address (20 per 15 minutes, whatever the account), and per account and address together (5 per
 * 15 minutes). Never per account alone: then anyone who knows a staff email could lock its owner
 * out by failing from anywhere. A guesser spread over many addresses is slowed by the cost of
 * each guess (scrypt, password.ts) and the 12-character minimum, not by a lock-out.
 */
export const signInLimiters = {
	address: createRateLimiter({ limit: 20, windowMs: 15 * 60_000 }),
	pair: createRateLimiter({ limit: 5, windowMs: 15 * 60_000 })
};

/**
 * Wrong second-factor codes (the login's code step, the token endpoint's `code`), counted like
 * passwords and apart from them: per address, and per account and address. Six digits within a
 * few steps' window leave a guesser held to these limits no real chance.
 */
export const mfaLimiters = {
	address: createRateLimiter({ limit: 20, windowMs: 15 * 60_000 }),
	pair: createRateLimiter({ limit: 5, windowMs: 15 * 60_000 })
};

/** Password changes on /account: 10 per 15 minutes per account (only its owner reaches it). */
export const passwordChangeLimiter = createRateLimiter({ limit: 10, windowMs: 15 * 60_000 });

/** A sentence for people who hit a limit. */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
	const minutes = Math.ceil(retryAfterSeconds / 60);
	const wait =
		retryAfterSeconds < 60
			? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`
			: `${minutes} minute${minutes === 1 ? '' : 's'}`;
	return `Too many attempts. Please wait ${wait} and try again.`;
}
