/**
 * The improvement plan's state: items counted by state, overdue, and grouped by plan section and
 * by owner. Counted from the items alone, so it needs no session.
 */
import { daysBetween } from './calendar';

/** The fields of an improvement item the dashboard counts (an ImprovementItem fits). */
export interface DashboardItem {
	id: string;
	sessionId: string;
	issue: string;
	owner: string;
	/** YYYY-MM-DD or null. */
	dueDate: string | null;
	planSection: string | null;
	review: 'pending' | 'accepted' | 'deferred' | 'rejected';
	status: 'open' | 'in-progress' | 'done' | 'verified';
}

/** Where an improvement item stands: its review, or once accepted its progress. */
export const ITEM_STATES = [
	'pending',
	'open',
	'in-progress',
	'done',
	'verified',
	'deferred',
	'rejected'
] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export type ItemCounts = Record<ItemState, number>;

export interface ItemGroup {
	/** Plan section id or owner; null for items without one. */
	key: string | null;
	label: string;
	total: number;
	counts: ItemCounts;
	overdue: number;
}

export interface OverdueItem {
	id: string;
	sessionId: string;
	issue: string;
	owner: string;
	dueDate: string;
	daysOverdue: number;
	planSection: string | null;
	state: ItemState;
}

export interface ImprovementSummary {
	total: number;
	counts: ItemCounts;
	overdue: number;
	/** Overdue items, longest overdue first. */
	overdueItems: OverdueItem[];
	bySection: ItemGroup[];
	byOwner: ItemGroup[];
}

function emptyItemCounts(): ItemCounts {
	return {
		pending: 0,
		open: 0,
		'in-progress': 0,
		done: 0,
		verified: 0,
		deferred: 0,
		rejected: 0
	};
}

/** An item's one state: pending, deferred or rejected in review, else its progress. */
export function itemState(item: Pick<DashboardItem, 'review' | 'status'>): ItemState {
	return item.review === 'accepted' ? item.status : item.review;
}

/** Past its due date, not done or verified, and not rejected. */
export function itemOverdue(
	item: Pick<DashboardItem, 'dueDate' | 'status' | 'review'>,
	today: string
): boolean {
	if (!item.dueDate || item.review === 'rejected') return false;
	return item.dueDate < today && item.status !== 'done' && item.status !== 'verified';
}

/** Improvement items counted by state, overdue, and grouped by plan section and by owner. */
export function summariseItems(items: readonly DashboardItem[], today: string): ImprovementSummary {
	const counts = emptyItemCounts();
	const sections = new Map<string, ItemGroup>();
	const owners = new Map<string, ItemGroup>();
	const overdueItems: OverdueItem[] = [];
	const group = (map: Map<string, ItemGroup>, key: string | null, label: string) => {
		let g = map.get(key ?? '');
		if (!g)
			map.set(key ?? '', (g = { key, label, total: 0, counts: emptyItemCounts(), overdue: 0 }));
		return g;
	};
	for (const item of items) {
		const state = itemState(item);
		const late = itemOverdue(item, today);
		counts[state]++;
		const section = item.planSection?.trim() || null;
		const owner = item.owner.trim() || null;
		for (const g of [
			group(sections, section, section ?? 'No plan section'),
			group(owners, owner?.toLowerCase() ?? null, owner ?? 'No owner yet')
		]) {
			g.total++;
			g.counts[state]++;
			if (late) g.overdue++;
		}
		if (late) {
			overdueItems.push({
				id: item.id,
				sessionId: item.sessionId,
				issue: item.issue,
				owner: item.owner,
				dueDate: item.dueDate!,
				daysOverdue: daysBetween(item.dueDate!, today),
				planSection: item.planSection,
				state
			});
		}
	}
	const ordered = (map: Map<string, ItemGroup>) =>
		[...map.values()].sort((a, b) =>
			a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label)
		);
	return {
		total: items.length,
		counts,
		overdue: overdueItems.length,
		overdueItems: overdueItems.sort(
			(a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id)
		),
		bySection: ordered(sections),
		byOwner: ordered(owners)
	};
}
