/** Where a facilitator's edited debrief findings are kept, one record per session. */

/** The facilitator's findings as stored, with who wrote them and when. */
export interface StoredEdits {
	version: 1;
	sessionId: string;
	/** Null keeps the drafted list. */
	strengths: string[] | null;
	improvements: string[] | null;
	updatedAt: number;
	updatedBy: string;
}

export interface DebriefEditStore {
	/** The stored record of a session, or null when none was ever stored. */
	get(sessionId: string): Promise<StoredEdits | null>;
	/** Stores `edits` in place of the session's earlier record; resolves once it is durable. */
	put(edits: StoredEdits): Promise<void>;
	/** Deletes the session's record (if any); resolves once the deletion is durable. */
	remove(sessionId: string): Promise<void>;
}
