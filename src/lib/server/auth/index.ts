/**
 * The app's AuthService over the app's account store, opened once per process, and the
 * unattended first-admin bootstrap.
 */
import { storage } from '../app-storage';
import { AuthService } from './service';
import type { User } from './types';

let service: Promise<AuthService> | undefined;

/** The shared AuthService; a corrupt accounts file rejects with DataFileError (and is retried). */
export function getAuth(): Promise<AuthService> {
	service ??= storage.accounts.open().then(
		() => new AuthService(storage.accounts),
		(e: unknown) => {
			// Do not cache the failure: once an operator restores the file, the next request works.
			service = undefined;
			throw e;
		}
	);
	return service;
}

/**
 * Creates the first admin from SANDTABLE_ADMIN_EMAIL + SANDTABLE_ADMIN_PASSWORD (+ optional
 * SANDTABLE_ADMIN_NAME) when no user exists yet; returns the new admin, or null when the
 * variables are unset or users already exist. Throws when the variables are set but unusable.
 */
export async function bootstrapAdminFromEnv(
	env: Record<string, string | undefined> = process.env,
	auth?: AuthService
): Promise<User | null> {
	const email = env.SANDTABLE_ADMIN_EMAIL?.trim();
	const password = env.SANDTABLE_ADMIN_PASSWORD;
	if (!email && !password) return null;
	if (!email || !password) {
		throw new Error('Set both SANDTABLE_ADMIN_EMAIL and SANDTABLE_ADMIN_PASSWORD (or neither).');
	}
	const service = auth ?? (await getAuth());
	if (await service.hasUsers()) return null;
	const name = env.SANDTABLE_ADMIN_NAME?.trim() || 'Administrator';
	try {
		return await service.setupFirstAdmin({ email, name, password });
	} catch (e) {
		throw new Error(`Cannot create the admin from SANDTABLE_ADMIN_*: ${(e as Error).message}`, {
			cause: e
		});
	}
}
