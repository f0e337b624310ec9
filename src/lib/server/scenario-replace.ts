/**
 * Replacing an uploaded scenario is a question, never a side effect (issue 18): the library's
 * form holds a file whose id exists until the facilitator confirms, and both the form and the
 * API name the version being replaced and how many sessions ran it. Those sessions keep the
 * version they ran: each session stores the scenario file it was created with.
 */
import { randomBytes } from 'node:crypto';
import { uploadScenario, type UploadResult } from './scenarios';
import { hub } from './sessions/hub';

/** Sessions created with a scenario id, whatever version they ran. */
export async function sessionsUsing(id: string): Promise<number> {
	return (await hub.list()).filter((m) => m.scenarioId === id).length;
}

/** Checks and stores an upload; an existing uploaded id is replaced only with `replace`. */
export function uploadChecked(
	bytes: Uint8Array,
	fileName: string,
	replace = false
): Promise<UploadResult> {
	return uploadScenario(bytes, fileName, { replace, sessionsUsing });
}

/** How long a file waits for "replace it?" before it has to be uploaded again. */
export const PENDING_MS = 15 * 60_000;

interface Pending {
	token: string;
	bytes: Uint8Array;
	fileName: string;
	expires: number;
}

// One waiting file per user: a second upload that asks takes the place of the first.
const pending = new Map<string, Pending>();

/** Keeps a file that asked "replace it?" for its uploader; returns the token the answer names. */
export function holdForConfirmation(
	userId: string,
	bytes: Uint8Array,
	fileName: string,
	now = Date.now()
): string {
	for (const [user, p] of pending) if (p.expires <= now) pending.delete(user);
	const token = randomBytes(16).toString('hex');
	pending.set(userId, { token, bytes, fileName, expires: now + PENDING_MS });
	return token;
}

/** The file a user's confirmation names, taken out of waiting; null when gone or not theirs. */
export function takeConfirmed(
	userId: string,
	token: string,
	now = Date.now()
): { bytes: Uint8Array; fileName: string } | null {
	const p = pending.get(userId);
	if (!p || p.token !== token || p.expires <= now) return null;
	pending.delete(userId);
	return { bytes: p.bytes, fileName: p.fileName };
}
