/**
 * The connection pool every PostgreSQL store shares, and the two ways they use it: a single
 * statement, or a transaction. Both wait for the migrations to have run (once per process; a
 * failed run is tried again on the next query), so the schema is up to date before the first
 * read or write.
 */
import pg from 'pg';
import { migrate, migrationsFrom, type Migration } from './migrate';
import { log } from '../../log';
import { StorageUnavailableError, UnstorableInputError } from '../errors';

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

/** Node's codes for a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN'
]);
/** PostgreSQL's: admin, crash or fast shutdown, the server starting up (class 08 is matched too). */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);
/** What node-postgres says, without a code, when it lost or could not open a connection. */
const CONNECTION_MESSAGES =
	/Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client has encountered a connection error/i;

/** True when `e` says the database could not be reached or the connection to it was lost. */
export function isConnectionError(e: unknown): boolean {
	for (let cause = e, depth = 0; cause instanceof Error && depth < 5; depth++) {
		const code = (cause as { code?: unknown }).code;
		if (typeof code === 'string') {
			if (CONNECTION_CODES.has(code) || SERVER_GONE.has(code) || /^08/.test(code)) return true;
		}
		if (CONNECTION_MESSAGES.test(cause.message)) return true;
		cause = cause.cause;
	}
	return false;
}

/** PostgreSQL's codes for a NUL character in text (22021) or in JSON (22P05). */
const UNSTORABLE_CODES = new Set(['22021', '22P05']);

/**
 * The error a store passes on: a lost or refused connection becomes StorageUnavailableError (503,
 * try again), a NUL character UnstorableInputError (400); anything else is left as it is.
 */
export function storageError(e: unknown): unknown {
	if (e instanceof StorageUnavailableError || e instanceof UnstorableInputError) return e;
	const code = (e as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && UNSTORABLE_CODES.has(code)) {
		return new UnstorableInputError('PostgreSQL cannot store a NUL character in text', {
			cause: e,
			code
		});
	}
	if (isConnectionError(e)) {
		return new StorageUnavailableError(
			`the database cannot be reached (${typeof code === 'string' ? code : (e as Error).message})`,
			{ cause: e, code: typeof code === 'string' ? code : 'ECONNLOST' }
		);
	}
	return e;
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
				const code = (e as { code?: unknown }).code;
				if (isConnectionError(e)) {
					throw new StorageUnavailableError(error.message, {
						cause: e,
						code: typeof code === 'string' ? code : 'ECONNLOST'
					});
				}
				throw Object.assign(error, { code });
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
		try {
			return await this.pool.query<R>(sql, params);
		} catch (e) {
			throw storageError(e);
		}
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
		let client: pg.PoolClient;
		try {
			client = await this.pool.connect();
		} catch (e) {
			throw storageError(e);
		}
		// A connection lost while checked out emits 'error' (and fails the query under way): it is
		// destroyed on release instead of going back to the pool, and never crashes the process.
		let lost: Error | undefined;
		const onLost = (err: Error) => (lost = err);
		client.on('error', onLost);
		try {
			await client.query(
				options.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN'
			);
			const result = await work(client);
			await client.query('COMMIT');
			return result;
		} catch (e) {
			if (isConnectionError(e)) lost ??= e as Error;
			// Without COMMIT nothing of the transaction is kept, whether ROLLBACK reaches the server or not.
			if (!lost) await client.query('ROLLBACK').catch((err: Error) => (lost = err));
			throw storageError(e);
		} finally {
			// A lost client keeps the listener: it may still report its end while being destroyed.
			if (!lost) client.removeListener('error', onLost);
			client.release(lost);
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
