/**
 * chart.js configurations for the dashboard's charts, built from the same tables the page shows
 * as numbers. Colours are the Okabe-Ito palette (distinct for colour-blind readers) and every
 * series also differs by point shape, so no chart relies on colour alone.
 */
import type { ChartConfiguration, PointStyle } from 'chart.js';
import type { TrendTable } from './trend-table';
import { rounded } from '#lib/format/number.js';
import { PERCENT_DECIMALS } from '#lib/engine/score/display.js';

const PALETTE = [
	'#0072B2',
	'#E69F00',
	'#009E73',
	'#CC79A7',
	'#56B4E9',
	'#D55E00',
	'#999933',
	'#882255'
];
const SHAPES: PointStyle[] = [
	'circle',
	'rect',
	'triangle',
	'rectRot',
	'star',
	'crossRot',
	'cross',
	'rectRounded'
];
const ORGANISATION = 'var(--ink)';

/**
 * Charts show (and their tooltips print) figures rounded once, like the tables beside them:
 * percentages whole, minutes and counts to one decimal.
 */
function shown(v: number | null, decimals = 1): number | null {
	return v === null ? null : rounded(v, decimals);
}
const decimalsOf = (unit: '%' | 'min') => (unit === '%' ? PERCENT_DECIMALS : 1);

/** A line chart of a trend table: the organisation thick and dashed, each team in its colour. */
export function lineChart(table: TrendTable, unit: '%' | 'min'): ChartConfiguration<'line'> {
	let team = 0;
	return {
		type: 'line',
		data: {
			labels: table.labels,
			datasets: table.columns.map((c) => {
				const i = c.kind === 'organisation' ? -1 : team++;
				const colour = i < 0 ? ORGANISATION : PALETTE[i % PALETTE.length];
				return {
					label: c.label,
					data: c.values.map((v) => shown(v, decimalsOf(unit))),
					borderColor: colour,
					backgroundColor: colour,
					borderWidth: i < 0 ? 3 : 2,
					borderDash: i < 0 ? [6, 4] : undefined,
					pointStyle: i < 0 ? 'circle' : SHAPES[i % SHAPES.length],
					pointRadius: table.labels.length > 60 ? 0 : 3,
					spanGaps: true,
					tension: 0.1
				};
			})
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			interaction: { mode: 'nearest', intersect: false },
			scales: {
				y:
					unit === '%'
						? { min: 0, max: 100, title: { display: true, text: 'percent' } }
						: { min: 0, title: { display: true, text: 'scenario minutes' } },
				x: { ticks: { autoSkip: true, maxTicksLimit: 10 } }
			},
			plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } }
		}
	};
}

/** A grouped bar chart: one group per label, one bar per dataset. */
export function barChart(
	labels: string[],
	datasets: { label: string; data: (number | null)[]; colour?: string }[],
	options: { stacked?: boolean; max?: number; yTitle: string }
): ChartConfiguration<'bar'> {
	return {
		type: 'bar',
		data: {
			labels,
			datasets: datasets.map((d, i) => ({
				label: d.label,
				data: d.data.map((v) => shown(v, options.max === 100 ? PERCENT_DECIMALS : 1)),
				backgroundColor: d.colour ?? PALETTE[i % PALETTE.length],
				borderColor: 'var(--surface)',
				borderWidth: 1
			}))
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: {
				x: { stacked: options.stacked },
				y: {
					stacked: options.stacked,
					min: 0,
					max: options.max,
					title: { display: true, text: options.yTitle }
				}
			},
			plugins: { legend: { position: 'bottom' } }
		}
	};
}
