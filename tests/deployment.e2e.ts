/**
 * The deployment files run for real, without Docker or systemd (neither runs on these machines):
 * - the Dockerfile's runtime layout (its COPY lines, production packages only) started with the
 *   systemd unit's command line and environment, as an unprivileged user that cannot write a
 *   byte of the app's tree, then backed up with `npm run backup`'s script on that install, and
 *   `npm run migrate`'s script run there against PostgreSQL (where it answers);
 * - nginx with docs/deploy/nginx/sandtable-locations.conf, unchanged, in front of the app: live
 *   streams pass unbuffered, form posts pass the CSRF check, uploads up to the app's limit reach
 *   the app, /metrics is closed, the request id is nginx's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	copyFileSync,
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { freshSchema, postgresUnavailable } from '../src/lib/server/storage/pg/testing';
import { ADMIN, AppServer, freePort } from './support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	SseReader,
	staff
} from './security/support';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const has = (cmd: string, ...args: string[]) => spawnSync(cmd, args).status === 0;

/** Waits until `url` answers 2xx, or fails with what the process printed. */
async function waitHealthy(url: string, child: ChildProcess, output: () => string) {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}):\n${output()}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	throw new Error(`not healthy in time:\n${output()}`);
}

/** Key=value settings of the systemd unit, in order (a key may repeat). */
function unitSettings(): [string, string][] {
	return readFileSync('docs/deploy/sandtable.service', 'utf8')
		.split('\n')
		.map((l) => /^([A-Za-z]+)=(.*)$/.exec(l.trim()))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => [m[1], m[2]]);
}

