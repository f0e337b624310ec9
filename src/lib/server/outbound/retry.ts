/**
 * When a failed webhook delivery is tried again. Network errors, timeouts, 5xx, 408 and 429 are
 * worth another try; any other answer (2xx is done, 3xx and 4xx mean the receiver will say the
 * same again) is final. Waits double from `baseMs` with ±10% jitter, so receivers that failed
 * together are not hit together again; with the default 20 s and 6 attempts, the last try comes
 * about 10 minutes after the first.
 */

/** Attempts per delivery, the first included. */
export const MAX_ATTEMPTS = 6;

/** An attempt's result: the HTTP status, or null when no answer came (network error, timeout). */
export type AttemptOutcome = number | null;

/** Whether another attempt may succeed where this one failed. */
export function retryable(outcome: AttemptOutcome): boolean {
	if (outcome === null) return true;
	return outcome >= 500 || outcome === 408 || outcome === 429;
}

/** Whether the receiver took the delivery. */
export function delivered(outcome: AttemptOutcome): boolean {
	return outcome !== null && outcome >= 200 && outcome < 300;
}

/**
 * The wait in ms after failed attempt number `attempt` (1-based) before the next one, or null
 * when no attempt is left; `random` is a number in [0, 1) for the jitter.
 */
export function retryDelay(attempt: number, baseMs: number, random: number): number | null {
	if (attempt >= MAX_ATTEMPTS) return null;
	const jitter = 0.9 + 0.2 * random;
	return Math.round(baseMs * 2 ** (attempt - 1) * jitter);
}
