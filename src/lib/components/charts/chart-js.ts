/**
 * chart.js with only the parts the app draws (line and bar charts on category and linear axes),
 * registered once for every chart of the app. Imported dynamically by Chart.svelte, so it loads
 * only on pages that chart, after they have mounted.
 */
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type ChartConfiguration
} from 'chart.js';

Chart.register(
	BarController,
	BarElement,
	CategoryScale,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
);

/** Draws `config` on `canvas`; the caller destroys it. */
export function createChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
	return new Chart(canvas, config);
}
