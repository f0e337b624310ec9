// The parts of autocannon 9's programmatic API the load generator uses (it ships no types).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	interface RequestSpec {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string | Buffer;
		setupRequest?: (request: RequestSpec, context: Record<string, unknown>) => RequestSpec;
	}

	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		amount?: number;
		overallRate?: number;
		timeout?: number;
		method?: string;
		headers?: Record<string, string>;
		body?: string;
		requests?: RequestSpec[];
	}

	interface Result {
		requests: { total: number; average: number };
		duration: number;
		errors: number;
		timeouts: number;
		non2xx: number;
		statusCodeStats: Record<string, { count: number }>;
	}

	interface Instance extends EventEmitter, PromiseLike<Result> {
		stop(): void;
	}

	function autocannon(options: Options): Instance;
	export default autocannon;
}
