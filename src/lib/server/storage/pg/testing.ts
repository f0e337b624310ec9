/**
 * For tests that need PostgreSQL: where it is (TEST_DATABASE_URL, default the CI machine's
 * postgres://postgres@127.0.0.1:5432/test), whether it answers, and a fresh schema per test so
 * tests never see each other's rows. Imports only `pg`, so journeys can use it too.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL =
	process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Null when PostgreSQL answers at TEST_DATABASE_URL, else why the tests that need it skip. */
export async function postgresUnavailable(): Promise<string | null> {
	const client = new pg.Client({
		connectionString: TEST_DATABASE_URL,
		connectionTimeoutMillis: 3_000
	});
	try {
		await client.connect();
		await client.query('SELECT 1');
		return null;
	} catch (e) {
		return `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(e as Error).message}); set TEST_DATABASE_URL or run .ci/run, which starts it`;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/** `url` with its connections' search_path set to `schema` (libpq's `options` parameter). */
export function withSchema(url: string, schema: string): string {
	const u = new URL(url);
	u.searchParams.set('options', `-c search_path=${schema}`);
	return u.toString();
}

/** A new, empty schema in the test database: its URL, and a way to drop it with all it holds. */
export async function freshSchema(): Promise<{ url: string; drop(): Promise<void> }> {
	const schema = `sandtable_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
	await admin.connect();
	try {
		await admin.query(`CREATE SCHEMA ${schema}`);
	} finally {
		await admin.end();
	}
	return {
		url: withSchema(TEST_DATABASE_URL, schema),
		async drop() {
			const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
			await client.connect();
			try {
				await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
			} finally {
				await client.end();
			}
		}
	};
}
