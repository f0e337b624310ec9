import { describe, expect, it } from 'vitest';
import { buildDashboard, NO_FILTERS } from '#lib/reports/dashboard.js';
import { syntheticSummaries } from '#lib/reports/dashboard-fixtures.js';
import { exportDashboard, exportFormat } from './export';

describe('dashboard export', () => {
	it('takes the format from `format`, else from an Accept that asks only for CSV', () => {
		expect(exportFormat('csv', null)).toBe('csv');
		expect(exportFormat('JSON', 'text/csv')).toBe('json');
		expect(exportFormat('xml', null)).toBeNull();
		expect(exportFormat(null, 'text/csv')).toBe('csv');
		expect(exportFormat(null, 'application/json, text/csv')).toBe('json');
		expect(exportFormat(null, null)).toBe('json');
	});

	it('exports everything but the form choices, or one section', () => {
		const d = buildDashboard(syntheticSummaries(5, 1), NO_FILTERS, [], Date.UTC(2026, 0, 1));
		const all = exportDashboard(d, null);
		expect(Object.keys(all)).toEqual([
			'generatedAt',
			'today',
			'filters',
			'resolution',
			'phases',
			'sessions',
			'trends',
			'timings',
			'scenarios',
			'ratings',
			'coverage',
			'improvements',
			'trainees'
		]);
		expect(all.generatedAt).toBe('2026-01-01T00:00:00.000Z');
		const coverage = exportDashboard(d, 'coverage') as Record<string, unknown>;
		expect(coverage.coverage).toBe(d.coverage);
		expect(coverage.sessions).toBeUndefined();
	});
});
