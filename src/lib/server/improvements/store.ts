/**
 * Improvement items, over an `ImprovementItemStore`: the rows of every exercise's improvement
 * plan. A debrief proposes them (review: pending); a lead accepts (usually with a plan edit),
 * defers or rejects each; accepted items are then tracked open -> in progress -> done ->
 * verified, with an owner and a due date. Every change is kept in the item's history. The rules
 * (proposing a draft once, what a change records) live here, so that every storage
 * implementation shares them.
 */
import { randomBytes } from 'node:crypto';
import type { ImprovementDraft } from '#lib/engine/score/debrief.js';
import { unproposed } from '#lib/engine/score/merge-drafts.js';
import type {
	ImprovementItem,
	ImprovementItemStore,
	ItemStatus,
	ReviewState
} from '../storage/improvements';
import { log } from '../log';
import { itemGenesis, linkedAfter } from '#lib/evidence/histories.js';

export type { ImprovementItem, ItemStatus, ReviewState } from '../storage/improvements';
export const REVIEW_STATES: readonly ReviewState[] = [
	'pending',
	'accepted',
	'deferred',
	'rejected'
];
export const ITEM_STATUSES: readonly ItemStatus[] = ['open', 'in-progress', 'done', 'verified'];

/**
 * What happened to an item, told to listeners once the change is durable (the outgoing webhook):
 * proposed by a debrief, reviewed by a lead, or moved to another status.
 */
export interface ItemEvent {
	type:
		'improvement_item.created' | 'improvement_item.reviewed' | 'improvement_item.status_changed';
	item: ImprovementItem;
	at: number;
}

export type ItemListener = (event: ItemEvent) => void;

export interface ItemAuthor {
	id: string;
	name: string;
}

export type ItemPatch = Partial<
	Pick<
		ImprovementItem,
		| 'issue'
		| 'correctiveAction'
		| 'planSection'
		| 'capabilityElement'
		| 'owner'
		| 'dueDate'
		| 'status'
	>
>;

/**
 * The items as this process knows them: those read when it was opened, changed in place by its
 * own changes, so that reads need no wait. Each change is stored with the version it was made on
 * (the length of the item's history); after a write that fails or is refused, the items are read
 * again from the store.
 */
export class ImprovementStore {
	private readonly listeners: ItemListener[] = [];

	private constructor(
		private readonly store: ImprovementItemStore,
		private items: ImprovementItem[]
	) {}

	/** Calls `listener` after each durable change; what it throws is logged, never the caller's. */
	onChange(listener: ItemListener): void {
		this.listeners.push(listener);
	}

	private tell(type: ItemEvent['type'], item: ImprovementItem, at: number): void {
		for (const listener of this.listeners) {
			try {
				// A copy: a later change to the item must not alter what this event said.
				listener({ type, item: structuredClone(item), at });
			} catch (err) {
				log.error({ err, item: item.id, event: type }, 'improvement items: a listener failed');
			}
		}
	}

	/** Opens the items in `store`. */
	static async open(store: ImprovementItemStore): Promise<ImprovementStore> {
		return new ImprovementStore(store, await store.list());
	}

	list(): ImprovementItem[] {
		return this.items;
	}

	get(id: string): ImprovementItem | undefined {
		return this.items.find((i) => i.id === id);
	}

	forSession(sessionId: string): ImprovementItem[] {
		return this.items.filter((i) => i.sessionId === sessionId);
	}

	/**
	 * Records a session's drafted items as pending proposals; drafts already recorded for that
	 * session, under their merged key or the keys of the findings they merge, are left as they
	 * are (the facilitator may have edited them). Returns the new ones.
	 */
	async propose(
		session: { id: string; title: string; scenarioId: string },
		drafts: (ImprovementDraft & { phases: string[] })[],
		by: ItemAuthor
	): Promise<ImprovementItem[]> {
		const known = new Set(this.forSession(session.id).map((i) => i.draftKey));
		const now = Date.now();
		// Merged proposals: one whose key, or whose findings' own keys (items proposed before
		// merging), are known is not proposed again; only what it adds is.
		const added = unproposed(drafts, known).map<ImprovementItem>((d) => {
			const id = `i${randomBytes(6).toString('hex')}`;
			return {
				id,
				sessionId: session.id,
				sessionTitle: session.title,
				scenarioId: session.scenarioId,
				draftKey: d.key,
				teamId: d.teamId,
				objectiveId: d.objectiveId,
				phases: d.phases,
				issue: d.issue,
				correctiveAction: d.correctiveAction,
				planSection: d.planSection,
				capabilityElement: d.capabilityElement,
				owner: '',
				dueDate: null,
				review: 'pending',
				reviewNote: null,
				status: 'open',
				planRevision: null,
				createdAt: now,
				updatedAt: now,
				doneAt: null,
				history: [
					linkedAfter(itemGenesis(id), [], {
						at: now,
						by: by.name,
						change: 'proposed by the debrief'
					})
				]
			};
		});
		if (added.length === 0) return [];
		this.items.push(...added);
		// The store gets copies: a change made here meanwhile must not slip into this write.
		await this.stored(this.store.add(structuredClone(added)));
		for (const item of added) this.tell('improvement_item.created', item, now);
		return added;
	}

