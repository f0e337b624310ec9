/**
 * What the improvement pages send to the browser about an item: its fields, Markdown rendered on
 * the server, whether it is overdue, and where it links to. Nothing else of the store's record.
 */
import type { ItemDetail, ItemRow } from '#lib/components/plan/types.js';
import type { ImprovementItem } from '#lib/server/improvements/store.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { isOverdue } from './filters';

/** A row of the item list. */
export function itemRow(item: ImprovementItem, today: string): ItemRow {
	return {
		id: item.id,
		issue: item.issue,
		sessionId: item.sessionId,
		sessionTitle: item.sessionTitle,
		planSection: item.planSection,
		capabilityElement: item.capabilityElement,
		owner: item.owner,
		dueDate: item.dueDate,
		review: item.review,
		status: item.status,
		overdue: isOverdue(item, today)
	};
}

/** The item page's view of an item. */
export function itemDetail(item: ImprovementItem, today: string): ItemDetail {
	return {
		...itemRow(item, today),
		issueHtml: renderMarkdown(item.issue),
		correctiveAction: item.correctiveAction,
		correctiveActionHtml: renderMarkdown(item.correctiveAction),
		scenarioId: item.scenarioId,
		teamId: item.teamId,
		objectiveId: item.objectiveId,
		phases: item.phases,
		reviewNote: item.reviewNote,
		planRevision: item.planRevision,
		createdAt: item.createdAt,
		updatedAt: item.updatedAt,
		history: [...item.history].reverse()
	};
}
