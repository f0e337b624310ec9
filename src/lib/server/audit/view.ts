/**
 * The admin's view of the audit log: filters from the query string, newest first, a page at a
 * time, the chain's check, and the CSV export.
 */
import { csvTable } from '#lib/reports/csv.js';
import type { AuditEntry } from '../storage/audit';
import { verifyAuditChain, type ChainCheck } from './chain';

export const AUDIT_PAGE_SIZE = 100;

export interface AuditFilter {
	/** Text found in the action, actor email, address or target/detail values. */
	q: string;
	actor: string;
	outcome: '' | AuditEntry['outcome'];
	/** YYYY-MM-DD, inclusive, UTC. */
	from: string;
	to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditFilter(params: URLSearchParams): AuditFilter {
	const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 200);
	const outcome = text('outcome');
	return {
		q: text('q'),
		actor: text('actor'),
		outcome: outcome === 'ok' || outcome === 'refused' || outcome === 'error' ? outcome : '',
		from: DAY.test(text('from')) ? text('from') : '',
		to: DAY.test(text('to')) ? text('to') : ''
	};
}

export function matches(entry: AuditEntry, filter: AuditFilter): boolean {
	if (filter.outcome && entry.outcome !== filter.outcome) return false;
	const day = new Date(entry.at).toISOString().slice(0, 10);
	if (filter.from && day < filter.from) return false;
	if (filter.to && day > filter.to) return false;
	if (filter.actor && !(entry.actor?.email ?? '').includes(filter.actor.toLowerCase()))
		return false;
	if (filter.q) {
		const haystack = [
			entry.action,
			entry.actor?.email ?? '',
			entry.address ?? '',
			...Object.values(entry.target),
			...Object.values(entry.detail).map(String)
		]
			.join(' ')
			.toLowerCase();
		if (!haystack.includes(filter.q.toLowerCase())) return false;
	}
	return true;
}

export interface AuditPage {
	entries: AuditEntry[];
	total: number;
	matching: number;
	page: number;
	pages: number;
	chain: ChainCheck;
}

/** The entries that match, newest first, page `page` (from 1). */
export function auditPage(all: readonly AuditEntry[], filter: AuditFilter, page = 1): AuditPage {
	const found = all.filter((e) => matches(e, filter)).reverse();
	const pages = Math.max(1, Math.ceil(found.length / AUDIT_PAGE_SIZE));
	const at = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	return {
		entries: found.slice((at - 1) * AUDIT_PAGE_SIZE, at * AUDIT_PAGE_SIZE),
		total: all.length,
		matching: found.length,
		page: at,
		pages,
		chain: verifyAuditChain(all)
	};
}

const flat = (record: Record<string, unknown>) =>
	Object.entries(record)
		.map(([k, v]) => `${k}=${String(v)}`)
		.join('; ');

/** The entries as CSV, oldest first, with their hashes (a SIEM or a spreadsheet re-checks them). */
export function auditCsv(entries: readonly AuditEntry[]): string {
	return csvTable(
		[
			'seq',
			'time',
			'actor',
			'role',
			'address',
			'action',
			'target',
			'detail',
			'status',
			'outcome',
			'request id',
			'prev',
			'hash'
		],
		entries.map((e) => [
			e.seq,
			new Date(e.at).toISOString(),
			e.actor?.email ?? '',
			e.actor?.role ?? '',
			e.address ?? '',
			e.action,
			flat(e.target),
			flat(e.detail),
			e.status,
			e.outcome,
			e.requestId ?? '',
			e.prev,
			e.hash
		])
	);
}
