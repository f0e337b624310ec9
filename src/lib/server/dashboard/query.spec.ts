import { describe, expect, it } from 'vitest';
import {
	dashboardSearch,
	MAX_PAGE_SIZE,
	MAX_VALUES,
	parseDashboardQuery,
	parseSessionPage
} from './query';

const parse = (q: string) => parseDashboardQuery(new URLSearchParams(q));

describe('dashboard query', () => {
	it('reads repeated scenarios and teams, dates and the resolution', () => {
		expect(
			parse('scenario=phish&scenario=cloud&team=Red&from=2026-01-01&to=2026-02-01&resolution=week')
		).toEqual({
			filters: {
				scenarios: ['phish', 'cloud'],
				teams: ['Red'],
				from: '2026-01-01',
				to: '2026-02-01'
			},
			resolution: 'week',
			errors: []
		});
	});

	it('treats empty values (an untouched form field) as no filter', () => {
		expect(parse('scenario=&team=&from=&to=&resolution=')).toEqual({
			filters: { scenarios: [], teams: [], from: null, to: null },
			resolution: 'auto',
			errors: []
		});
	});

	it('leaves out bad values and says why', () => {
		const q = parse('from=2026-02-30&to=tomorrow&resolution=hourly');
		expect(q.filters.from).toBeNull();
		expect(q.filters.to).toBeNull();
		expect(q.resolution).toBe('auto');
		expect(q.errors).toEqual([
			"from: expected a date as YYYY-MM-DD, got '2026-02-30'",
			"to: expected a date as YYYY-MM-DD, got 'tomorrow'",
			'resolution: expected auto, session, day, week, month'
		]);
	});

	it('swaps a range given backwards, and bounds the number of values', () => {
		const q = parse('from=2026-03-01&to=2026-01-01');
		expect([q.filters.from, q.filters.to]).toEqual(['2026-01-01', '2026-03-01']);
		expect(q.errors).toEqual(['from (2026-03-01) is after to (2026-01-01)']);
		const many = parse(Array.from({ length: 60 }, (_, i) => `team=t${i}`).join('&'));
		expect(many.filters.teams).toHaveLength(MAX_VALUES);
		expect(many.errors).toEqual([`team: at most ${MAX_VALUES} values`]);
	});

	it('writes a filter back as a query string', () => {
		const q = parse('team=Red&scenario=phish&to=2026-01-31');
		expect(dashboardSearch(q)).toBe('scenario=phish&team=Red&to=2026-01-31');
		expect(dashboardSearch({ ...q, resolution: 'month' })).toBe(
			'scenario=phish&team=Red&to=2026-01-31&resolution=month'
		);
	});

	it('reads a page of sessions, or none for every session, and refuses bad paging', () => {
		const page = (q: string) => parseSessionPage(new URLSearchParams(q));
		expect(page('')).toEqual({ page: null, error: null });
		expect(page('page=3&pageSize=50')).toEqual({ page: { page: 3, size: 50 }, error: null });
		expect(page('page=2')).toEqual({ page: { page: 2, size: 25 }, error: null });
		expect(page('pageSize=10')).toEqual({ page: { page: 1, size: 10 }, error: null });
		for (const bad of ['pageSize=0', `pageSize=${MAX_PAGE_SIZE + 1}`, 'pageSize=2.5', 'pageSize=x'])
			expect(page(bad).error, bad).toMatch(/^pageSize: /);
		for (const bad of ['page=0', 'page=-1', 'page=1e3', 'page=two'])
			expect(page(bad).error, bad).toMatch(/^page: /);
	});
});
