/**
 * Time-based one-time codes (RFC 6238: 6 digits, 30-second steps, SHA-1, as every authenticator
 * app reads them) with otplib, and the recovery codes that stand in for a lost phone.
 */
import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { renderSVG } from 'uqr';
import { hashSecret } from './secrets';

/** The name authenticator apps show beside the account. */
export const TOTP_ISSUER = 'Sandtable';
/** Seconds of clock drift (either way) a code is still accepted for: one step each side. */
export const TOTP_TOLERANCE_S = 30;
/** Recovery codes handed out at enrolment (and on each regeneration). */
export const RECOVERY_CODE_COUNT = 10;

const CODE_PATTERN = /^\d{6}$/;
/** No 0/O, 1/l/I: codes are read off paper. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_PATTERN = /^[a-hjkmnp-z2-9]{10}$/;

/** A new random TOTP secret: 20 bytes, base32. */
export function newTotpSecret(): string {
	return generateSecret();
}

/** The otpauth:// link an authenticator app reads from the QR code. */
export function totpUri(secret: string, email: string): string {
	return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/**
 * The QR code of `uri` as SVG markup drawn here (the URI decides only which squares are black),
 * so the page may insert it with {@html}.
 */
export function totpQrSvg(uri: string): string {
	return renderSVG(uri, { ecc: 'M', border: 2, pixelSize: 1 }).replace(
		'<svg ',
		'<svg shape-rendering="crispEdges" aria-hidden="true" focusable="false" '
	);
}

/** True when `code` has the shape of a TOTP code (6 digits, spaces removed by the caller). */
export function isTotpCode(code: string): boolean {
	return CODE_PATTERN.test(code);
}

/**
 * The time step whose code `code` is for at `nowMs` (within the tolerance), or null. Steps at or
 * before `afterStep` are refused, so a code that was accepted once never is again.
 */
export async function totpStep(
	secret: string,
	code: string,
	nowMs: number,
	afterStep = -1
): Promise<number | null> {
	if (!isTotpCode(code)) return null;
	const result = await verify({
		secret,
		token: code,
		epoch: Math.floor(nowMs / 1000),
		epochTolerance: TOTP_TOLERANCE_S,
		...(afterStep >= 0 ? { afterTimeStep: afterStep } : {})
	});
	// The TOTP strategy's answer names its step (HOTP's, which this never asks for, would not).
	return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** New recovery codes, `xxxxx-xxxxx`, shown once; only their hashes are kept. */
export function newRecoveryCodes(): string[] {
	return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
		const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(31)]);
		return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
	});
}

/** The stored form of a recovery code as typed (any case, spaces or dashes), or null. */
export function recoveryCodeHash(typed: string): string | null {
	const normal = typed.toLowerCase().replace(/[\s-]/g, '');
	return RECOVERY_PATTERN.test(normal) ? hashSecret(`recovery:${normal}`) : null;
}
