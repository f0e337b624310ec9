import { requireUserOrRedirect } from '#lib/server/auth/guard.js';
import { installationKey } from '#lib/server/evidence/installation.js';
import { KEY_FILE, RETIRED_DIR } from '#lib/server/evidence/key.js';
import type { PageServerLoad } from './$types';

/** The record-signing key's public half, for admins to hand to auditors (never the private key). */
export const load = ((event) => {
	requireUserOrRedirect(event, 'admin');
	const { publicKey, retired } = installationKey();
	return {
		publicKey: publicKey.pem,
		fingerprint: publicKey.fingerprint,
		file: KEY_FILE,
		retiredDir: RETIRED_DIR,
		retired: Object.keys(retired)
	};
}) satisfies PageServerLoad;
