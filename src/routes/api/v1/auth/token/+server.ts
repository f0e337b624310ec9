import { json } from '@sveltejs/kit';
import { getAuth } from '#lib/server/auth/index.js';
import { tokenRequestSchema } from '#lib/server/auth/schemas.js';
import { BAD_CREDENTIALS, signIn } from '#lib/server/auth/sign-in.js';
import { jsonError, readJson } from '#lib/server/http.js';
import { tooManyAttemptsMessage } from '#lib/server/rate-limit.js';
import type { RequestHandler } from './$types';

/** Exchanges an email and password for a new API token (scripts, CI), shown only in this answer. */
export const POST: RequestHandler = async (event) => {
	const { email, password, name } = await readJson(event.request, tokenRequestSchema);
	const auth = await getAuth();
	const result = await signIn(auth, email, password, event.getClientAddress());
	if (!result.ok) {
		if (result.reason === 'invalid') return jsonError(401, BAD_CREDENTIALS);
		const wait = result.retryAfterSeconds;
		return jsonError(429, tooManyAttemptsMessage(wait), { 'retry-after': String(wait) });
	}
	try {
		const { token } = await auth.issueApiToken(result.user.id, name);
		return json({ token }, { status: 201, headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof Error && e.name === 'AccountError') return jsonError(409, e.message);
		throw e;
	}
};
