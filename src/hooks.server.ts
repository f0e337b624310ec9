import { sequence } from '@sveltejs/kit/hooks';
import type { ServerInit } from '@sveltejs/kit/hooks';
import { auditHandle } from '#lib/server/audit/handle.js';
import { authHandle } from '#lib/server/auth/handle.js';
import { bootstrapAdminFromEnv, getAuth } from '#lib/server/auth/index.js';
import { csrfGuard } from '#lib/server/csrf.js';
import { requestId } from '#lib/server/request-id.js';
import { apiErrors } from '#lib/server/http.js';
import { securityHeaders } from '#lib/server/security-headers.js';
import { startApp } from '#lib/server/app.js';

/**
 * Runs once before the first request: opens the data files (a corrupt one stops the start with
 * its name and the reason), creates the first admin from the environment if asked to, brings
 * every unfinished session back on its clock and repairs missing session summaries.
 */
export const init: ServerInit = async () => {
	await getAuth();
	await bootstrapAdminFromEnv();
	await startApp();
};

export const handle = sequence(
	requestId,
	securityHeaders,
	csrfGuard,
	apiErrors,
	authHandle,
	auditHandle
);

export { handleError } from '#lib/server/request-id.js';
