/**
 * The audit log's hash chain, on the chain primitive every tamper-evident record uses
 * (lib/evidence/chain.ts): each entry stores `prev` (the hash of the entry before) and its own
 * `hash`, so changing, removing or reordering an entry breaks the chain at that entry.
 */
import { genesis, linkHash } from '#lib/evidence/chain.js';
import type { AuditDraft, AuditEntry } from '../storage/audit';

export const GENESIS = genesis('audit');

/** The hash of `entry` (everything but its own hash, chained on from its `prev`). */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
	return linkHash(entry.prev, entry);
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
