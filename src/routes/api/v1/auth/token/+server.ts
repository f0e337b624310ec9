import { json } from '@sveltejs/kit';
import { getAuth } from '#lib/server/auth/index.js';
import { tokenRequestSchema } from '#lib/server/auth/schemas.js';
import {
	BAD_CODE,
	BAD_CREDENTIALS,
	checkSecondFactor,
	signIn,
	type SignInResult
} from '#lib/server/auth/sign-in.js';
import { PASSWORD_SIGN_IN, REQUIRE_MFA } from '#lib/server/config.js';
import { jsonError, readJson } from '#lib/server/http.js';
import { tooManyAttemptsMessage } from '#lib/server/rate-limit.js';
import type { RequestHandler } from './$types';

/** Says that a code is needed, so a script knows to ask its operator for one. */
const CODE_NEEDED =
	'This account uses two-factor sign-in: send the current 6-digit code (or a recovery code) as "code".';
const PASSWORD_OFF =
	'Password sign-in is turned off here: sign in through your organisation and make a token on your account page.';
const ENROL_FIRST =
	'Two-factor sign-in is required: set it up on your account page before asking for a token.';

function refusal(result: Exclude<SignInResult, { ok: true }>, invalid: string): Response {
	if (result.reason === 'invalid') return jsonError(401, invalid);
	const wait = result.retryAfterSeconds;
	return jsonError(429, tooManyAttemptsMessage(wait), { 'retry-after': String(wait) });
}

/**
 * Exchanges an email and password (and, for an account with two-factor sign-in, a current code)
 * for a new API token (scripts, CI), shown only in this answer.
 */
export const POST: RequestHandler = async (event) => {
	if (!PASSWORD_SIGN_IN) return jsonError(403, PASSWORD_OFF);
	const { email, password, name, code } = await readJson(event.request, tokenRequestSchema);
	const auth = await getAuth();
	const address = event.getClientAddress();
	const result = await signIn(auth, email, password, address);
	if (!result.ok) return refusal(result, BAD_CREDENTIALS);
	// Without this step the API would be a way round the second factor.
	if (await auth.hasMfa(result.user.id)) {
		if (!code) return jsonError(401, CODE_NEEDED);
		const second = await checkSecondFactor(auth, result.user, code, address);
		if (!second.ok) return refusal(second, BAD_CODE);
	} else if (REQUIRE_MFA) {
		return jsonError(403, ENROL_FIRST);
	}
	try {
		const { token } = await auth.issueApiToken(result.user.id, name);
		return json({ token }, { status: 201, headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof Error && e.name === 'AccountError') return jsonError(409, e.message);
		throw e;
	}
};
