/**
 * The authorization code flow with PKCE against an OpenID provider (openid-client): the
 * redirect that starts it, and the callback that checks state, nonce and the ID token and turns
 * the provider's claims into an OidcSignIn for the AuthService.
 */
import * as client from 'openid-client';
import { z } from 'zod';
import { log } from '../../log';
import type { OidcSignIn } from '../service';
import { emailDomainAllowed, roleFromClaims, type OidcProvider } from './config';

/** What the browser keeps (in a short-lived httpOnly cookie) between the start and the callback. */
export interface OidcTransaction {
	provider: string;
	verifier: string;
	state: string;
	nonce: string;
	/** Where to go once signed in (already made safe). */
	next: string;
}

const transactionSchema = z.object({
	provider: z.string(),
	verifier: z.string().min(43),
	state: z.string().min(1),
	nonce: z.string().min(1),
	next: z.string()
});

/** The transaction a cookie held, or null when it is missing or not one. */
export function readTransaction(value: unknown): OidcTransaction | null {
	const parsed = transactionSchema.safeParse(value);
	return parsed.success ? parsed.data : null;
}

/** A sign-in the provider or the rules refused, with the sentence to show. */
export class OidcSignInError extends Error {
	constructor(
		message: string,
		/** The email the provider gave, when it got that far (for the audit entry). */
		readonly email?: string
	) {
		super(message);
		this.name = 'OidcSignInError';
	}
}

const configurations = new Map<string, Promise<client.Configuration>>();

/** The provider's discovered configuration, fetched once per process (a failure is retried). */
function configuration(provider: OidcProvider): Promise<client.Configuration> {
	let found = configurations.get(provider.id);
	if (!found) {
		const auth = provider.clientSecret
			? client.ClientSecretBasic(provider.clientSecret)
			: client.None();
		found = client
			.discovery(new URL(provider.issuer), provider.clientId, undefined, auth, {
				// Only for a loopback http issuer that OIDC_ALLOW_INSECURE_LOOPBACK=1 allowed.
				execute: provider.insecure ? [client.allowInsecureRequests] : [],
				timeout: 10
			})
			.catch((e: unknown) => {
				configurations.delete(provider.id);
				log.error({ err: e, provider: provider.id }, 'OpenID discovery failed');
				throw new OidcSignInError(
					`${provider.name} cannot be reached right now. Try again in a moment.`
				);
			});
		configurations.set(provider.id, found);
	}
	return found;
}

/** The provider's sign-in page to send the browser to, and what to remember until it returns. */
export async function startOidc(
	provider: OidcProvider,
	redirectUri: string,
	next: string
): Promise<{ url: URL; transaction: OidcTransaction }> {
	const config = await configuration(provider);
	const verifier = client.randomPKCECodeVerifier();
	const state = client.randomState();
	const nonce = client.randomNonce();
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: redirectUri,
		scope: provider.scopes.join(' '),
		code_challenge: await client.calculatePKCECodeChallenge(verifier),
		code_challenge_method: 'S256',
		state,
		nonce
	});
	return { url, transaction: { provider: provider.id, verifier, state, nonce, next } };
}

/**
 * Finishes the flow at the callback URL: exchanges the code (checking state, PKCE and the ID
 * token's nonce, issuer, audience and signature), reads the claims (the ID token's, completed by
 * the userinfo endpoint when the role claim or email is not in it) and applies the provider's
 * rules. Throws OidcSignInError with a sentence for the person.
 */
export async function finishOidc(
	provider: OidcProvider,
	callbackUrl: URL,
	transaction: OidcTransaction
): Promise<OidcSignIn> {
	const config = await configuration(provider);
	let claims: Record<string, unknown>;
	let issuer: string;
	try {
		const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
			pkceCodeVerifier: transaction.verifier,
			expectedState: transaction.state,
			expectedNonce: transaction.nonce,
			idTokenExpected: true
		});
		const idToken = tokens.claims()!;
		issuer = idToken.iss;
		claims = { ...idToken };
		const missing = !('email' in claims) || !(provider.roleClaim.split('.')[0] in claims);
		if (missing && config.serverMetadata().userinfo_endpoint) {
			const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
			// The ID token's claims win; userinfo fills in those it lacks.
			claims = { ...info, ...idToken };
		}
	} catch (e) {
		log.warn({ err: e, provider: provider.id }, 'OpenID sign-in refused');
		if (e instanceof client.AuthorizationResponseError) {
			throw new OidcSignInError(`${provider.name} did not sign you in (${e.error}).`);
		}
		throw new OidcSignInError(
			`The answer from ${provider.name} could not be checked. Start the sign-in again.`
		);
	}
	const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
	if (!email.includes('@')) {
		throw new OidcSignInError(`${provider.name} did not give your email address.`);
	}
	if (!emailDomainAllowed(provider, email)) {
		throw new OidcSignInError(`Accounts at ${email.split('@')[1]} cannot sign in here.`, email);
	}
	const role = roleFromClaims(provider, claims);
	if (!role) {
		throw new OidcSignInError(
			`Your ${provider.name} account is in no group that has a Sandtable role. Ask your administrator to add you to one.`,
			email
		);
	}
	return {
		issuer,
		subject: String(claims.sub),
		email,
		emailVerified: claims.email_verified === true || provider.trustEmail,
		name: typeof claims.name === 'string' ? claims.name : '',
		role
	};
}
