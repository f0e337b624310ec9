/**
 * Where the IR plan is kept: a list of revisions, each a whole Markdown text with who changed it,
 * when, why and what caused it. Revisions are only ever added, never changed.
 */

export interface PlanAuthor {
	id: string;
	name: string;
}

export interface PlanSource {
	kind: 'sample' | 'upload' | 'edit' | 'improvement';
	sectionId?: string;
	sessionId?: string;
	sessionTitle?: string;
	itemId?: string;
}

export interface PlanRevision {
	rev: number;
	markdown: string;
	at: number;
	by: PlanAuthor | null;
	reason: string;
	source: PlanSource;
	/** The hash of every revision before it (issue 16; absent on revisions written before). */
	prev?: string;
}

export interface PlanRevisionStore {
	/** Every revision, oldest first, in a fresh array; empty before the first is added. */
	list(): Promise<PlanRevision[]>;
	/**
	 * Adds the next revision; resolves once it is durable. Its `rev` must be one more than the
	 * latest stored (1 for the first): otherwise it rejects with WriteConflictError, storing
	 * nothing, so two writers never both add the same revision.
	 */
	add(revision: PlanRevision): Promise<void>;
}
