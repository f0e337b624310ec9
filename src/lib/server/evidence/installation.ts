/**
 * The app's signing key, loaded (or created) once per process from the data folder, and the
 * sealer the hub gives every session.
 */
import type { RecordSeal } from '#lib/engine/session/events.js';
import { sealText } from '#lib/evidence/signing.js';
import { DATA_DIR } from '../config';
import { loadOrCreateKey, type InstallationKey } from './key';

let key: InstallationKey | undefined;

/** The installation's key from `<data>/keys/`, created there on first use. */
export function installationKey(): InstallationKey {
	key ??= loadOrCreateKey(DATA_DIR);
	return key;
}

/** What a session knows of its seal before it is signed. */
export type UnsignedSeal = Omit<RecordSeal, 'signature' | 'keyFingerprint'>;

/** Signs `seal` with `source()`'s key (read when the first seal is made, not at import). */
export function sealer(source: () => InstallationKey): (seal: UnsignedSeal) => RecordSeal {
	return (unsigned) => {
		const k = source();
		const body = { ...unsigned, keyFingerprint: k.publicKey.fingerprint };
		return { ...body, signature: k.sign(sealText(body)) };
	};
}
