/**
 * A real OpenID provider (`oidc-provider`, the certified Node implementation) for the journeys,
 * on a loopback port: one confidential client that must use PKCE, a few people with a `groups`
 * claim, and the provider's own development sign-in and consent pages (any password is taken),
 * which the journeys fill in with Chromium as a person would. Nothing of the protocol is faked.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { freePort } from './server';

export interface TestPerson {
	/** What to type as the login name at the provider's sign-in page. */
	login: string;
	email: string;
	name: string;
	groups: string[];
	emailVerified?: boolean;
}

export const PEOPLE = {
	lead: {
		login: 'lena',
		email: 'lena@corp.test',
		name: 'Lena Lead',
		groups: ['ir-leads', 'staff']
	},
	facilitator: {
		login: 'finn',
		email: 'finn@corp.test',
		name: 'Finn Facilitator',
		groups: ['ir-facilitators']
	},
	outsider: { login: 'otto', email: 'otto@corp.test', name: 'Otto Outsider', groups: ['sales'] }
} satisfies Record<string, TestPerson>;

export interface TestProvider {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Changes a person's groups (as an IdP admin would); the next sign-in sees them. */
	setGroups(login: string, groups: string[]): void;
	/** Adds a person who can sign in at the provider. */
	addPerson(person: TestPerson): void;
	close(): Promise<void>;
}

/** Starts the provider for an app that will listen on `appUrl`, registering its callback for `id`. */
export async function startTestProvider(
	appUrl: string,
	id = 'test',
	people: TestPerson[] = Object.values(PEOPLE)
): Promise<TestProvider> {
	const port = await freePort();
	const issuer = `http://127.0.0.1:${port}`;
	const clientId = 'sandtable';
	const clientSecret = randomBytes(24).toString('base64url');
	const accounts = new Map(people.map((p) => [p.login, { ...p }]));
	const configuration: Configuration = {
		clients: [
			{
				client_id: clientId,
				client_secret: clientSecret,
				redirect_uris: [`${appUrl}/login/oidc/${id}/callback`],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_basic'
			}
		],
		pkce: { required: () => true },
		ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
		scopes: ['openid', 'email', 'profile', 'groups'],
		claims: {
			openid: ['sub'],
			email: ['email', 'email_verified'],
			profile: ['name'],
			groups: ['groups']
		},
		cookies: { keys: [randomBytes(32).toString('hex')] },
		features: { devInteractions: { enabled: true } },
		async findAccount(_ctx, sub) {
			const person = accounts.get(sub);
			if (!person) return undefined;
			return {
				accountId: sub,
				async claims() {
					return {
						sub,
						email: person.email,
						email_verified: person.emailVerified ?? true,
						name: person.name,
						groups: person.groups
					};
				}
			};
		}
	};
	const provider = new Provider(issuer, configuration);
	const server: Server = createServer(provider.callback());
	await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
	return {
		issuer,
		clientId,
		clientSecret,
		setGroups(login, groups) {
			accounts.get(login)!.groups = groups;
		},
		addPerson(person) {
			accounts.set(person.login, { ...person });
		},
		close: () => new Promise((done) => server.close(() => done()))
	};
}

/** The OIDC_PROVIDERS value that points the app at the test provider. */
export function providerEnv(
	idp: TestProvider,
	id = 'test',
	others: object[] = []
): Record<string, string> {
	return {
		OIDC_ALLOW_INSECURE_LOOPBACK: '1',
		OIDC_PROVIDERS: JSON.stringify([
			{
				id,
				name: 'Test IdP',
				issuer: idp.issuer,
				clientId: idp.clientId,
				clientSecret: idp.clientSecret,
				scopes: ['openid', 'email', 'profile', 'groups'],
				roleClaim: 'groups',
				roles: { 'ir-leads': 'lead', 'ir-facilitators': 'facilitator', 'sandtable-admins': 'admin' }
			},
			...others
		])
	};
}
