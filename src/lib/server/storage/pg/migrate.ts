/**
 * The PostgreSQL schema's migrations: versioned SQL files (migrations/NNN_name.sql), applied in
 * order, each recorded in `schema_migrations`. They run when the app starts (the storage runs them
 * before its first query) and with `npm run migrate`. All pending ones go in one transaction under
 * an advisory lock, so two instances starting together apply each once, and a failed one leaves
 * the schema as it was.
 *
 * This module imports nothing of the app (only `pg` and Node), so that `scripts/migrate.ts` runs
 * it with plain Node: the app passes the files bundled (`bundledMigrations`), the script reads
 * them from the folder (`readMigrations`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

/** The lock every migration run takes (any constant; `pg_advisory_xact_lock` wants a bigint). */
const MIGRATION_LOCK = 7_391_205_114;

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Migrations from `{ 'path/001_init.sql': text }`, in version order; a misnamed file throws. */
export function migrationsFrom(files: Record<string, string>): Migration[] {
	const list = Object.entries(files).map(([path, sql]) => {
		const name = path.split('/').at(-1)!;
		const match = FILE.exec(name);
		if (!match) throw new Error(`migration file ${name} is not named NNN_name.sql`);
		return { version: Number(match[1]), name: match[2], sql };
	});
	list.sort((a, b) => a.version - b.version);
	list.forEach((m, i) => {
		if (m.version !== i + 1) throw new Error(`migration ${i + 1} is missing (found ${m.version})`);
	});
	return list;
}

/** The migrations in a folder of SQL files (the script's way; the app bundles them). */
export function readMigrations(dir: string): Migration[] {
	const names = readdirSync(dir).filter((n) => n.endsWith('.sql'));
	return migrationsFrom(
		Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]))
	);
}

/**
 * Applies the migrations the database has not had yet; resolves with their versions. Refuses a
 * database migrated further than `migrations` go (a newer Sandtable wrote it).
 */
export async function migrate(pool: Pool, migrations: Migration[]): Promise<number[]> {
	const client: PoolClient = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
		await client.query(
			`CREATE TABLE IF NOT EXISTS schema_migrations (
				version integer PRIMARY KEY,
				name text NOT NULL,
				applied_at timestamptz NOT NULL DEFAULT now()
			)`
		);
		const { rows } = await client.query<{ version: number }>(
			'SELECT version FROM schema_migrations ORDER BY version'
		);
		const done = new Set(rows.map((r) => r.version));
		const latest = migrations.at(-1)?.version ?? 0;
		const ahead = rows.find((r) => r.version > latest);
		if (ahead) {
			throw new Error(
				`the database has schema version ${ahead.version}, newer than this Sandtable knows (${latest}): ` +
					'run the Sandtable version that migrated it, or restore a backup'
			);
		}
		const applied: number[] = [];
		for (const m of migrations) {
			if (done.has(m.version)) continue;
			await client.query(m.sql);
			await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
				m.version,
				m.name
			]);
			applied.push(m.version);
		}
		await client.query('COMMIT');
		return applied;
	} catch (e) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw e;
	} finally {
		client.release();
	}
}
