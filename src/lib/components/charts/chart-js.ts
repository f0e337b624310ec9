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

/**
 * Colours given as `var(--name)` resolved against the page's tokens (src/app.css), so a chart
 * follows the colour scheme (light, dark, print) like the rest of the page. Canvas cannot read
 * CSS variables itself.
 */
function resolveVars<T>(value: T, style: CSSStyleDeclaration): T {
	if (typeof value === 'string') {
		const m = /^var\((--[\w-]+)\)$/.exec(value);
		return (m ? style.getPropertyValue(m[1]).trim() || value : value) as T;
	}
	if (Array.isArray(value)) return value.map((v) => resolveVars(v, style)) as T;
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, resolveVars(v, style)])
		) as T;
	}
	return value;
}

/** Draws `config` on `canvas`; the caller destroys it. */
export function createChart(canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
	const style = getComputedStyle(canvas);
	// Axis labels, legends and grid lines in the page's muted text and line colours.
	Chart.defaults.color = style.getPropertyValue('--muted').trim() || Chart.defaults.color;
	Chart.defaults.borderColor =
		style.getPropertyValue('--line').trim() || Chart.defaults.borderColor;
	return new Chart(canvas, resolveVars(config, style));
}
