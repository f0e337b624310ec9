/**
 * Copies a data folder into an empty PostgreSQL database: `npm run copy-to-postgres -- [--data
 * <data folder>] [--url postgres://…]` (defaults: $DATA_DIR or ./data, and $DATABASE_URL). Stop the
 * app first: the folder must not change while it is read. It migrates the database, refuses one
 * that already holds data, copies every store (src/lib/server/storage/copy.ts says what is not
 * copied) and prints what it copied. Then start the app with DATABASE_URL set.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyStorage } from '../src/lib/server/storage/copy';
import { openFileStorage } from '../src/lib/server/storage/file/index';
import { openPgStorage } from '../src/lib/server/storage/pg/index';
import { readMigrations } from '../src/lib/server/storage/pg/migrate';

const MIGRATIONS = fileURLToPath(
	new URL('../src/lib/server/storage/pg/migrations/', import.meta.url)
);

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
	const data = resolve(option(args, '--data') ?? process.env.DATA_DIR ?? 'data');
	const url = option(args, '--url') ?? process.env.DATABASE_URL;
	if (!url) {
		console.error('usage: npm run copy-to-postgres -- [--data <data folder>] --url postgres://…');
		return 2;
	}
	const from = openFileStorage(data);
	const to = openPgStorage({ url, migrations: () => readMigrations(MIGRATIONS) });
	try {
		await from.sessions.recover();
		const report = await copyStorage(from, to);
		console.log(`Copied ${data} into PostgreSQL:`);
		for (const [what, n] of Object.entries(report)) console.log(`  ${what}: ${n}`);
		console.log('Sign-in sessions are not copied: everyone signs in again.');
		return 0;
	} catch (e) {
		console.error(`copy-to-postgres failed: ${(e as Error).message}`);
		return 1;
	} finally {
		await to.close();
	}
}

process.exitCode = await main(process.argv.slice(2));
