/** Number formatting shared by the dashboard's tables (the same text on server and browser). */
import { shownPercent } from '#lib/format/number.js';

/** A whole percent (as everywhere people read one), or an em dash when there is none. */
export function percent(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : `${shownPercent(value)}%`;
}

/** Scenario minutes to one decimal, or an em dash. */
export function minutes(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : `${Math.round(value * 10) / 10} min`;
}

/** An ATT&CK technique's page: T1566.001 -> https://attack.mitre.org/techniques/T1566/001/. */
export function attackUrl(id: string): string | null {
	const m = /^T(\d{4})(?:\.(\d{3}))?$/.exec(id);
	if (!m) return null;
	return `https://attack.mitre.org/techniques/T${m[1]}/${m[2] ? `${m[2]}/` : ''}`;
}

/** A query string with `page` set, for the sessions table's page links. */
export function withPage(search: string, page: number): string {
	const params = new URLSearchParams(search);
	params.set('page', String(page));
	return params.toString();
}

/** The improvement list's query for one group of the by-section or by-owner tables. */
export function groupQuery(by: 'section' | 'owner', key: string | null): string {
	// The list's owner filter takes '-' for "no owner yet"; it has no filter for "no section".
	const value = key ?? (by === 'owner' ? '-' : null);
	if (value === null) return 'group=section';
	return new URLSearchParams({ [by]: value, group: by }).toString();
}
