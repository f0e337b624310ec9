import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledMigrations } from './db';
import { migrate, migrationsFrom, readMigrations } from './migrate';
import { freshSchema, postgresUnavailable } from './testing';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`Skipping the PostgreSQL migration tests: ${unavailable}`);

describe('migration files', () => {
	it('are the same bundled into the app as read from the folder by npm run migrate', () => {
		const folder = readMigrations(fileURLToPath(new URL('./migrations/', import.meta.url)));
		expect(folder.length).toBeGreaterThan(0);
		expect(bundledMigrations()).toEqual(folder);
	});

	it('must be named NNN_name.sql and numbered without a gap', () => {
		expect(() => migrationsFrom({ 'x/init.sql': '' })).toThrow(/NNN_name\.sql/);
		expect(() => migrationsFrom({ '001_a.sql': '', '003_c.sql': '' })).toThrow(/2 is missing/);
		expect(migrationsFrom({ '002_b.sql': 'B', '001_a.sql': 'A' })).toEqual([
			{ version: 1, name: 'a', sql: 'A' },
			{ version: 2, name: 'b', sql: 'B' }
		]);
	});
});

describe.skipIf(unavailable !== null)('migrating a database', () => {
	let schema: Awaited<ReturnType<typeof freshSchema>>;
	let pools: pg.Pool[];
	const pool = () => {
		const p = new pg.Pool({ connectionString: schema.url });
		pools.push(p);
		return p;
	};
	beforeEach(async () => {
		schema = await freshSchema();
		pools = [];
	});
	afterEach(async () => {
		await Promise.all(pools.map((p) => p.end()));
		await schema.drop();
	});

	const steps = [
		{ version: 1, name: 'a', sql: 'CREATE TABLE a (n integer)' },
		{ version: 2, name: 'b', sql: 'CREATE TABLE b (n integer)' }
	];

	it('applies each migration once, also when two instances start together', async () => {
		const results = await Promise.all([migrate(pool(), steps), migrate(pool(), steps)]);
		expect(results.map((r) => r.length).sort()).toEqual([0, 2]);
		const { rows } = await pool().query('SELECT version, name FROM schema_migrations ORDER BY 1');
		expect(rows).toEqual([
			{ version: 1, name: 'a' },
			{ version: 2, name: 'b' }
		]);
		expect(await migrate(pool(), steps)).toEqual([]);
	});

	it('applies only the new ones to a database of an older version', async () => {
		expect(await migrate(pool(), steps.slice(0, 1))).toEqual([1]);
		expect(await migrate(pool(), steps)).toEqual([2]);
	});

	it('rolls back every pending migration when one fails', async () => {
		const broken = [...steps, { version: 3, name: 'c', sql: 'CREATE TABLE a (n integer)' }];
		await expect(migrate(pool(), broken)).rejects.toThrow(/already exists/);
		const { rows } = await pool().query(
			"SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('a', 'b', 'schema_migrations') AND table_schema = current_schema()"
		);
		expect(rows[0].n).toBe(0);
	});

	it('refuses a database migrated by a newer version', async () => {
		await migrate(pool(), steps);
		await expect(migrate(pool(), steps.slice(0, 1))).rejects.toThrow(
			/schema version 2, newer than this Sandtable knows \(1\)/
		);
	});
});
