import { readinessResponse } from '#lib/server/operations.js';
import type { RequestHandler } from './$types';

/**
 * Readiness for operators and load balancers: 503 with the reason while the server cannot save.
 * Open to all: it says no more than whether writes work. Liveness is /healthz.
 */
export const GET: RequestHandler = () => readinessResponse();
