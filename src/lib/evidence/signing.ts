/**
 * What the installation's Ed25519 key signs, and checking it: the seal of a session and the
 * export of a record. Each signed text starts with what it is ("sandtable.seal.v1"), so that a
 * signature over one kind of thing can never be passed off as another.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '#lib/engine/scenario/canonical.js';
import type { RecordSeal } from '#lib/engine/session/events.js';

/** Signs text with the installation's private key; returns the signature in base64. */
export type Signer = (text: string) => string;

/** The installation's public key as the export and the admin page show it. */
export interface PublicKeyInfo {
	/** SPKI PEM. */
	pem: string;
	/** "SHA256:" and the hex sha256 of the key's DER (SPKI) form. */
	fingerprint: string;
}

/** The fingerprint of a public key (PEM or KeyObject): the sha256 of its SPKI DER, in hex. */
export function fingerprintOf(key: string | KeyObject): string {
	const object = typeof key === 'string' ? createPublicKey(key) : key;
	const der = object.export({ type: 'spki', format: 'der' });
	return `SHA256:${createHash('sha256').update(der).digest('hex')}`;
}

/** The text a seal's signature covers: every field but the signature, canonical. */
export function sealText(seal: Omit<RecordSeal, 'signature'> & { signature?: string }): string {
	const { signature: _signature, ...body } = seal;
	return `sandtable.seal.v1\n${canonicalJson(body)}`;
}

/** The text an export's signature covers (see record.ts for the fields). */
export function exportText(body: unknown): string {
	return `sandtable.record.v1\n${canonicalJson(body)}`;
}

/** True when `signature` (base64) is `publicKeyPem`'s Ed25519 signature over `text`. */
export function signatureValid(publicKeyPem: string, text: string, signature: string): boolean {
	try {
		const key = createPublicKey(publicKeyPem);
		if (key.asymmetricKeyType !== 'ed25519') return false;
		return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
	} catch {
		return false;
	}
}
