import { describe, expect, it } from 'vitest';
import { readEnvironment, webhookConfig } from './config';

describe('the environment', () => {
	it('takes unset variables as their defaults and converts numbers', () => {
		const env = readEnvironment({ SCENARIO_CHECK_TIMEOUT_MS: '5000', DATA_DIR: ' /srv/data ' });
		expect(env.SCENARIO_CHECK_TIMEOUT_MS).toBe(5000);
		expect(env.DATA_DIR).toBe('/srv/data');
		expect(env.ORIGIN).toBeUndefined();
	});

	it('names every variable that is wrong in one error', () => {
		expect(() =>
			readEnvironment({
				ORIGIN: 'sandtable.example.org',
				SECURE_COOKIES: 'yes',
				SCENARIO_CHECK_TIMEOUT_MS: 'soon'
			})
		).toThrow(/ORIGIN: .*SECURE_COOKIES: .*SCENARIO_CHECK_TIMEOUT_MS: /);
	});

	it('takes a pino log level and a metrics token long enough to be a secret', () => {
		const env = readEnvironment({ LOG_LEVEL: 'debug', METRICS_TOKEN: ' a-long-metrics-token ' });
		expect(env).toMatchObject({ LOG_LEVEL: 'debug', METRICS_TOKEN: 'a-long-metrics-token' });
		expect(() => readEnvironment({ LOG_LEVEL: 'verbose', METRICS_TOKEN: 'short' })).toThrow(
			/LOG_LEVEL: .*METRICS_TOKEN: at least 16 characters/
		);
	});

	it('takes a postgres:// DATABASE_URL, and nothing else for it', () => {
		const url = 'postgres://sandtable:pw@db.internal:5432/sandtable?sslmode=require';
		expect(readEnvironment({ DATABASE_URL: ` ${url} ` }).DATABASE_URL).toBe(url);
		expect(readEnvironment({ DATABASE_URL: 'postgresql://db/s' }).DATABASE_URL).toBe(
			'postgresql://db/s'
		);
		expect(readEnvironment({}).DATABASE_URL).toBeUndefined();
		expect(() => readEnvironment({ DATABASE_URL: 'mysql://db/s' })).toThrow(
			/DATABASE_URL: a postgres:\/\/ connection URL/
		);
	});

	it('needs a secret with the webhook URL, and doubles retries from 20 s unless told', () => {
		expect(webhookConfig(readEnvironment({}))).toBeNull();
		const url = 'https://tickets.example.org/hooks/sandtable';
		expect(() => webhookConfig(readEnvironment({ IMPROVEMENT_WEBHOOK_URL: url }))).toThrow(
			/IMPROVEMENT_WEBHOOK_SECRET: needed with IMPROVEMENT_WEBHOOK_URL/
		);
		const secret = 'a-webhook-secret-of-length';
		expect(
			webhookConfig(
				readEnvironment({ IMPROVEMENT_WEBHOOK_URL: url, IMPROVEMENT_WEBHOOK_SECRET: secret })
			)
		).toEqual({ url, secret, retryBaseMs: 20_000 });
		expect(() =>
			readEnvironment({
				IMPROVEMENT_WEBHOOK_URL: 'ftp://x.example',
				IMPROVEMENT_WEBHOOK_SECRET: 'short',
				IMPROVEMENT_WEBHOOK_RETRY_BASE_MS: 'soon'
			})
		).toThrow(
			/IMPROVEMENT_WEBHOOK_URL: .*IMPROVEMENT_WEBHOOK_SECRET: at least 16 characters.*IMPROVEMENT_WEBHOOK_RETRY_BASE_MS: /
		);
	});

	it('takes REQUIRE_MFA as 0 or 1 only', () => {
		expect(readEnvironment({ REQUIRE_MFA: '1' }).REQUIRE_MFA).toBe('1');
		expect(() => readEnvironment({ REQUIRE_MFA: 'yes' })).toThrow(/REQUIRE_MFA: /);
	});
});
