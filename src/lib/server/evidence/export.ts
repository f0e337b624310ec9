/**
 * Exports a session's tamper-evident record (issue 16): its durable log with every link, the
 * frozen scenario, the public key, and a signature made now over the final hash, so everything
 * in the file (also what happened after the seal: feedback, hot wash) is covered.
 */
import { foldHash, sessionGenesis } from '#lib/evidence/chain.js';
import {
	RECORD_FORMAT,
	RECORD_VERSION,
	signedPart,
	type SignedRecord
} from '#lib/evidence/record.js';
import { exportText } from '#lib/evidence/signing.js';
import type { User } from '../auth/types';
import { hub } from '../sessions/hub';
import type { LiveSession } from '../sessions/live';
import { installationKey } from './installation';
import type { InstallationKey } from './key';

/** The signed record of `session` as `account` downloads it, signed with `key`. */
export async function recordOf(
	session: LiveSession,
	account: Pick<User, 'id' | 'name'>,
	key: InstallationKey = installationKey(),
	now = Date.now()
): Promise<SignedRecord> {
	// Appends under way are either durable or gone once settled; the record holds only durable ones.
	await session.settled();
	const { meta, scenario, events } = session.durableLog();
	const unsigned: Omit<SignedRecord, 'signature'> = {
		format: RECORD_FORMAT,
		version: RECORD_VERSION,
		sessionId: meta.id,
		title: meta.title,
		scenarioHash: meta.scenarioHash,
		scenario,
		events,
		finalHash: foldHash(sessionGenesis(meta.id, meta.scenarioHash), events),
		exportedAt: now,
		exportedBy: { id: account.id, name: account.name },
		publicKey: key.publicKey.pem,
		keyFingerprint: key.publicKey.fingerprint
	};
	// Seals made before a key rotation carry the retired key they were signed with.
	const sealKeys: Record<string, string> = {};
	for (const event of events) {
		const fps =
			event.type === 'record.sealed'
				? [event.seal.keyFingerprint]
				: event.type === 'record.redacted'
					? event.previous.seals.map((s) => s.keyFingerprint)
					: [];
		for (const fp of fps)
			if (fp !== key.publicKey.fingerprint && key.retired[fp]) sealKeys[fp] = key.retired[fp];
	}
	if (Object.keys(sealKeys).length > 0) unsigned.sealKeys = sealKeys;
	return { ...unsigned, signature: key.sign(exportText(signedPart(unsigned))) };
}

/**
 * The signed record of the session with id `sessionId`, or null when there is none. Access is
 * the caller's to check (`staffSession(..., 'view')`).
 */
export async function exportRecord(
	sessionId: string,
	account: Pick<User, 'id' | 'name'>
): Promise<SignedRecord | null> {
	const session = await hub.get(sessionId);
	return session ? recordOf(session, account) : null;
}
