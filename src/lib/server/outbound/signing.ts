/**
 * How a webhook delivery is signed, the way Stripe signs its events: the header
 * `Sandtable-Signature: t=<unix seconds>,v1=<hex>` where v1 is HMAC-SHA256 with the shared
 * secret over `<t>.<raw body>`. The receiver recomputes it over the bytes it got and compares in
 * constant time, and refuses a `t` too far from its clock, so a captured delivery cannot be
 * replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Sandtable-Signature';

/** The hex HMAC-SHA256 of `<timestamp>.<body>` under `secret`. */
export function signature(secret: string, timestamp: number, body: string): string {
	return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The signature header's value for `body` sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
	return `t=${timestamp},v1=${signature(secret, timestamp, body)}`;
}

/**
 * Whether `header` signs `body` with `secret` at a time within `toleranceSeconds` of `now` (unix
 * seconds); what a receiver runs. Any v1 entry may match (several during a secret rotation).
 */
export function verifySignature(
	header: string | null,
	secret: string,
	body: string,
	now: number,
	toleranceSeconds = 300
): boolean {
	if (!header) return false;
	const parts = header.split(',').map((p) => p.trim().split('='));
	const t = Number(parts.find(([k]) => k === 't')?.[1]);
	if (!Number.isInteger(t) || Math.abs(now - t) > toleranceSeconds) return false;
	const expected = Buffer.from(signature(secret, t, body), 'hex');
	return parts
		.filter(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v))
		.some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