	/** Changes an item's fields, recording what changed. */
	async update(id: string, patch: ItemPatch, by: ItemAuthor): Promise<ImprovementItem> {
		const item = this.get(id);
		if (!item) throw new Error(`no improvement item ${id}`);
		const basedOn = item.history.length;
		const now = Date.now();
		const changes: string[] = [];
		for (const [key, value] of Object.entries(patch) as [keyof ItemPatch, unknown][]) {
			if (value === undefined || item[key] === value) continue;
			changes.push(
				`${key}: ${String(item[key] ?? '') || '(empty)'} -> ${String(value ?? '') || '(empty)'}`
			);
			(item as unknown as Record<string, unknown>)[key] = value;
			// doneAt dates the fix for retests; it goes if the item is reopened.
			if (key === 'status' && value === 'done') item.doneAt = now;
			if (key === 'status' && (value === 'open' || value === 'in-progress')) item.doneAt = null;
		}
		if (changes.length === 0) return item;
		item.updatedAt = now;
		pushLinked(item, { at: now, by: by.name, change: changes.join('; ') });
		await this.stored(this.store.replace(structuredClone(item), basedOn));
		if (patch.status !== undefined && changes.some((c) => c.startsWith('status:')))
			this.tell('improvement_item.status_changed', item, now);
		return item;
	}

	/** A lead's review: accept (with the plan revision it produced, if any), defer or reject. */
	async review(
		id: string,
		decision: Exclude<ReviewState, 'pending'>,
		by: ItemAuthor,
		note: string | null,
		planRevision: number | null = null
	): Promise<ImprovementItem> {
		const item = this.get(id);
		if (!item) throw new Error(`no improvement item ${id}`);
		const basedOn = item.history.length;
		const now = Date.now();
		item.review = decision;
		item.reviewNote = note;
		if (planRevision !== null) item.planRevision = planRevision;
		item.updatedAt = now;
		const rev = planRevision !== null ? ` (plan revision ${planRevision})` : '';
		pushLinked(item, {
			at: now,
			by: by.name,
			change: `${decision}${rev}${note ? `: ${note}` : ''}`
		});
		await this.stored(this.store.replace(structuredClone(item), basedOn));
		this.tell('improvement_item.reviewed', item, now);
		return item;
	}

	/**
	 * Rewrites the free text of a session's items with `scrub` (anonymising: trainee names to
	 * pseudonyms), recording the change without the text it replaced. Returns how many changed.
	 */
	async scrubSession(
		sessionId: string,
		scrub: (text: string) => string,
		by: ItemAuthor
	): Promise<number> {
		let changed = 0;
		for (const item of this.forSession(sessionId)) {
			const basedOn = item.history.length;
			const fields: string[] = [];
			for (const key of ['issue', 'correctiveAction', 'reviewNote', 'owner'] as const) {
				const value = item[key];
				if (typeof value !== 'string' || scrub(value) === value) continue;
				item[key] = scrub(value);
				fields.push(key);
			}
			if (fields.length === 0) continue;
			const now = Date.now();
			item.updatedAt = now;
			pushLinked(item, {
				at: now,
				by: by.name,
				change: `trainee names replaced by pseudonyms in ${fields.join(', ')}`
			});
			await this.stored(this.store.replace(structuredClone(item), basedOn));
			changed++;
		}
		return changed;
	}

	/** Deletes every item of a session (erasure); returns the ids deleted. */
	async removeSession(sessionId: string): Promise<string[]> {
		const removed = await this.store.removeSession(sessionId);
		this.items = this.items.filter((i) => i.sessionId !== sessionId);
		return removed.map((i) => i.id);
	}

	/** Waits for a write; if it fails, reads the items again, to show only what is stored. */
	private async stored(write: Promise<void>): Promise<void> {
		try {
			await write;
		} catch (e) {
			try {
				this.items = await this.store.list();
			} catch (reread) {
				log.error(
					{ err: reread },
					'improvement items: could not read them again after a failed write'
				);
			}
			throw e;
		}
	}
}

/** Appends a history line to `item`, chained to the lines before it (issue 16). */
function pushLinked(item: ImprovementItem, line: ImprovementItem['history'][number]): void {
	item.history.push(linkedAfter(itemGenesis(item.id), item.history, line));
}
