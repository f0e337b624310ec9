/** Words for the improvement items' states; badges carry the word, never the colour alone. */
import type { ItemStatus, ReviewState } from '#lib/server/improvements/store.js';

export const REVIEW_LABEL: Record<ReviewState, string> = {
	pending: 'Pending review',
	accepted: 'Accepted',
	deferred: 'Deferred',
	rejected: 'Rejected'
};

export const REVIEW_BADGE: Record<ReviewState, string> = {
	pending: 'badge-warn',
	accepted: 'badge-good',
	deferred: '',
	rejected: 'badge-bad'
};

export const STATUS_LABEL: Record<ItemStatus, string> = {
	open: 'Open',
	'in-progress': 'In progress',
	done: 'Done',
	verified: 'Verified'
};

export const STATUS_BADGE: Record<ItemStatus, string> = {
	open: '',
	'in-progress': 'badge-info',
	done: 'badge-good',
	verified: 'badge-good'
};

export const CAPABILITY_LABEL: Record<string, string> = {
	planning: 'Planning',
	organisation: 'Organisation',
	equipment: 'Equipment',
	training: 'Training',
	exercise: 'Exercise'
};
