/**
 * The installation's signing key (issue 16): an Ed25519 key pair created at the first start in
 * `<data>/keys/record-signing.pem` (PKCS#8 PEM, mode 0600). It signs session seals and record
 * exports; its public key and fingerprint are shown to admins, and every export carries the
 * public key so an auditor can check it offline. Backups must include it: without it, older
 * records still verify (they carry their public key) but new ones are signed by a new key with
 * another fingerprint. See docs/evidence.md for rotation.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	writeFileSync
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fingerprintOf, type PublicKeyInfo, type Signer } from '#lib/evidence/signing.js';

export const KEY_FILE = join('keys', 'record-signing.pem');
/** Keys used before a rotation: their seals still verify (see docs/evidence.md). */
export const RETIRED_DIR = join('keys', 'retired');

/** The key as the app uses it: what signs, and the public half to show and export. */
export interface InstallationKey {
	sign: Signer;
	publicKey: PublicKeyInfo;
	/** Where the private key is (for the admin page and docs). */
	path: string;
	/** Public keys (SPKI PEM) of retired keys by fingerprint, for seals they made. */
	retired: Record<string, string>;
}

/** The public halves of the PEM files (private or public keys) in `<dataDir>/keys/retired/`. */
function retiredKeys(dataDir: string): Record<string, string> {
	const dir = join(dataDir, RETIRED_DIR);
	const keys: Record<string, string> = {};
	if (!existsSync(dir)) return keys;
	for (const name of readdirSync(dir)
		.filter((n) => n.endsWith('.pem'))
		.sort()) {
		let key;
		try {
			key = createPublicKey(readFileSync(join(dir, name), 'utf8'));
		} catch (e) {
			throw new Error(`${join(dir, name)}: not a key in PEM form`, { cause: e });
		}
		keys[fingerprintOf(key)] = key.export({ type: 'spki', format: 'pem' }).toString();
	}
	return keys;
}

/**
 * Loads the private key from `<dataDir>/keys/record-signing.pem`, creating it (mode 0600) when
 * there is none. Throws, naming the file, when it exists but is not an Ed25519 private key.
 */
export function loadOrCreateKey(dataDir: string): InstallationKey {
	const path = join(dataDir, KEY_FILE);
	if (!existsSync(path)) {
		mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
		const { privateKey } = generateKeyPairSync('ed25519');
		const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		// 'wx': never overwrite a key another process wrote in the meantime.
		try {
			writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
	}
	let privateKey;
	try {
		privateKey = createPrivateKey(readFileSync(path, 'utf8'));
	} catch (e) {
		throw new Error(`${path}: not a private key in PEM form (${(e as Error).message})`, {
			cause: e
		});
	}
	if (privateKey.asymmetricKeyType !== 'ed25519')
		throw new Error(`${path}: the record-signing key must be Ed25519`);
	try {
		chmodSync(path, 0o600);
	} catch {
		// A read-only data folder keeps its mode; the key is still usable.
	}
	const publicKey = createPublicKey(privateKey);
	const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
	return {
		sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
		publicKey: { pem: publicPem, fingerprint: fingerprintOf(publicKey) },
		path,
		retired: retiredKeys(dataDir)
	};
}
