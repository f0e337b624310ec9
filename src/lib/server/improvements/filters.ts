/**
 * The improvement list's filters and groupings, read from the query string so that a filtered
 * view is a link (and works without JavaScript). Pure: "today" comes in as an argument.
 */
import {
	ITEM_STATUSES,
	REVIEW_STATES,
	type ImprovementItem,
	type ItemStatus,
	type ReviewState
} from '#lib/server/improvements/store.js';

export const GROUPINGS = ['none', 'section', 'owner'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The owner filter's value for items nobody owns yet. */
export const UNASSIGNED = '-';

export interface ItemFilter {
	review: ReviewState | null;
	status: ItemStatus | null;
	section: string | null;
	owner: string | null;
	session: string | null;
	overdue: boolean;
	group: Grouping;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
	return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function text(value: string | null): string | null {
	const v = value?.trim().slice(0, 200);
	return v ? v : null;
}

/** The filter a query string asks for; unknown values are ignored rather than refused. */
export function parseFilter(params: URLSearchParams): ItemFilter {
	return {
		review: oneOf(params.get('review'), REVIEW_STATES),
		status: oneOf(params.get('status'), ITEM_STATUSES),
		section: text(params.get('section')),
		owner: text(params.get('owner')),
		session: text(params.get('session')),
		overdue: params.get('overdue') === '1',
		group: oneOf(params.get('group'), GROUPINGS) ?? 'section'
	};
}

/** Today's date as YYYY-MM-DD in the server's time zone (due dates are plain dates). */
export function isoDay(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Past its due date and not finished; rejected items are not tracked, so never overdue. */
export function isOverdue(
	item: Pick<ImprovementItem, 'dueDate' | 'status' | 'review'>,
	today: string
): boolean {
	if (!item.dueDate || item.review === 'rejected') return false;
	return item.dueDate < today && (item.status === 'open' || item.status === 'in-progress');
}

/** The items that pass every filter that is set. */
export function applyFilter(
	items: readonly ImprovementItem[],
	filter: ItemFilter,
	today: string
): ImprovementItem[] {
	const owner = filter.owner?.toLowerCase();
	return items.filter(
		(i) =>
			(!filter.review || i.review === filter.review) &&
			(!filter.status || i.status === filter.status) &&
			(!filter.section || i.planSection === filter.section) &&
			(!owner ||
				(owner === UNASSIGNED ? i.owner.trim() === '' : i.owner.trim().toLowerCase() === owner)) &&
			(!filter.session || i.sessionId === filter.session) &&
			(!filter.overdue || isOverdue(i, today))
	);
}

export interface ItemGroup<T> {
	key: string;
	label: string;
	items: T[];
}

/**
 * Items grouped by plan section or by owner (groups in name order, the "none" group last), or one
 * group holding everything.
 */
export function groupItems<T extends Pick<ImprovementItem, 'planSection' | 'owner'>>(
	items: readonly T[],
	by: Grouping
): ItemGroup<T>[] {
	if (by === 'none') return [{ key: 'all', label: 'All items', items: [...items] }];
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = by === 'section' ? (item.planSection ?? '') : item.owner.trim();
		groups.set(key, [...(groups.get(key) ?? []), item]);
	}
	const none = by === 'section' ? 'No plan section' : 'No owner yet';
	return [...groups.entries()]
		.sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
		.map(([key, list]) => ({ key: key || UNASSIGNED, label: key || none, items: list }));
}

/** The distinct non-empty values of a field, sorted, for the filter selects. */
export function distinct(values: Iterable<string | null>): string[] {
	const seen = new Set<string>();
	for (const v of values) if (v && v.trim()) seen.add(v.trim());
	return [...seen].sort((a, b) => a.localeCompare(b));
}
