/**
 * Where the organisation profile is kept (the names scenarios' placeholders resolve to): one
 * current version with who saved it and when. Each save names the revision it follows.
 */
import type { OrganisationProfile } from '#lib/engine/scenario/placeholders.js';

export interface StoredProfile {
	/** 1 for the first save, one more for each after. */
	rev: number;
	profile: OrganisationProfile;
	at: number;
	by: { id: string; name: string };
}

export interface OrganisationStore {
	/** The current profile, as a copy; null before the first save. */
	get(): Promise<StoredProfile | null>;
	/**
	 * Replaces the profile; resolves once durable. `next.rev` must be one more than the stored
	 * revision (1 when there is none), else it rejects with WriteConflictError and stores nothing,
	 * so of two people saving at once the second is told rather than silently overwriting.
	 */
	put(next: StoredProfile): Promise<void>;
}
