/** An option as its form holds it (text fields), and as the edits take it. */
import type { NewOption } from '#lib/studio/structure-edits.js';

export interface OptionDraft {
	id: string;
	label: string;
	/** Points per phase id, as a number field binds them (null or absent for none). */
	scores: Record<string, number | null | undefined>;
	/** The inject it releases ('' for none). */
	next: string;
}

export const emptyOption = (): OptionDraft => ({ id: '', label: '', scores: {}, next: '' });

/** The option to write: scores in the order of `phases`, blank ones left out; `next` as a list. */
export function toNewOption(draft: OptionDraft, phases: string[]): NewOption {
	const scores: Record<string, number> = {};
	for (const phase of phases) {
		const points = draft.scores[phase];
		if (typeof points === 'number' && Number.isFinite(points)) scores[phase] = points;
	}
	return {
		id: draft.id.trim(),
		label: draft.label.trim(),
		scores,
		next: draft.next ? [draft.next] : []
	};
}
