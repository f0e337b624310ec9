/**
 * The OpenID Connect providers staff may sign in with, read from OIDC_PROVIDERS (a JSON array),
 * and the rules that turn a provider's claims into a Sandtable role. Pure: docs/sso.md explains
 * each field with examples for Entra ID, Okta, Google and Keycloak.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../types';

/** Highest first: a person in several mapped groups gets the highest of their roles. */
const RANK: readonly Role[] = ['admin', 'lead', 'facilitator'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const providerSchema = z
	.object({
		id: z
			.string()
			.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and dashes (at most 32)'),
		name: z.string().trim().min(1).max(60),
		issuer: z.url({ protocol: /^https?$/ }),
		clientId: z.string().trim().min(1),
		clientSecret: z.string().min(1).optional(),
		scopes: z
			.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope has no spaces or quotes'))
			.refine((s) => s.includes('openid'), 'must include openid')
			.default(['openid', 'email', 'profile']),
		roleClaim: z.string().trim().min(1).default('groups'),
		roles: z.record(z.string().min(1), z.enum(ROLES)).default({}),
		defaultRole: z.enum(ROLES).nullable().default(null),
		emailDomains: z
			.array(
				z
					.string()
					.trim()
					.toLowerCase()
					.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain name')
			)
			.min(1)
			.optional(),
		trustEmail: z.boolean().default(false)
	})
	.strict()
	.refine((p) => Object.keys(p.roles).length > 0 || p.defaultRole !== null, {
		message: 'give roles (claim value to role) or a defaultRole, or nobody could sign in',
		path: ['roles']
	});

export type OidcProvider = z.output<typeof providerSchema> & {
	/** True for a loopback http issuer allowed by OIDC_ALLOW_INSECURE_LOOPBACK=1 (tests). */
	insecure: boolean;
};

/** A bad OIDC_PROVIDERS value: the message names the variable, the provider and the field. */
function invalid(detail: string): Error {
	return new Error(`Invalid environment: OIDC_PROVIDERS: ${detail}`);
}

/**
 * The providers in OIDC_PROVIDERS (none when unset); throws naming the variable and the field
 * when the value is not usable. An http issuer is refused unless it is on loopback and
 * `allowInsecureLoopback` is set (OIDC_ALLOW_INSECURE_LOOPBACK=1, for tests only).
 */
export function parseOidcProviders(
	value: string | undefined,
	allowInsecureLoopback = false
): OidcProvider[] {
	if (!value?.trim()) return [];
	let json: unknown;
	try {
		json = JSON.parse(value);
	} catch (e) {
		throw invalid(`not valid JSON (${(e as Error).message})`);
	}
	const parsed = z.array(providerSchema).min(1).safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const [index, ...field] = issue.path;
		const where =
			typeof index === 'number'
				? `provider ${index + 1}${field.length ? ` field ${field.join('.')}` : ''}`
				: 'the value';
		throw invalid(`${where}: ${issue.message}`);
	}
	const seen = new Set<string>();
	return parsed.data.map((p) => {
		if (seen.has(p.id)) throw invalid(`two providers have the id ${p.id}`);
		seen.add(p.id);
		const url = new URL(p.issuer);
		const insecure = url.protocol === 'http:';
		if (insecure && !(allowInsecureLoopback && LOOPBACK_HOSTS.has(url.hostname))) {
			throw invalid(
				`provider ${p.id}: the issuer must be https (http only on loopback with OIDC_ALLOW_INSECURE_LOOPBACK=1)`
			);
		}
		return { ...p, insecure };
	});
}

/** The value at a dotted path of the claims (`realm_access.roles`), or undefined. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
	if (path in claims) return claims[path];
	let at: unknown = claims;
	for (const key of path.split('.')) {
		if (!at || typeof at !== 'object' || Array.isArray(at)) return undefined;
		at = (at as Record<string, unknown>)[key];
	}
	return at;
}

/** The claim's values as strings: one string, or the strings of an array. */
function claimValues(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	return [];
}

/**
 * The role the provider's claims give: the highest role any value of `roleClaim` maps to, else
 * `defaultRole`, else null (the person may not sign in).
 */
export function roleFromClaims(
	provider: Pick<OidcProvider, 'roleClaim' | 'roles' | 'defaultRole'>,
	claims: Record<string, unknown>
): Role | null {
	const mapped = new Set(
		claimValues(claimAt(claims, provider.roleClaim))
			.filter((v) => Object.hasOwn(provider.roles, v))
			.map((v) => provider.roles[v])
	);
	return RANK.find((r) => mapped.has(r)) ?? provider.defaultRole;
}

/** True when the provider takes any email, or `email` is at one of its domains. */
export function emailDomainAllowed(
	provider: Pick<OidcProvider, 'emailDomains'>,
	email: string
): boolean {
	if (!provider.emailDomains) return true;
	const domain = email.toLowerCase().split('@').pop() ?? '';
	return provider.emailDomains.includes(domain);
}
