import { metricsResponse } from '#lib/server/operations.js';
import type { RequestHandler } from './$types';

/**
 * Prometheus metrics, in the text format: for a scraper with METRICS_TOKEN, or from this machine
 * when none is set (see #lib/server/operations.ts).
 */
export const GET: RequestHandler = ({ request, getClientAddress }) =>
	metricsResponse(request, getClientAddress);
