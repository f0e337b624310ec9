import { sequence } from '@sveltejs/kit/hooks';
import type { ServerInit } from '@sveltejs/kit';
import { authHandle } from '$lib/server/auth/handle';
import { bootstrapAdminFromEnv, getAuth } from '$lib/server/auth';
import { apiErrors } from '$lib/server/http';
import { securityHeaders } from '$lib/server/security-headers';
import { hub } from '$lib/server/sessions/hub';

/**
 * Runs once before the first request: opens the data files (a corrupt one stops the start with
 * its name and the reason), creates the first admin from the environment if asked to, and brings
 * every unfinished session back on its clock.
 */
export const init: ServerInit = async () => {
	await getAuth();
	await bootstrapAdminFromEnv();
	await hub.start();
};

export const handle = sequence(securityHeaders, apiErrors, authHandle);
