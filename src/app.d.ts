// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from '#lib/server/auth/types.js';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in facilitator, lead or admin (cookie or API token), if any. */
			user: User | null;
		}
		interface Error {
			message: string;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
