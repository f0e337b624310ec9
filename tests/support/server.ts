/**
 * Starts the production build (`node build`) on a free loopback port with its own temporary data
 * folder, like an operator would, and can kill and restart it on the same data. Journeys use this
 * instead of a shared server so they can crash it, corrupt its files and start clean.
 *
 * Under the `postgres` Playwright project (or with SANDTABLE_E2E_BACKEND=postgres), a server not
 * given a DATABASE_URL gets one: a fresh schema of the test database, kept across its restarts and
 * dropped with it. Where PostgreSQL does not answer, the test is skipped, saying why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from '@playwright/test';
import { freshSchema, postgresUnavailable } from '../../src/lib/server/storage/pg/testing';

/**
 * The storage journeys run on: `embedded` (the data folder) or `postgres`. SANDTABLE_E2E_BACKEND
 * when set, else the running Playwright project's `metadata.backend` (playwright.config.ts).
 */
export function e2eBackend(): 'embedded' | 'postgres' {
	const chosen = process.env.SANDTABLE_E2E_BACKEND;
	if (chosen) return chosen === 'postgres' ? 'postgres' : 'embedded';
	try {
		return test.info().project.metadata?.backend === 'postgres' ? 'postgres' : 'embedded';
	} catch {
		return 'embedded'; // outside a test (the screenshot scripts)
	}
}

export const ADMIN = {
	email: 'admin@sandtable.test',
	password: 'correct horse battery staple',
	name: 'Ada Admin'
};

export async function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const srv = createServer();
		srv.once('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => done(port));
		});
	});
}

export interface ServerOptions {
	dataDir?: string;
	env?: Record<string, string>;
	/** Do not create the admin from the environment (first-run tests). */
	noAdmin?: boolean;
	/** ORIGIN for the server; null starts it without one, as a plain `npm start` does. */
	origin?: string | null;
}

export class AppServer {
	readonly dataDir: string;
	port = 0;
	private child: ChildProcess | null = null;
	/** The schema of the test database this server runs on, under the `postgres` project. */
	private schema: Awaited<ReturnType<typeof freshSchema>> | null = null;
	output = '';

	constructor(private readonly options: ServerOptions = {}) {
		this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sandtable-e2e-'));
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The server's process id while it runs (a test can tell it was never restarted). */
	get pid(): number | undefined {
		return this.child?.exitCode === null ? this.child.pid : undefined;
	}

	/** Starts the server and waits until it answers. */
	async start(): Promise<this> {
		if (!this.port) this.port = await freePort();
		if (!this.schema && !this.options.env?.DATABASE_URL && e2eBackend() === 'postgres') {
			const unavailable = await postgresUnavailable();
			test.skip(unavailable !== null, unavailable ?? '');
			this.schema = await freshSchema();
		}
		const { ORIGIN: _origin, PROTOCOL_HEADER: _protocol, ...inherited } = process.env;
		const env: Record<string, string> = {
			...(inherited as Record<string, string>),
			PORT: String(this.port),
			HOST: '127.0.0.1',
			...(this.options.origin === null
				? {}
				: { ORIGIN: this.options.origin ?? `http://127.0.0.1:${this.port}` }),
			DATA_DIR: this.dataDir,
			SCENARIOS_DIR: resolve('scenarios'),
			...(this.options.noAdmin
				? {}
				: {
						SANDTABLE_ADMIN_EMAIL: ADMIN.email,
						SANDTABLE_ADMIN_PASSWORD: ADMIN.password,
						SANDTABLE_ADMIN_NAME: ADMIN.name
					}),
			...(this.schema ? { DATABASE_URL: this.schema.url } : {}),
			...this.options.env
		};
		this.output = '';
		const child = spawn(process.execPath, ['scripts/serve.js'], {
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.child = child;
		child.stdout!.on('data', (d) => (this.output += d));
		child.stderr!.on('data', (d) => (this.output += d));
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			if (child.exitCode !== null)
				throw new Error(`server exited (${child.exitCode}):\n${this.output}`);
			try {
				const res = await fetch(`${this.url}/healthz`);
				if (res.ok) return this;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`server did not start in time:\n${this.output}`);
	}

	/** Kills the server without letting it clean up (SIGKILL), as a crash would. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGKILL');
		await exited;
		this.child = null;
	}

	/** Stops the server and removes its data folder. */
	async dispose(): Promise<void> {
		await this.kill();
		if (!this.options.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
		await this.schema?.drop();
		this.schema = null;
	}
}
