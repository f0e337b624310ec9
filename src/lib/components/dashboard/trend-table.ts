/**
 * Trend series on one shared time axis: one row per session (or period), one column per series,
 * null where a series has no point. The line chart and its numbers table are drawn from it.
 */
import type { Series } from '#lib/reports/dashboard.js';

export interface TrendTable {
	/** Row labels: the session's day (or period start). */
	labels: string[];
	/** Longer row labels for the numbers table: day and session title. */
	rows: string[];
	columns: { label: string; kind: Series['kind']; values: (number | null)[] }[];
}

/** Series on one shared time axis: rows in date (then session) order, null where a series has no point. */
export function trendTable(
	series: Series[],
	sessionOrder: Map<string, { rank: number; title: string }>
): TrendTable {
	const keys = new Map<string, { day: string; rank: number; title: string | null }>();
	for (const s of series) {
		for (const p of s.points) {
			const key = p.sessionId ?? p.day;
			if (keys.has(key)) continue;
			const session = p.sessionId ? sessionOrder.get(p.sessionId) : undefined;
			keys.set(key, { day: p.day, rank: session?.rank ?? 0, title: session?.title ?? null });
		}
	}
	const ordered = [...keys.entries()].sort(
		([, a], [, b]) => a.day.localeCompare(b.day) || a.rank - b.rank
	);
	const index = new Map(ordered.map(([key], i) => [key, i]));
	return {
		labels: ordered.map(([, k]) => k.day),
		rows: ordered.map(([, k]) => (k.title ? `${k.day} · ${k.title}` : k.day)),
		columns: series.map((s) => {
			const values: (number | null)[] = new Array(ordered.length).fill(null);
			for (const p of s.points) values[index.get(p.sessionId ?? p.day)!] = p.value;
			return { label: s.label, kind: s.kind, values };
		})
	};
}
