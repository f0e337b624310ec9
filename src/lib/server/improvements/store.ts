/**
 * Improvement items, in `${DATA_DIR}/improvements.json`: the rows of every exercise's improvement
 * plan. A debrief proposes them (review: pending); a lead accepts (usually with a plan edit),
 * defers or rejects each; accepted items are then tracked open -> in progress -> done ->
 * verified, with an owner and a due date. Every change is kept in the item's history.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CapabilityElement, ImprovementDraft } from '#lib/engine/score/debrief.js';
import { DurableDoc } from '../storage/file/durable-file';

export type ReviewState = 'pending' | 'accepted' | 'deferred' | 'rejected';
export type ItemStatus = 'open' | 'in-progress' | 'done' | 'verified';
export const REVIEW_STATES: readonly ReviewState[] = [
	'pending',
	'accepted',
	'deferred',
	'rejected'
];
export const ITEM_STATUSES: readonly ItemStatus[] = ['open', 'in-progress', 'done', 'verified'];

export interface ItemAuthor {
	id: string;
	name: string;
}

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
	history: { at: number; by: string; change: string }[];
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

interface ItemsData {
	version: 1;
	items: ImprovementItem[];
}

function check(data: unknown): string | null {
	const d = data as Partial<ItemsData>;
	if (!d || d.version !== 1 || !Array.isArray(d.items)) return 'is not an improvement items file';
	return null;
}

export class ImprovementStore {
	private constructor(private readonly doc: DurableDoc<ItemsData>) {}

	static async open(dataDir: string): Promise<ImprovementStore> {
		return new ImprovementStore(
			await DurableDoc.open<ItemsData>(
				join(dataDir, 'improvements.json'),
				() => ({ version: 1, items: [] }),
				check
			)
		);
	}

	list(): ImprovementItem[] {
		return this.doc.data.items;
	}

	get(id: string): ImprovementItem | undefined {
		return this.doc.data.items.find((i) => i.id === id);
	}

	forSession(sessionId: string): ImprovementItem[] {
		return this.doc.data.items.filter((i) => i.sessionId === sessionId);
	}

	/**
	 * Records a session's drafted items as pending proposals; drafts already recorded for that
	 * session are left as they are (the facilitator may have edited them). Returns the new ones.
	 */
	async propose(
		session: { id: string; title: string; scenarioId: string },
		drafts: (ImprovementDraft & { phases: string[] })[],
		by: ItemAuthor
	): Promise<ImprovementItem[]> {
		const known = new Set(this.forSession(session.id).map((i) => i.draftKey));
		const now = Date.now();
		const added = drafts
			.filter((d) => !known.has(d.key))
			.map<ImprovementItem>((d) => ({
				id: `i${randomBytes(6).toString('hex')}`,
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
				history: [{ at: now, by: by.name, change: 'proposed by the debrief' }]
			}));
		if (added.length === 0) return [];
		this.doc.data.items.push(...added);
		await this.doc.commit();
		return added;
	}

	/** Changes an item's fields, recording what changed. */
	async update(id: string, patch: ItemPatch, by: ItemAuthor): Promise<ImprovementItem> {
		const item = this.get(id);
		if (!item) throw new Error(`no improvement item ${id}`);
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
		item.history.push({ at: now, by: by.name, change: changes.join('; ') });
		await this.doc.commit();
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
		const now = Date.now();
		item.review = decision;
		item.reviewNote = note;
		if (planRevision !== null) item.planRevision = planRevision;
		item.updatedAt = now;
		const rev = planRevision !== null ? ` (plan revision ${planRevision})` : '';
		item.history.push({
			at: now,
			by: by.name,
			change: `${decision}${rev}${note ? `: ${note}` : ''}`
		});
		await this.doc.commit();
		return item;
	}
}
