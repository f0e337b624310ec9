/**
 * Where the scenario studio keeps its work: drafts (edited in place, each with a revision number
 * that every save raises by one) and published versions (only added, never changed). A draft is
 * the author's; a version is what the library served from the moment it was published.
 */

export interface StudioAuthor {
	id: string;
	name: string;
}

export interface StudioDraft {
	/** Random, 16 lowercase letters and digits. */
	id: string;
	/** The library scenario id it publishes to (the id in its YAML when it was made). */
	scenarioId: string;
	/** The title in its YAML when last saved, for lists (plain text). */
	title: string;
	yaml: string;
	/** 1 when created; each save stores revision n + 1 over revision n. */
	revision: number;
	/** The published version it started from, or null for a new scenario. */
	baseVersion: number | null;
	createdBy: StudioAuthor;
	createdAt: number;
	updatedBy: StudioAuthor;
	updatedAt: number;
}

/** A draft in a list: everything but its text. */
export type DraftSummary = Omit<StudioDraft, 'yaml'>;

export interface ScenarioVersion {
	scenarioId: string;
	/** 1, 2, 3... per scenario id. */
	version: number;
	yaml: string;
	/** The library's hash of it (what a session created on it records). */
	hash: string;
	by: StudioAuthor;
	at: number;
	draftId: string;
}

export interface StudioStore {
	/** Every draft, newest change first, without their text. */
	listDrafts(): Promise<DraftSummary[]>;
	/** A copy of the draft, or null when there is none with this id. */
	getDraft(id: string): Promise<StudioDraft | null>;
	/**
	 * Stores `draft`; resolves once it is durable. A draft of revision 1 must be new; any other
	 * must follow the stored one (revision n + 1 over n): otherwise it rejects with
	 * WriteConflictError and stores nothing, so two editors never overwrite each other.
	 */
	putDraft(draft: StudioDraft): Promise<void>;
	/** A scenario's published versions, oldest first. */
	listVersions(scenarioId: string): Promise<ScenarioVersion[]>;
	/**
	 * Adds the next version; its number must be one more than the latest stored (1 for the
	 * first), else WriteConflictError and nothing stored.
	 */
	addVersion(version: ScenarioVersion): Promise<void>;
}
