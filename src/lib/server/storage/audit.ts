/**
 * Where the audit log is kept: every staff action (and every sign-in attempt), appended in order,
 * never changed or removed. Each entry carries the hash of the one before and its own
 * (audit/chain.ts), so an entry altered, removed or reordered after the fact shows.
 */

/** What the app records about one action; the store numbers and chains it. */
export interface AuditDraft {
	/** Wall clock, ms. */
	at: number;
	/** The signed-in account, or null (a sign-in attempt, set-up). */
	actor: { id: string; email: string; role: string } | null;
	/** The client address as the app sees it (after a trusted proxy's header), if known. */
	address: string | null;
	/** `METHOD route` with the form action: `POST /(admin)/admin/users?/setRole`. */
	action: string;
	/** What it was done to: the route's parameters (`{ id: 's1f0…' }`). */
	target: Record<string, string>;
	/** Selected fields of the request that say what was done (never passwords or free text). */
	detail: Record<string, string | number | boolean | null>;
	/** The HTTP status the action ended with (an action refused in a form is its failure's). */
	status: number;
	outcome: 'ok' | 'refused' | 'error';
	requestId: string | null;
}

/** An entry as stored: numbered from 1 and chained. */
export interface AuditEntry extends AuditDraft {
	seq: number;
	/** sha256 (hex) of the entry before; 64 zeros for the first. */
	prev: string;
	/** sha256 (hex) of this entry's canonical JSON without `hash`. */
	hash: string;
}

export interface AuditStore {
	/**
	 * Appends one entry after every entry appended before it (appends are taken in the order they
	 * are called) and resolves with it once it is durable.
	 */
	append(draft: AuditDraft): Promise<AuditEntry>;
	/** Every entry, oldest first, as stored (a tampered entry is returned as it is). */
	list(): Promise<AuditEntry[]>;
}
