/** Random bearer secrets (session cookies, API tokens) and the hashes they are stored as. */
import { createHash, randomBytes } from 'node:crypto';

/** Prefix of account API tokens; trainees' participant tokens use `stp_`. */
export const API_TOKEN_PREFIX = 'stu_';

const SECRET_BYTES = 32;
/** 32 bytes in base64url without padding. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new session cookie value: 32 random bytes, base64url. */
export function newSessionToken(): string {
	return randomBytes(SECRET_BYTES).toString('base64url');
}

/** A new API token: `stu_` + 32 random bytes, base64url. */
export function newApiToken(): string {
	return API_TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/** True when `value` looks like a session token (checked before hashing untrusted input). */
export function isSessionToken(value: string): boolean {
	return SECRET_PATTERN.test(value);
}

/** True when `value` looks like an API token. */
export function isApiToken(value: string): boolean {
	return value.startsWith(API_TOKEN_PREFIX) && SECRET_PATTERN.test(value.slice(4));
}

/** sha256 of `secret`, hex: what the store keeps instead of the secret. */
export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}
