/**
 * A lead's review of an improvement item. Accepting an item that names a plan section edits that
 * section: the new plan revision records the exercise and the item that caused it, and the item
 * records the revision it produced. Deferring and rejecting need a note saying why.
 */
import { improvements, plans } from '#lib/server/app.js';
import type { User } from '#lib/server/auth/types.js';
import type { ImprovementItem } from '#lib/server/improvements/store.js';
import { saveSection, type SectionEdit } from '../plan/section-edit';
import { authorOf } from '../plan/access';

export type ReviewResult =
	| { ok: true; item: ImprovementItem; planRevision: number | null }
	| { ok: false; status: 400 | 404 | 409; message: string };

/*
 * Items being accepted right now. Accepting awaits two writes; without this a double submit could
 * make two plan revisions for one item. One process serves the app, so a local set suffices.
 */
const accepting = new Set<string>();

function refuseReviewed(item: ImprovementItem): ReviewResult | null {
	if (item.review === 'accepted')
		return { ok: false, status: 409, message: 'This item has already been accepted.' };
	if (accepting.has(item.id))
		return { ok: false, status: 409, message: 'This item is being accepted right now.' };
	return null;
}

/** Accepts an item by editing the plan section it names, as one new plan revision. */
export async function acceptWithEdit(
	item: ImprovementItem,
	edit: SectionEdit,
	user: User
): Promise<ReviewResult> {
	const refused = refuseReviewed(item);
	if (refused) return refused;
	if (!item.planSection)
		return { ok: false, status: 400, message: 'This item names no plan section to edit.' };
	accepting.add(item.id);
	try {
		const saved = await saveSection(await plans(), item.planSection, edit, authorOf(user), {
			kind: 'improvement',
			sessionId: item.sessionId,
			sessionTitle: item.sessionTitle,
			itemId: item.id
		});
		if (!saved.ok) return saved;
		const rev = saved.revision.rev;
		const updated = await (
			await improvements()
		).review(item.id, 'accepted', authorOf(user), edit.reason, rev);
		return { ok: true, item: updated, planRevision: rev };
	} finally {
		accepting.delete(item.id);
	}
}

/** Defers, rejects, or accepts an item that names no plan section (nothing in the plan changes). */
export async function decide(
	item: ImprovementItem,
	decision: 'accepted' | 'deferred' | 'rejected',
	note: string | null,
	user: User
): Promise<ReviewResult> {
	const refused = refuseReviewed(item);
	if (refused) return refused;
	if (decision === 'accepted' && item.planSection) {
		return {
			ok: false,
			status: 400,
			message: `Accepting this item edits the plan section “${item.planSection}”: use the editor, or clear the item's plan section first.`
		};
	}
	if (decision !== 'accepted' && !note)
		return { ok: false, status: 400, message: 'Say why, in a short note.' };
	const updated = await (await improvements()).review(item.id, decision, authorOf(user), note);
	return { ok: true, item: updated, planRevision: null };
}
