/**
 * The dashboard's filters as query parameters, shared by the page (a GET form, so a filtered
 * view is a link) and `GET /api/v1/dashboard`: `scenario` and `team` (repeatable), `from` and
 * `to` (YYYY-MM-DD), `resolution`. Pure.
 */
import { RESOLUTIONS, type DashboardFilters, type Resolution } from '#lib/reports/dashboard.js';

/** At most this many scenarios or teams in one filter, each at most MAX_VALUE characters. */
export const MAX_VALUES = 50;
export const MAX_VALUE = 100;

export interface DashboardQuery {
	filters: Omit<DashboardFilters, 'facilitatorId'>;
	resolution: Resolution | 'auto';
	/** What was wrong with the query (the API answers 400 with the first; the page shows them). */
	errors: string[];
}

function isDay(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const ms = Date.parse(value);
	return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

function list(params: URLSearchParams, name: string, errors: string[]): string[] {
	const values = [
		...new Set(
			params
				.getAll(name)
				.map((v) => v.trim())
				.filter((v) => v !== '')
		)
	];
	if (values.length > MAX_VALUES) errors.push(`${name}: at most ${MAX_VALUES} values`);
	if (values.some((v) => v.length > MAX_VALUE))
		errors.push(`${name}: each value at most ${MAX_VALUE} characters`);
	return values.slice(0, MAX_VALUES).filter((v) => v.length <= MAX_VALUE);
}

function day(params: URLSearchParams, name: string, errors: string[]): string | null {
	const value = params.get(name)?.trim() ?? '';
	if (value === '') return null;
	if (isDay(value)) return value;
	errors.push(`${name}: expected a date as YYYY-MM-DD, got '${value.slice(0, 20)}'`);
	return null;
}

/** The filters a query string asks for; a bad value is left out and described in `errors`. */
export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
	const errors: string[] = [];
	const scenarios = list(params, 'scenario', errors);
	const teams = list(params, 'team', errors);
	let from = day(params, 'from', errors);
	let to = day(params, 'to', errors);
	if (from !== null && to !== null && from > to) {
		errors.push(`from (${from}) is after to (${to})`);
		[from, to] = [to, from];
	}
	const raw = params.get('resolution')?.trim() || 'auto';
	let resolution: DashboardQuery['resolution'] = 'auto';
	if (raw === 'auto' || (RESOLUTIONS as readonly string[]).includes(raw)) {
		resolution = raw as DashboardQuery['resolution'];
	} else {
		errors.push(`resolution: expected auto, ${RESOLUTIONS.join(', ')}`);
	}
	return { filters: { scenarios, teams, from, to }, resolution, errors };
}

/** The query string of a filter (without `resolution` when it is auto), for links. */
export function dashboardSearch(query: Pick<DashboardQuery, 'filters' | 'resolution'>): string {
	const params = new URLSearchParams();
	for (const s of query.filters.scenarios) params.append('scenario', s);
	for (const t of query.filters.teams) params.append('team', t);
	if (query.filters.from) params.set('from', query.filters.from);
	if (query.filters.to) params.set('to', query.filters.to);
	if (query.resolution !== 'auto') params.set('resolution', query.resolution);
	return params.toString();
}

/** Largest `pageSize` the API accepts. */
export const MAX_PAGE_SIZE = 500;

/**
 * `page` and `pageSize` of `GET /api/v1/dashboard`: one page of the sessions, newest first
 * (what the dashboard page builds), or null for every session. A bad value is an error.
 */
export function parseSessionPage(params: URLSearchParams): {
	page: { page: number; size: number } | null;
	error: string | null;
} {
	const rawSize = params.get('pageSize')?.trim() ?? '';
	const rawPage = params.get('page')?.trim() ?? '';
	if (rawSize === '' && rawPage === '') return { page: null, error: null };
	const size = rawSize === '' ? 25 : Number(rawSize);
	if (!/^\d+$/.test(rawSize || '25') || size < 1 || size > MAX_PAGE_SIZE)
		return { page: null, error: `pageSize: expected a whole number from 1 to ${MAX_PAGE_SIZE}` };
	const page = rawPage === '' ? 1 : Number(rawPage);
	if (!/^\d+$/.test(rawPage || '1') || page < 1 || page > 1_000_000)
		return { page: null, error: 'page: expected a whole number from 1' };
	return { page: { page, size }, error: null };
}
