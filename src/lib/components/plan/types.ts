/** The shapes the plan pages send to the browser (no Markdown source, no user ids). */
import type { CapabilityElement } from '#lib/engine/score/debrief.js';
import type { ItemStatus, ReviewState } from '#lib/server/improvements/store.js';
import type { PlanSource } from '#lib/server/plan/store.js';

export type { PlanSource };

export interface RenderedSection {
	id: string;
	title: string;
	level: number;
	/** Sanitized HTML, rendered on the server. */
	html: string;
}

export interface Provenance {
	rev: number;
	at: number;
	by: string | null;
	reason: string;
	source: PlanSource;
}

export interface RenderedPlan {
	title: string;
	sections: RenderedSection[];
	provenance: Provenance;
}

/** One row of a folded line diff: a line (with its old and new numbers) or a run of unchanged lines. */
export type DiffRow =
	| {
			kind: 'line';
			op: 'same' | 'added' | 'removed';
			text: string;
			old: number | null;
			new: number | null;
	  }
	| { kind: 'gap'; count: number };

/** A row of the improvement item list. */
export interface ItemRow {
	id: string;
	issue: string;
	sessionId: string;
	sessionTitle: string;
	planSection: string | null;
	capabilityElement: CapabilityElement;
	owner: string;
	dueDate: string | null;
	review: ReviewState;
	status: ItemStatus;
	overdue: boolean;
}

/** The item page's view of an item: Markdown fields rendered on the server. */
export interface ItemDetail extends ItemRow {
	issueHtml: string;
	correctiveAction: string;
	correctiveActionHtml: string;
	scenarioId: string;
	teamId: string | null;
	objectiveId: string | null;
	phases: string[];
	reviewNote: string | null;
	planRevision: number | null;
	createdAt: number;
	updatedAt: number;
	/** Newest first. */
	history: { at: number; by: string; change: string }[];
}
