/**
 * The audit log's hash chain: each entry's hash covers its content and the hash of the entry
 * before, so changing, removing or reordering an entry breaks the chain at that entry.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '#lib/engine/scenario/canonical.js';
import type { AuditDraft, AuditEntry } from '../storage/audit';

export const GENESIS = '0'.repeat(64);

/** The hash of `entry` (everything but its own hash). */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
	return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

/** The entry that follows `previous` (null for the first). */
export function chainEntry(draft: AuditDraft, previous: AuditEntry | null): AuditEntry {
	const unhashed = {
		...draft,
		seq: (previous?.seq ?? 0) + 1,
		prev: previous?.hash ?? GENESIS
	};
	return { ...unhashed, hash: auditHash(unhashed) };
}

export type ChainCheck =
	{ ok: true; entries: number } | { ok: false; entries: number; seq: number; reason: string };

/** Checks the chain from the first entry on; names the first entry that does not fit. */
export function verifyAuditChain(entries: readonly AuditEntry[]): ChainCheck {
	let previous: AuditEntry | null = null;
	for (const [i, entry] of entries.entries()) {
		const seq = i + 1;
		const fail = (reason: string): ChainCheck => ({
			ok: false,
			entries: entries.length,
			seq,
			reason
		});
		if (entry.seq !== seq)
			return fail(`entry ${seq} is numbered ${entry.seq}: one was removed or moved`);
		if (entry.prev !== (previous?.hash ?? GENESIS))
			return fail(
				`entry ${seq} does not follow entry ${seq - 1}: one was removed, moved or changed`
			);
		const { hash, ...rest } = entry;
		if (auditHash(rest) !== hash) return fail(`entry ${seq} was changed after it was written`);
		previous = entry;
	}
	return { ok: true, entries: entries.length };
}
