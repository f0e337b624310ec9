// parse-prometheus-text-format 1.1.1 ships no types: the shape of what it returns
// (prom2json's), for the metrics specs and journeys.
declare module 'parse-prometheus-text-format' {
	export interface PrometheusSample {
		labels?: Record<string, string>;
		/** Counters, gauges and untyped samples. */
		value?: string;
		/** Histograms: upper bound ("0.5", "+Inf") -> cumulative count. */
		buckets?: Record<string, string>;
		/** Summaries: quantile -> value. */
		quantiles?: Record<string, string>;
		/** Histograms and summaries. */
		count?: string;
		sum?: string;
	}

	export interface PrometheusFamily {
		name: string;
		help: string;
		type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
		metrics: PrometheusSample[];
	}

	/** Parses the text format; throws on a line it cannot read. */
	export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
