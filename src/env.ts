/**
 * Every environment variable Sandtable reads, declared and validated in one place. SvelteKit
 * validates them when the server starts (a wrong value stops the start with the variable's name
 * and the problem); `#lib/server/config.ts` parses `process.env` with the same schemas, so unit
 * tests and scripts see the same rules. adapter-node's own variables (PORT, HOST,
 * BODY_SIZE_LIMIT, PROTOCOL_HEADER...) are read by adapter-node; the README lists them all.
 */
import { defineEnvVars } from '@sveltejs/kit/env';
import { z } from 'zod';

const optionalText = z.string().trim().min(1).optional();

/** The schema of each variable, its description for editors and the README. */
export const environment = {
	DATA_DIR: optionalText.describe(
		'The data folder: accounts, sessions, uploaded scenarios, the IR plan (default ./data).'
	),
	DATABASE_URL: z
		.string()
		.trim()
		.regex(/^postgres(ql)?:\/\//, 'a postgres:// connection URL')
		.optional()
		.describe(
			'Keep accounts, sessions, the plan and the rest in PostgreSQL (postgres://user:password@host:5432/db) instead of the data folder.'
		),
	SCENARIOS_DIR: optionalText.describe('The bundled scenario files (default ./scenarios).'),
	ORIGIN: z
		.url({ protocol: /^https?$/ })
		.optional()
		.describe('The public URL (e.g. https://sandtable.example.org); https marks cookies Secure.'),
	SECURE_COOKIES: z
		.enum(['0', '1'])
		.optional()
		.describe('Set to 1 to mark cookies Secure when TLS ends at a proxy and ORIGIN is unset.'),
	SANDTABLE_ADMIN_EMAIL: optionalText.describe(
		'Creates the first admin at start when no account exists (with the password).'
	),
	SANDTABLE_ADMIN_PASSWORD: z
		.string()
		.optional()
		.describe('The first admin’s password, with SANDTABLE_ADMIN_EMAIL.'),
	SANDTABLE_ADMIN_NAME: optionalText.describe(
		'The first admin’s display name (default Administrator).'
	),
	SCENARIO_CHECK_TIMEOUT_MS: z
		.string()
		.regex(/^\d+$/, 'a whole number of milliseconds')
		.transform(Number)
		.pipe(z.number().min(100).max(600_000))
		.optional()
		.describe('Longest a scenario upload’s check may take, in ms (default 20000).'),
	LOG_LEVEL: z
		.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
		.optional()
		.describe('The least severe log lines written to stdout (default info).'),
	REQUIRE_MFA: z
		.enum(['0', '1'])
		.optional()
		.describe(
			'Set to 1 to require two-factor sign-in (TOTP) of every staff account: those without are sent to enrol first.'
		),
	METRICS_TOKEN: z
		.string()
		.trim()
		.min(16, 'at least 16 characters')
		.optional()
		.describe(
			'A secret Prometheus sends as `Authorization: Bearer …` to scrape /metrics; unset, only loopback may.'
		),
	IMPROVEMENT_WEBHOOK_URL: z
		.url({ protocol: /^https?$/ })
		.optional()
		.describe(
			'Where improvement-item events are POSTed as signed JSON (created, reviewed, status changed); unset, none are sent.'
		),
	IMPROVEMENT_WEBHOOK_SECRET: z
		.string()
		.trim()
		.min(16, 'at least 16 characters')
		.optional()
		.describe(
			'The shared secret that signs each webhook delivery (Sandtable-Signature header); needed with IMPROVEMENT_WEBHOOK_URL.'
		),
	IMPROVEMENT_WEBHOOK_RETRY_BASE_MS: z
		.string()
		.regex(/^\d+$/, 'a whole number of milliseconds')
		.transform(Number)
		.pipe(z.number().min(100).max(600_000))
		.optional()
		.describe(
			'The wait before the first retry of a failed webhook delivery, doubled for each next one (default 20000: 6 attempts over about 10 minutes).'
		),
	RETENTION_DAYS: z
		.string()
		.regex(/^\d+$/, 'a whole number of days')
		.transform(Number)
		.pipe(z.number().min(0).max(36_500))
		.optional()
		.describe(
			'Ended sessions older than this many days (since they ended) are anonymised automatically; unset, they are kept as they are. 0 anonymises each at the next sweep.'
		),
	RETENTION_SWEEP_MS: z
		.string()
		.regex(/^\d+$/, 'a whole number of milliseconds')
		.transform(Number)
		.pipe(z.number().min(1_000).max(86_400_000))
		.optional()
		.describe(
			'How often the retention sweep runs, in ms (default 3600000: hourly, and once at start); tests set it short.'
		),
	OIDC_PROVIDERS: optionalText.describe(
		'A JSON array of OpenID Connect providers staff may sign in with (id, name, issuer, clientId, clientSecret, roleClaim, roles...); see docs/sso.md.'
	),
	OIDC_ALLOW_INSECURE_LOOPBACK: z
		.enum(['0', '1'])
		.optional()
		.describe(
			'Set to 1 to allow an http OpenID provider on 127.0.0.1/localhost (tests and local trials only).'
		),
	PASSWORD_SIGN_IN: z
		.enum(['on', 'off'])
		.optional()
		.describe(
			'Set to off to refuse email + password sign-in (staff use SSO); on again is the break-glass (default on).'
		),
	COMPLIANCE_CATALOGUE: optionalText.describe(
		'A YAML or JSON file of standards and requirements to use instead of the bundled catalogue on the compliance page.'
	)
};

type Declarations = {
	[K in keyof typeof environment]: { schema: (typeof environment)[K]; description: string };
};

export const variables = defineEnvVars(
	Object.fromEntries(
		Object.entries(environment).map(([name, schema]) => [
			name,
			{ schema, description: schema.description ?? name }
		])
	) as Declarations
);
