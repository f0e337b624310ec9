/**
 * The connection pool every PostgreSQL store shares, and the two ways they use it: a single
 * statement, or a transaction. Both wait for the migrations to have run (once per process; a
 * failed run is tried again on the next query), so the schema is up to date before the first
 * read or write.
 */
import pg from 'pg';
import { migrate, migrationsFrom, type Migration } from './migrate';
import { log } from '../../log';

/** The SQL files of ./migrations, bundled into the app. */
export function bundledMigrations(): Migration[] {
	return migrationsFrom(
		import.meta.glob<string>('./migrations/*.sql', {
			query: '?raw',
			import: 'default',
			eager: true
		})
	);
}

/** PostgreSQL's code for a unique or primary key violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(e: unknown): boolean {
	return (e as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

export class PgDatabase {
	readonly pool: pg.Pool;
	private migrated: Promise<void> | null = null;

	/**
	 * `migrations` defaults to the bundled files; scripts run outside Vite (tsx, plain Node) pass
	 * `readMigrations(folder)` instead, as `import.meta.glob` is Vite's.
	 */
	constructor(
		private readonly url: string,
		private readonly migrations: () => Migration[] = bundledMigrations
	) {
		this.pool = new pg.Pool({
			connectionString: this.url,
			max: 10,
			// A database that does not answer fails the request (and /readyz) instead of hanging it.
			connectionTimeoutMillis: 5_000,
			idleTimeoutMillis: 30_000,
			// Idle connections do not keep the process alive: a SIGTERM'd server exits once its
			// requests are done, without waiting for them to time out.
			allowExitOnIdle: true
		});
		// An idle connection the server dropped (a restart, a failover): the pool replaces it.
		this.pool.on('error', (err) => log.warn({ err }, 'PostgreSQL connection lost'));
	}

	/**
	 * Runs the migrations once per process. Its error names the database (without a password) and
	 * keeps the error's code (ECONNREFUSED, or PostgreSQL's) for the readiness reason.
	 */
	ready(): Promise<void> {
		this.migrated ??= migrate(this.pool, this.migrations()).then(
			(applied) => {
				if (applied.length > 0) log.info({ applied }, 'PostgreSQL schema migrated');
			},
			(e: unknown) => {
				this.migrated = null;
				const error = new Error(
					`PostgreSQL at ${this.where} (DATABASE_URL) could not be used: ${(e as Error).message}`,
					{ cause: e }
				);
				throw Object.assign(error, { code: (e as { code?: unknown }).code });
			}
		);
		return this.migrated;
	}

	/** The database's address without credentials: host, port and database name. */
	get where(): string {
		try {
			const u = new URL(this.url);
			return `${u.hostname}:${u.port || 5432}${u.pathname}`;
		} catch {
			return 'the configured address';
		}
	}

	async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
		sql: string,
		params: unknown[] = []
	): Promise<pg.QueryResult<R>> {
		await this.ready();
		return this.pool.query<R>(sql, params);
	}

	/**
	 * Runs `work` in a transaction: committed when it resolves, rolled back when it throws.
	 * `snapshot` makes it a read-only one that sees one state of the database throughout, for
	 * reads that span several tables.
	 */
	async transaction<T>(
		work: (client: pg.PoolClient) => Promise<T>,
		options: { snapshot?: boolean } = {}
	): Promise<T> {
		await this.ready();
		const client = await this.pool.connect();
		try {
			await client.query(
				options.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN'
			);
			const result = await work(client);
			await client.query('COMMIT');
			return result;
		} catch (e) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw e;
		} finally {
			client.release();
		}
	}

	/** A connection of its own, outside the pool, not yet connected (the session feed's LISTEN). */
	client(): pg.Client {
		return new pg.Client({
			connectionString: this.url,
			connectionTimeoutMillis: 5_000,
			keepAlive: true
		});
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}

/**
 * Runs calls one after another in the order they were made, per key: each starts once the one
 * before it settled (resolved or rejected).
 */
export class CallOrder {
	private readonly tails = new Map<string, Promise<unknown>>();

	run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const before = this.tails.get(key) ?? Promise.resolve();
		const result = before.then(work);
		const tail = result.catch(() => undefined);
		this.tails.set(key, tail);
		void tail.then(() => {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		});
		return result;
	}

	/** Resolves once every call made so far for `key` settled. */
	async settled(key: string): Promise<void> {
		await this.tails.get(key);
	}
}
