// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from '#lib/server/auth/types.js';
import type { Logger } from '#lib/server/log.js';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in facilitator, lead or admin (cookie or API token), if any. */
			user: User | null;
			/** This request's id (X-Request-Id), written with every error it causes. */
			requestId?: string;
			/** Who a sign-in without a form was for (the OpenID callback), for its audit entry. */
			signInEmail?: string;
			/** The log for this request: every line carries its id (set in request-id.ts). */
			log?: Logger;
		}
		interface Error {
			message: string;
			/** The request's id, for an unexpected error a person reports. */
			requestId?: string;
			/** The log for this request: every line carries its id (set in request-id.ts). */
			log?: Logger;
		}
		interface PageData {
			/** The page fills the screen without the site header (the big screen for a projector). */
			bare?: boolean;
		}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
