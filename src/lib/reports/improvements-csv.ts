/**
 * Improvement items as a CSV that ticketing tools import (Jira's CSV importer, ServiceNow's
 * import sets): one row per item, columns named as those tools name their fields, written by the
 * one CSV writer (csv.ts, formula text defused). Summary is a single line of at most 255
 * characters (Jira's limit); labels are space-separated words without spaces, as Jira wants them;
 * External ID is the item's id, so a second import can update rather than duplicate. Items carry
 * no priority, so there is no Priority column.
 */
import { csvTable } from './csv';

/** What the export needs of an improvement item (the store's record has more). */
export interface ImprovementItem {
	id: string;
	sessionId: string;
	sessionTitle: string;
	issue: string;
	correctiveAction: string;
	planSection: string | null;
	capabilityElement: string;
	owner: string;
	dueDate: string | null;
	review: 'pending' | 'accepted' | 'deferred' | 'rejected';
	reviewNote: string | null;
	status: 'open' | 'in-progress' | 'done' | 'verified';
	createdAt: number;
	updatedAt: number;
}

export const IMPROVEMENT_CSV_HEADER = [
	'External ID',
	'Summary',
	'Description',
	'Assignee',
	'Due date',
	'Status',
	'Labels',
	'Capability element',
	'Plan section',
	'Exercise',
	'Exercise ID',
	'Created',
	'Updated',
	'Link'
] as const;

const STATUS: Record<ImprovementItem['status'], string> = {
	open: 'Open',
	'in-progress': 'In Progress',
	done: 'Done',
	verified: 'Verified'
};
const REVIEW: Record<ImprovementItem['review'], string> = {
	pending: 'Pending review',
	accepted: '',
	deferred: 'Deferred',
	rejected: 'Rejected'
};

/** The ticket status: the review state until accepted, then the item's progress. */
export function ticketStatus(item: Pick<ImprovementItem, 'review' | 'status'>): string {
	return item.review === 'accepted' ? STATUS[item.status] : REVIEW[item.review];
}

/** A label: lower case, runs of anything but letters, digits, dot and dash become one dash. */
function label(prefix: string, value: string): string {
	const v = value
		.toLowerCase()
		.replace(/[^a-z0-9.-]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return `${prefix}-${v}`.slice(0, 100);
}

/** The summary line: the issue's first non-empty line, Markdown marks dropped, at most 255 characters. */
export function summaryLine(issue: string): string {
	const first = issue.split(/\r?\n/).find((l) => l.trim()) ?? '';
	const plain = first
		.replace(/^[#>*\-\s]+/, '')
		.replace(/[*_`]/g, '')
		.trim();
	return plain.length > 255 ? `${plain.slice(0, 254)}…` : plain;
}

/** One row per item, under IMPROVEMENT_CSV_HEADER; `origin` makes the links absolute. */
export function improvementsCsv(items: readonly ImprovementItem[], origin: string): string {
	const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	const rows = items.map((i) => {
		const labels = [
			'sandtable',
			label('capability', i.capabilityElement),
			...(i.planSection ? [label('plan', i.planSection)] : []),
			label('exercise', i.sessionId)
		];
		const description = [
			i.issue.trim(),
			i.correctiveAction.trim() ? `Corrective action: ${i.correctiveAction.trim()}` : '',
			`From the exercise “${i.sessionTitle}” (${origin}/sessions/${i.sessionId}/debrief).`,
			i.reviewNote ? `Review note: ${i.reviewNote}` : ''
		]
			.filter(Boolean)
			.join('\n\n');
		return [
			i.id,
			summaryLine(i.issue),
			description,
			i.owner.trim(),
			i.dueDate,
			ticketStatus(i),
			labels.join(' '),
			i.capabilityElement,
			i.planSection,
			i.sessionTitle,
			i.sessionId,
			day(i.createdAt),
			day(i.updatedAt),
			`${origin}/improvements/${i.id}`
		];
	});
	return csvTable(IMPROVEMENT_CSV_HEADER, rows);
}
