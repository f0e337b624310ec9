import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signature, signatureHeader, verifySignature } from './signing';

const SECRET = 'whsec-test-0123456789abcdef';
const BODY = '{"id":"whd_1","type":"improvement_item.created"}';

describe('webhook signatures', () => {
	it('signs timestamp.body with HMAC-SHA256 in the Stripe-like header', () => {
		const expected = createHmac('sha256', SECRET).update(`1767268800.${BODY}`).digest('hex');
		expect(signature(SECRET, 1767268800, BODY)).toBe(expected);
		expect(signatureHeader(SECRET, 1767268800, BODY)).toBe(`t=1767268800,v1=${expected}`);
	});

	it('verifies a fresh signature and refuses a changed body, another secret or an old time', () => {
		const header = signatureHeader(SECRET, 1000, BODY);
		expect(verifySignature(header, SECRET, BODY, 1000)).toBe(true);
		expect(verifySignature(header, SECRET, BODY, 1300)).toBe(true);
		expect(verifySignature(header, SECRET, BODY, 1301)).toBe(false);
		expect(verifySignature(header, SECRET, BODY + ' ', 1000)).toBe(false);
		expect(verifySignature(header, 'another-secret-0123456', BODY, 1000)).toBe(false);
		expect(verifySignature(null, SECRET, BODY, 1000)).toBe(false);
		expect(verifySignature('t=1000,v1=zz', SECRET, BODY, 1000)).toBe(false);
	});

	it('accepts any matching v1 (a rotation sends two) and ignores the time stated elsewhere', () => {
		const good = signature(SECRET, 1000, BODY);
		expect(verifySignature(`t=1000,v1=${'0'.repeat(64)},v1=${good}`, SECRET, BODY, 1000)).toBe(
			true
		);
		// The signed time is the one in t: a header claiming a fresher t does not verify.
		expect(verifySignature(`t=2000,v1=${good}`, SECRET, BODY, 2000)).toBe(false);
	});
});
