/**
 * Starts the production build (`node build`) on a free loopback port with its own temporary data
 * folder, like an operator would, and can kill and restart it on the same data. Journeys use this
 * instead of a shared server so they can crash it, corrupt its files and start clean.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
	output = '';

	constructor(private readonly options: ServerOptions = {}) {
		this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sandtable-e2e-'));
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Starts the server and waits until it answers. */
	async start(): Promise<this> {
		if (!this.port) this.port = await freePort();
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
	}
}
