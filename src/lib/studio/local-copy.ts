/**
 * The browser's own copy of a draft being edited (localStorage), so that closing the tab, a
 * crash or a lost connection loses nothing that was typed: what to do with a copy found when the
 * draft is opened again. Pure apart from the storage handed in.
 */

export interface LocalCopy {
	yaml: string;
	/** The stored revision the text was edited from. */
	revision: number;
	at: number;
}

const key = (draftId: string) => `sandtable.studio.${draftId}`;

/** The copy kept for a draft, or null (none, unreadable, or storage unavailable). */
export function readLocalCopy(storage: Storage | undefined, draftId: string): LocalCopy | null {
	try {
		const raw = storage?.getItem(key(draftId));
		if (!raw) return null;
		const copy = JSON.parse(raw) as Partial<LocalCopy>;
		if (typeof copy.yaml !== 'string' || typeof copy.revision !== 'number') return null;
		return { yaml: copy.yaml, revision: copy.revision, at: Number(copy.at) || 0 };
	} catch {
		return null;
	}
}

/** Keeps `copy` (best effort: a full or disabled storage only loses this safety net). */
export function writeLocalCopy(
	storage: Storage | undefined,
	draftId: string,
	copy: LocalCopy
): void {
	try {
		storage?.setItem(key(draftId), JSON.stringify(copy));
	} catch {
		// Quota or privacy mode: the server's autosave still keeps the work.
	}
}

export function dropLocalCopy(storage: Storage | undefined, draftId: string): void {
	try {
		storage?.removeItem(key(draftId));
	} catch {
		// As above.
	}
}

/**
 * What a copy found on opening means: `none` when it holds nothing the server lacks; `restore`
 * when it continues the stored revision (put it back in the editor, autosave will store it);
 * `diverged` when the draft moved on since (someone else saved): offer it as a copy, never
 * overwrite theirs.
 */
export function recoveryOf(
	copy: LocalCopy | null,
	server: { yaml: string; revision: number }
): 'none' | 'restore' | 'diverged' {
	if (!copy || copy.yaml === server.yaml) return 'none';
	return copy.revision === server.revision ? 'restore' : 'diverged';
}
