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

/** At most this many items in one batch review. */
export const MAX_BATCH = 200;

/**
 * A lead's review of several items at once: all are checked first (each reviewable; a note for
 * defer and reject), and nothing changes when one is refused. Accepting in a batch does not edit
 * the plan: an item naming a plan section is accepted with that edit as its corrective action
 * (said in its history), to do from the item like any other.
 */
export async function decideMany(
	items: readonly ImprovementItem[],
	decision: 'accepted' | 'deferred' | 'rejected',
	note: string | null,
	user: User
): Promise<
	{ ok: true; items: ImprovementItem[] } | { ok: false; status: 400 | 409; message: string }
> {
	if (items.length === 0) return { ok: false, status: 400, message: 'Tick the items to review.' };
	if (items.length > MAX_BATCH)
		return { ok: false, status: 400, message: `Review at most ${MAX_BATCH} items at once.` };
	for (const item of items) {
		const refused = refuseReviewed(item);
		if (refused && !refused.ok)
			return {
				ok: false,
				status: 409,
				message: `${refused.message} (${item.id}) Nothing was changed.`
			};
	}
	if (decision !== 'accepted' && !note)
		return { ok: false, status: 400, message: 'Say why, in a short note. Nothing was changed.' };
	const store = await improvements();
	const done: ImprovementItem[] = [];
	for (const item of items) accepting.add(item.id);
	try {
		for (const item of items) {
			const why =
				decision === 'accepted' && item.planSection
					? [note, `plan section “${item.planSection}” to be edited as the corrective action`]
							.filter(Boolean)
							.join('; ')
					: note;
			done.push(await store.review(item.id, decision, authorOf(user), why));
		}
	} finally {
		for (const item of items) accepting.delete(item.id);
	}
	return { ok: true, items: done };
}
