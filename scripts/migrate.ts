/**
 * Brings the PostgreSQL schema up to date: `npm run migrate` (the database from $DATABASE_URL, or
 * `-- --url postgres://…`). The app runs the same migrations when it starts; this is for doing it
 * ahead of a deployment, or to check that a database is current. Runs on plain Node (type
 * stripping), without the dev packages: it loads only the migrator and its SQL files.
 */
import pg from 'pg';

type Migrator = typeof import('../src/lib/server/storage/pg/migrate');

const migrations = new URL('../src/lib/server/storage/pg/migrations/', import.meta.url);

async function main(argv: string[]): Promise<number> {
	const i = argv.indexOf('--url');
	const url = i >= 0 ? argv[i + 1] : process.env.DATABASE_URL;
	if (!url || (i < 0 && argv.length > 0)) {
		console.error(
			'usage: DATABASE_URL=postgres://… npm run migrate   (or: npm run migrate -- --url postgres://…)'
		);
		return 2;
	}
	const { migrate, readMigrations } = (await import(
		new URL('../src/lib/server/storage/pg/migrate.ts', import.meta.url).href
	)) as Migrator;
	const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
	try {
		const known = readMigrations(migrations.pathname);
		const applied = await migrate(pool, known);
		const latest = known.at(-1)?.version ?? 0;
		console.log(
			applied.length > 0
				? `Applied migration${applied.length > 1 ? 's' : ''} ${applied.join(', ')}: the schema is at version ${latest}.`
				: `Nothing to do: the schema is at version ${latest}.`
		);
		return 0;
	} catch (e) {
		console.error(`migrate failed: ${(e as Error).message}`);
		return 1;
	} finally {
		await pool.end();
	}
}

process.exitCode = await main(process.argv.slice(2));
