/**
 * Where the app keeps its data and finds its scenarios, read once from the environment with the
 * schemas of src/env.ts (the same ones SvelteKit validates at start); see the README's
 * configuration table.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { environment } from '../../env';
import { parseOidcProviders } from './auth/oidc/config';

const schema = z.object(environment);

/** The validated environment, or an error naming every variable that is wrong. */
export function readEnvironment(
	source: Record<string, string | undefined>
): z.output<typeof schema> {
	const parsed = schema.safeParse(source);
	if (parsed.success) return parsed.data;
	const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
	throw new Error(`Invalid environment: ${problems.join('. ')}`);
}

const env = readEnvironment(process.env);

/** The data folder: accounts, sessions, uploaded scenarios, the IR plan. */
export const DATA_DIR = resolve(env.DATA_DIR ?? 'data');

/**
 * The PostgreSQL database that holds the stores instead of the data folder, or null (the data
 * folder). Uploaded scenarios and the installation's signing key stay in DATA_DIR either way.
 */
export const DATABASE_URL = env.DATABASE_URL ?? null;

/** The bundled scenarios shipped with the app. */
export const SCENARIOS_DIR = resolve(env.SCENARIOS_DIR ?? 'scenarios');

/** True when cookies must be marked Secure (the app is served over https). */
export const SECURE_COOKIES =
	env.ORIGIN?.startsWith('https://') === true || env.SECURE_COOKIES === '1';

/** Longest a scenario upload's check may take; the bundled ones need about 2 s on a busy machine. */
export const CHECK_TIMEOUT_MS = env.SCENARIO_CHECK_TIMEOUT_MS ?? 20_000;

/** Largest JSON or form body accepted by the API and form actions, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The least severe log lines written (pino's levels). */
export const LOG_LEVEL = env.LOG_LEVEL ?? 'info';

/** The secret a scraper must send to read /metrics; unset, only loopback requests may. */
export const METRICS_TOKEN = env.METRICS_TOKEN;

/**
 * Where improvement-item events go, and the secret that signs them; null when no URL is set. A
 * URL without a secret stops the start: unsigned deliveries could be forged by anyone.
 */
export const IMPROVEMENT_WEBHOOK = webhookConfig(env);

/** The webhook settings of a validated environment; exported for tests. */
export function webhookConfig(e: z.output<typeof schema>): {
	url: string;
	secret: string;
	retryBaseMs: number;
} | null {
	if (!e.IMPROVEMENT_WEBHOOK_URL) return null;
	if (!e.IMPROVEMENT_WEBHOOK_SECRET)
		throw new Error(
			'Invalid environment: IMPROVEMENT_WEBHOOK_SECRET: needed with IMPROVEMENT_WEBHOOK_URL (at least 16 characters).'
		);
	return {
		url: e.IMPROVEMENT_WEBHOOK_URL,
		secret: e.IMPROVEMENT_WEBHOOK_SECRET,
		retryBaseMs: e.IMPROVEMENT_WEBHOOK_RETRY_BASE_MS ?? 20_000
	};
}

/** A file of standards to use instead of the bundled compliance catalogue, if set. */
export const COMPLIANCE_CATALOGUE = env.COMPLIANCE_CATALOGUE
	? resolve(env.COMPLIANCE_CATALOGUE)
	: null;

/** True when every staff account must have two-factor sign-in (REQUIRE_MFA=1). */
export const REQUIRE_MFA = env.REQUIRE_MFA === '1';

/** Days after its end when an ended session is anonymised (issue 17); null keeps sessions as they are. */
export const RETENTION_DAYS: number | null = env.RETENTION_DAYS ?? null;

/** How often the retention sweep runs (ms). */
export const RETENTION_SWEEP_MS = env.RETENTION_SWEEP_MS ?? 3_600_000;

/** The OpenID Connect providers from OIDC_PROVIDERS; a bad value stops the start naming it. */
export const OIDC_PROVIDERS = parseOidcProviders(
	env.OIDC_PROVIDERS,
	env.OIDC_ALLOW_INSECURE_LOOPBACK === '1'
);

/** False when PASSWORD_SIGN_IN=off: staff sign in only through an OpenID provider. */
export const PASSWORD_SIGN_IN = passwordSignIn(env.PASSWORD_SIGN_IN, OIDC_PROVIDERS.length);

/** Whether password sign-in is on; off without any provider would lock every account out. */
export function passwordSignIn(value: string | undefined, providers: number): boolean {
	if (value !== 'off') return true;
	if (providers === 0)
		throw new Error(
			'Invalid environment: PASSWORD_SIGN_IN: off needs OIDC_PROVIDERS, or nobody could sign in.'
		);
	return false;
}
