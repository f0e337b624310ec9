import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
	isTotpCode,
	newRecoveryCodes,
	newTotpSecret,
	recoveryCodeHash,
	totpQrSvg,
	totpStep,
	totpUri,
	RECOVERY_CODE_COUNT
} from './totp';

const at = (iso: string) => Date.parse(iso);
const codeAt = (secret: string, ms: number) =>
	generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe('TOTP codes', () => {
	const secret = newTotpSecret();
	const now = at('2026-03-01T09:00:10Z');
	const step = Math.floor(now / 1000 / 30);

	it('accepts the current code and its neighbours, and names its step', async () => {
		expect(secret).toMatch(/^[A-Z2-7]{32}$/);
		expect(await totpStep(secret, codeAt(secret, now), now)).toBe(step);
		expect(await totpStep(secret, codeAt(secret, now - 30_000), now)).toBe(step - 1);
		expect(await totpStep(secret, codeAt(secret, now + 30_000), now)).toBe(step + 1);
	});

	it('refuses codes two steps away, wrong codes and other shapes', async () => {
		expect(await totpStep(secret, codeAt(secret, now - 61_000), now)).toBeNull();
		expect(await totpStep(secret, codeAt(secret, now + 61_000), now)).toBeNull();
		const right = codeAt(secret, now);
		const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
		expect(await totpStep(secret, wrong, now)).toBeNull();
		expect(await totpStep(secret, '12345', now)).toBeNull();
		expect(isTotpCode('12a456')).toBe(false);
		expect(await totpStep(newTotpSecret(), right, now)).toBeNull();
	});

	it('refuses a code from a step already used (no replay)', async () => {
		const code = codeAt(secret, now);
		expect(await totpStep(secret, code, now, step)).toBeNull();
		expect(await totpStep(secret, code, now, step - 1)).toBe(step);
		// The next step's code is still fine after this one was used.
		expect(await totpStep(secret, codeAt(secret, now + 30_000), now + 30_000, step)).toBe(step + 1);
	});

	it('draws an otpauth link as a QR code', () => {
		const uri = totpUri(secret, 'fran@example.com');
		expect(uri).toMatch(/^otpauth:\/\/totp\/Sandtable:fran%40example\.com\?/);
		expect(uri).toContain(`secret=${secret}`);
		expect(totpQrSvg(uri)).toMatch(/^<svg shape-rendering="crispEdges" aria-hidden="true"/);
	});
});

describe('recovery codes', () => {
	it('are ten different codes whose hash ignores case, spaces and dashes', () => {
		const codes = newRecoveryCodes();
		expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
		expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
		for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
		const [first] = codes;
		expect(recoveryCodeHash(first)).toMatch(/^[0-9a-f]{64}$/);
		expect(recoveryCodeHash(` ${first.toUpperCase().replace('-', ' ')} `)).toBe(
			recoveryCodeHash(first)
		);
		expect(recoveryCodeHash('123456')).toBeNull();
		expect(recoveryCodeHash('x'.repeat(500))).toBeNull();
	});
});
