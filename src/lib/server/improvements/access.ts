/**
 * Who may see and change improvement items. Leads and admins see every item and review them;
 * a facilitator sees the items of the sessions they ran, read-only, except that while an item
 * is pending they may fill in its owner, due date and corrective action (they know the room).
 */
import { error } from '@sveltejs/kit';
import type { User } from '#lib/server/auth/types.js';
import type { ImprovementItem } from '#lib/server/improvements/store.js';
import { hub } from '#lib/server/sessions/hub.js';

export type SessionOwners = Map<string, string>;

/** Session id -> the facilitator who runs it, from the session index (no session is loaded). */
export async function sessionOwners(): Promise<SessionOwners> {
	return new Map((await hub.list()).map((m) => [m.id, m.facilitatorId]));
}

/** Leads and admins review items and track them. */
export function canReview(user: User): boolean {
	return user.role === 'admin' || user.role === 'lead';
}

/** Whether `user` ran the session the item came from. */
export function ranSession(user: User, item: ImprovementItem, owners: SessionOwners): boolean {
	return user.role === 'facilitator' && owners.get(item.sessionId) === user.id;
}

export function canSee(user: User, item: ImprovementItem, owners: SessionOwners): boolean {
	return canReview(user) || ranSession(user, item, owners);
}

/** What `user` may change on `item`; everything false means read-only. */
export interface ItemRights {
	review: boolean;
	owner: boolean;
	dueDate: boolean;
	correctiveAction: boolean;
	status: boolean;
	planSection: boolean;
}

export function rightsOn(user: User, item: ImprovementItem, owners: SessionOwners): ItemRights {
	const lead = canReview(user);
	const facilitator = item.review === 'pending' && ranSession(user, item, owners);
	return {
		// An accepted item has changed the plan; its review is final.
		review: lead && item.review !== 'accepted',
		owner: lead || facilitator,
		dueDate: lead || facilitator,
		correctiveAction: lead || facilitator,
		// Progress is tracked once the item is accepted.
		status: lead && item.review === 'accepted',
		planSection: lead && item.review !== 'accepted'
	};
}

/** The items `user` may see. */
export function visibleTo(
	user: User,
	items: readonly ImprovementItem[],
	owners: SessionOwners
): ImprovementItem[] {
	return items.filter((i) => canSee(user, i, owners));
}

/** The item, if `user` may see it; 404 otherwise (its existence is not disclosed). */
export function itemFor(
	user: User,
	item: ImprovementItem | undefined,
	owners: SessionOwners
): ImprovementItem {
	if (!item || !canSee(user, item, owners)) error(404, 'No such improvement item.');
	return item;
}
