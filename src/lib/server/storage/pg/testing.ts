/**
 * For tests that need PostgreSQL: where it is (TEST_DATABASE_URL, default the CI machine's
 * postgres://postgres@127.0.0.1:5432/test), whether it answers, a fresh schema per test so
 * tests never see each other's rows, and a proxy that plays a database outage without touching
 * the real server. Imports only `pg` and Node, so journeys can use it too.
 */
import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
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

/**
 * A TCP proxy in front of the test database, to play an outage: `cut()` resets every connection
 * through it and closes its port, so new connections are refused (ECONNREFUSED) as during a
 * database restart; `restore()` opens the same port again. The real PostgreSQL is never touched.
 */
export class OutageProxy {
	private server: Server | null = null;
	private readonly sockets = new Set<Socket>();
	private readonly target: URL;
	port = 0;
	/** Connections accepted since the start (for tests). */
	accepted = 0;

	constructor(target: string = TEST_DATABASE_URL) {
		this.target = new URL(target);
	}

	/** `url` (a URL of the test database, with its `options`) going through the proxy instead. */
	url(url: string = TEST_DATABASE_URL): string {
		const u = new URL(url);
		u.hostname = '127.0.0.1';
		u.port = String(this.port);
		return u.toString();
	}

	/** Listens (on a free loopback port the first time, on the same one after a cut). */
	async start(): Promise<this> {
		if (this.server) return this;
		const server = createServer((client) => this.forward(client));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		this.port = (server.address() as { port: number }).port;
		this.server = server;
		return this;
	}

	private forward(client: Socket): void {
		this.accepted++;
		const upstream = createConnection({
			host: this.target.hostname,
			port: Number(this.target.port || 5432)
		});
		this.sockets.add(client);
		this.sockets.add(upstream);
		const drop = () => {
			client.destroy();
			upstream.destroy();
			this.sockets.delete(client);
			this.sockets.delete(upstream);
		};
		client.on('error', drop);
		upstream.on('error', drop);
		client.on('close', drop);
		upstream.on('close', drop);
		client.pipe(upstream);
		upstream.pipe(client);
	}

	/** The outage: every connection reset at once, new ones refused until `restore()`. */
	async cut(): Promise<void> {
		const server = this.server;
		this.server = null;
		const closed = server ? new Promise<void>((r) => server.close(() => r())) : undefined;
		for (const socket of [...this.sockets]) {
			try {
				socket.resetAndDestroy(); // an RST, as a server that went away sends
			} catch {
				socket.destroy(); // not connected yet
			}
		}
		this.sockets.clear();
		await closed;
	}

	/** The database is back: the proxy listens on its port again. */
	async restore(): Promise<void> {
		await this.start();
	}

	async close(): Promise<void> {
		await this.cut();
	}
}