/** The runtime stage's `COPY --from=build /src/<path>` sources, as repository paths. */
function runtimeCopies(): string[] {
	const text = readFileSync('Dockerfile', 'utf8');
	const runtime = text.slice(text.lastIndexOf('\nFROM '));
	return [...runtime.matchAll(/^COPY --from=build (.+) \S+$/gm)].flatMap((m) =>
		m[1].split(/\s+/).map((s) => s.replace(/^\/src\//, ''))
	);
}

test.describe('production install', () => {
	test.skip(!isRoot || !has('setpriv', '--version'), 'needs root and setpriv to run as nobody');

	let app: ChildProcess | null = null;
	let work = '';
	test.afterEach(() => {
		app?.kill('SIGKILL');
		if (work) rmSync(work, { recursive: true, force: true });
	});

	test('the Dockerfile layout runs from the systemd unit as a user who can write only the data folder', async () => {
		test.setTimeout(180_000);
		work = mkdtempSync(join(tmpdir(), 'sandtable-deploy-'));
		chmodSync(work, 0o755);
		const tree = join(work, 'opt');
		mkdirSync(tree);
		// What the image's runtime stage copies; node_modules is a production install.
		for (const path of runtimeCopies()) {
			if (path === 'node_modules') continue;
			cpSync(path, join(tree, path), { recursive: true });
		}
		copyFileSync('.npmrc', join(tree, '.npmrc'));
		const install = spawnSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
			cwd: tree,
			encoding: 'utf8'
		});
		expect(install.status, install.stderr).toBe(0);
		expect(readdirSync(join(tree, 'node_modules'))).not.toContain('vite');
		// Node itself, where the unprivileged user can run it.
		mkdirSync(join(tree, 'bin'));
		copyFileSync(process.execPath, join(tree, 'bin/node'));
		chmodSync(join(tree, 'bin/node'), 0o755);
		const data = join(work, 'data');
		mkdirSync(data, { mode: 0o700 });
		chownSync(data, NOBODY, NOBODY);

		// The unit's command line and environment, with this machine's paths and a free port.
		const settings = unitSettings();
		const exec = settings.find(([k]) => k === 'ExecStart')![1].split(/\s+/);
		expect(exec.slice(1)).toEqual(['scripts/serve.js']);
		const port = await freePort();
		const env: Record<string, string> = { PATH: '/usr/bin:/bin' };
		for (const [, value] of settings.filter(([k]) => k === 'Environment')) {
			const at = value.indexOf('=');
			env[value.slice(0, at)] = value.slice(at + 1);
		}
		expect(env.DATA_DIR).toBe('/var/lib/sandtable');
		// The unit expects nginx in front (it sets X-Forwarded-For); this test talks to the app
		// directly, so the address comes from the socket (the nginx test below covers the header).
		expect(env.ADDRESS_HEADER).toBe('X-Forwarded-For');
		delete env.ADDRESS_HEADER;
		delete env.XFF_DEPTH;
		Object.assign(env, {
			PORT: String(port),
			DATA_DIR: data,
			SCENARIOS_DIR: join(tree, 'scenarios'),
			ORIGIN: `http://127.0.0.1:${port}`,
			SANDTABLE_ADMIN_EMAIL: ADMIN.email,
			SANDTABLE_ADMIN_PASSWORD: ADMIN.password
		});
		const asNobody = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups'];
		let output = '';
		app = spawn('setpriv', [...asNobody, join(tree, 'bin/node'), ...exec.slice(1)], {
			cwd: tree,
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		app.stdout!.on('data', (d) => (output += d));
		app.stderr!.on('data', (d) => (output += d));
		const base = `http://127.0.0.1:${port}`;
		await waitHealthy(`${base}/readyz`, app, () => output);
		const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'));
		expect(Number(uid?.[1])).toBe(NOBODY);

		// An exercise writes to the data folder, and nowhere else (nothing else is writable).
		const server = { url: base } as AppServer;
		const admin = await adminToken(server).catch((e: Error) => {
			throw new Error(`${e.message}\n${output}`);
		});
		const session = await createSession(server, admin, {
			scenarioId: 'ransomware-file-server',
			teams: ['Red']
		});
		await joinSession(server, session.joinCode, {
			name: 'Nia',
			team: 'Red',
			role: 'soc-analyst'
		});
		await staff(server, admin, session.id, 'start');
		expect(readdirSync(join(data, 'sessions')).some((f) => f.startsWith(session.id))).toBe(true);
		expect(output).not.toMatch(/EACCES|EROFS|"level":(50|60)/);

		// `npm run backup`'s script on this install, as the same user, while the app runs.
		const backups = join(work, 'backups');
		mkdirSync(backups);
		chownSync(backups, NOBODY, NOBODY);
		const backup = spawnSync(
			'setpriv',
			[
				...asNobody,
				join(tree, 'bin/node'),
				'scripts/backup.ts',
				join(backups, 'one'),
				'--data',
				data
			],
			{ cwd: tree, encoding: 'utf8' }
		);
		expect(backup.status, backup.stderr).toBe(0);
		expect(backup.stdout).toMatch(/^Backed up \d+ files/);
		expect(readdirSync(join(backups, 'one/sessions')).length).toBeGreaterThan(0);

		// `npm run migrate`'s script on this install (plain Node, production packages only), where
		// PostgreSQL answers (the PostgreSQL specs say why when it does not).
		if ((await postgresUnavailable()) === null) {
			const schema = await freshSchema();
			try {
				const migrate = spawnSync(
					'setpriv',
					[...asNobody, join(tree, 'bin/node'), 'scripts/migrate.ts', '--url', schema.url],
					{ cwd: tree, encoding: 'utf8' }
				);
				expect(migrate.status, migrate.stderr).toBe(0);
				// Every bundled migration, from the first: the SQL files are in the image.
				expect(migrate.stdout).toMatch(
					/^Applied migrations? 1(, \d+)*: the schema is at version \d+\./
				);
			} finally {
				await schema.drop();
			}
		}

		// SIGTERM (what systemd and Docker send) stops it cleanly.
		const exited = new Promise<number | null>((r) => app!.once('exit', (code) => r(code)));
		app.kill('SIGTERM');
		expect(await exited).toBe(0);
		app = null;
	});
});

test.describe('behind nginx', () => {
	test.skip(!has('nginx', '-v'), 'nginx is not installed (.ci/run installs nginx-light)');

	let nginx: ChildProcess | null = null;
	let server: AppServer | null = null;
	let work = '';
	test.afterEach(async () => {
		nginx?.kill('SIGTERM');
		await server?.dispose();
		if (work) rmSync(work, { recursive: true, force: true });
	});

	test('the example locations pass live streams, form posts and uploads, and close /metrics', async () => {
		const port = await freePort();
		const front = `http://127.0.0.1:${port}`;
		server = await new AppServer({
			origin: front,
			env: { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' }
		}).start();
		work = mkdtempSync(join(tmpdir(), 'sandtable-nginx-'));
		chmodSync(work, 0o777);
		const locations = resolve('docs/deploy/nginx/sandtable-locations.conf');
		const temp = (name: string) => `${name}_temp_path ${join(work, name)};`;
		const conf = join(work, 'nginx.conf');
		writeFileSync(
			conf,
			`${isRoot ? 'user nobody nogroup;' : ''}
worker_processes 1;
error_log ${join(work, 'error.log')} warn;
pid ${join(work, 'nginx.pid')};
events { worker_connections 256; }
http {
	access_log off;
	${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n\t')}
	upstream sandtable { server 127.0.0.1:${server.port}; keepalive 8; }
	server {
		listen 127.0.0.1:${port};
		include ${locations};
	}
}
`
		);
		const check = spawnSync('nginx', ['-t', '-c', conf], { encoding: 'utf8' });
		expect(check.status, check.stderr).toBe(0);
		nginx = spawn('nginx', ['-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
		const proxied = { url: front } as AppServer;
		await waitHealthy(`${front}/healthz`, nginx, () =>
			readFileSync(join(work, 'error.log'), 'utf8')
		);

		// The request id in the app's logs and error pages is nginx's.
		const health = await fetch(`${front}/healthz`);
		expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
		// /metrics is not reachable through the proxy (it would look local to the app).
		expect((await fetch(`${front}/metrics`)).status).toBe(403);

		// A browser's form post through the proxy passes the app's origin check (ORIGIN).
		const login = await call(proxied, 'POST', '/login', {
			headers: { origin: front },
			form: { email: ADMIN.email, password: ADMIN.password }
		});
		expect(login.status, login.text).toBe(303);

		// An upload over nginx's default 1 MiB limit reaches the app, which answers it.
		const admin = await adminToken(proxied);
		const big = await call(proxied, 'POST', '/api/v1/scenarios', {
			headers: { ...bearer(admin), 'content-type': 'application/yaml' },
			body: `# ${'x'.repeat(1_500_000)}\n`
		});
		expect(big.headers.get('content-type')).toContain('application/json');
		expect(big.text).toContain('larger than');

		// A live stream through the proxy gets a release at once: nothing holds it in a buffer.
		const session = await createSession(proxied, admin, {
			scenarioId: 'ransomware-file-server',
			teams: ['Red']
		});
		const trainee = await joinSession(proxied, session.joinCode, {
			name: 'Oli',
			team: 'Red',
			role: 'soc-analyst'
		});
		await staff(proxied, admin, session.id, 'start');
		const stream = new SseReader(
			`${front}/api/v1/sessions/${session.id}/stream`,
			bearer(trainee.token)
		);
		await stream.until((m) => m.event === 'view');
		const sent = Date.now();
		await staff(proxied, admin, session.id, 'release', { injectId: 'edr-iso-alert' });
		const patch = await stream.until(
			(m) => m.event === 'patch' && m.data.includes('edr-iso-alert'),
			5000
		);
		expect(patch).toBeTruthy();
		expect(Date.now() - sent).toBeLessThan(2000);
		stream.close();
	});
});
