/**
 * Where improvement items are kept: the rows of every exercise's improvement plan, each with its
 * review, progress and the history of its changes (only ever appended to).
 */
import type { CapabilityElement } from '#lib/engine/score/debrief.js';

export type ReviewState = 'pending' | 'accepted' | 'deferred' | 'rejected';
export type ItemStatus = 'open' | 'in-progress' | 'done' | 'verified';

export interface ImprovementItem {
	id: string;
	sessionId: string;
	sessionTitle: string;
	scenarioId: string;
	/** The debrief draft it came from; (sessionId, draftKey) is unique. */
	draftKey: string | null;
	teamId: string | null;
	objectiveId: string | null;
	/** Phases of the objective (or the finding), for retests. */
	phases: string[];
	issue: string;
	correctiveAction: string;
	planSection: string | null;
	capabilityElement: CapabilityElement;
	owner: string;
	/** YYYY-MM-DD or null. */
	dueDate: string | null;
	review: ReviewState;
	reviewNote: string | null;
	status: ItemStatus;
	/** The plan revision that accepting it produced, if any. */
	planRevision: number | null;
	createdAt: number;
	updatedAt: number;
	/** When status became done (for retests). */
	doneAt: number | null;
	/**
	 * One line per change, oldest first; its length is the item's version. `prev` chains each
	 * line to the ones before it (issue 16; absent on lines written before).
	 */
	history: { at: number; by: string; change: string; prev?: string }[];
}

export interface ImprovementItemStore {
	/** Every item, in the order they were added, as copies the caller owns. */
	list(): Promise<ImprovementItem[]>;
	/**
	 * Adds new items, all or none; resolves once they are durable. Rejects with
	 * WriteConflictError, storing none, when an id or a (sessionId, draftKey) pair is taken.
	 */
	add(items: ImprovementItem[]): Promise<void>;
	/**
	 * Stores `item` in place of the item with its id; resolves once it is durable. `basedOn` is
	 * the history length of the copy the change was made on: if the stored item's differs (it
	 * changed meanwhile) or there is no such item, it rejects with WriteConflictError and
	 * changes nothing.
	 */
	replace(item: ImprovementItem, basedOn: number): Promise<void>;
	/**
	 * Deletes every item of the session `sessionId` (erasure of a session); resolves once durable,
	 * with the items deleted.
	 */
	removeSession(sessionId: string): Promise<ImprovementItem[]>;
}
