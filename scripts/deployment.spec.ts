/**
 * The deployment files (Dockerfile, docs/deploy/) checked without a Docker engine or systemd
 * running: the Dockerfile parses and follows the rules it promises (non-root, production
 * packages only, a health check, exec-form command), the systemd unit passes
 * `systemd-analyze verify` with every hardening setting in place, and the operator scripts a
 * production install runs need no development package. tests/deployment.e2e.ts runs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';

const dockerfile = readFileSync('Dockerfile', 'utf8');

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
	return text
		.replace(/\\\n/g, ' ')
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l && !l.startsWith('#'))
		.map((l) => {
			const [keyword, ...rest] = l.split(/\s+/);
			return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
		});
}

/** The instructions of the last stage (the image that runs). */
function runtimeStage() {
	const all = instructions(dockerfile);
	const from = all.map((i) => i.keyword).lastIndexOf('FROM');
	return all.slice(from);
}

describe('Dockerfile', () => {
	it('has no problem dockerfile-utils reports', () => {
		expect(validate(dockerfile)).toEqual([]);
	});

	it('runs Node 24 (the .nvmrc major) in every stage', () => {
		const major = readFileSync('.nvmrc', 'utf8').trim();
		const arg = /ARG NODE_IMAGE=node:(\d+)-/.exec(dockerfile);
		expect(arg?.[1]).toBe(major);
		for (const from of instructions(dockerfile).filter((i) => i.keyword === 'FROM'))
			expect(from.args).toMatch(/^\$\{NODE_IMAGE\}/);
	});

	it('runs as an unprivileged user, with a health check and an exec-form command', () => {
		const stage = runtimeStage();
		const user = stage.filter((i) => i.keyword === 'USER').at(-1);
		expect(user?.args).toBeTruthy();
		expect(user!.args).not.toMatch(/^(root|0)(:|$)/);
		expect(stage.some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
		const cmd = stage.filter((i) => i.keyword === 'CMD').at(-1);
		expect(cmd?.args).toBe('["node", "scripts/serve.js"]');
		// Nothing is written in the image at run time but /data: it is the volume.
		expect(stage.find((i) => i.keyword === 'VOLUME')?.args).toBe('["/data"]');
		expect(stage.find((i) => i.keyword === 'ENV')?.args).toContain('DATA_DIR=/data');
	});

	it('copies into the runtime only the build, production packages and files the repo has', () => {
		const copies = runtimeStage().filter((i) => i.keyword === 'COPY');
		expect(copies.length).toBeGreaterThan(0);
		const sources = copies.flatMap((c) => {
			expect(c.args).toMatch(/^--from=build /);
			return c.args.split(/\s+/).slice(1, -1);
		});
		for (const source of sources) {
			const path = source.replace(/^\/src\//, '');
			if (['node_modules', 'build'].includes(path)) continue;
			expect(existsSync(path), `${path} is in the repository`).toBe(true);
		}
		// The build stage prunes development packages before the runtime copies node_modules.
		expect(dockerfile).toMatch(/npm prune --omit=dev/);
	});

	it('keeps the local data, packages and secrets out of the build context', () => {
		const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
		for (const entry of ['.git', 'node_modules', 'data', '.env', 'build'])
			expect(ignored).toContain(entry);
	});
});

describe('systemd unit', () => {
	const unit = readFileSync('docs/deploy/sandtable.service', 'utf8');
	const settings = new Map<string, string[]>();
	for (const line of unit.split('\n')) {
		const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
		if (m) settings.set(m[1], [...(settings.get(m[1]) ?? []), m[2]]);
	}

	it('runs the app with every hardening setting', () => {
		expect(settings.get('ExecStart')?.[0]).toMatch(/\/node scripts\/serve\.js$/);
		expect(settings.get('StateDirectory')).toEqual(['sandtable']);
		expect(settings.get('Environment')).toContain('DATA_DIR=/var/lib/sandtable');
		for (const [key, value] of [
			['NoNewPrivileges', 'yes'],
			['ProtectSystem', 'strict'],
			['ProtectHome', 'yes'],
			['PrivateTmp', 'yes'],
			['PrivateDevices', 'yes'],
			['CapabilityBoundingSet', ''],
			['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX'],
			['SystemCallFilter', '@system-service'],
			['DynamicUser', 'yes'],
			['Restart', 'always']
		])
			expect(settings.get(key), key).toContain(value);
	});

	const analyze = spawnSync('systemd-analyze', ['--version']).status === 0;
	it.skipIf(!analyze)('passes systemd-analyze verify without a warning', () => {
		// verify checks that ExecStart's program exists: point it at this machine's Node.
		const dir = mkdtempSync(join(tmpdir(), 'sandtable-unit-'));
		const copy = join(dir, 'sandtable.service');
		writeFileSync(copy, unit.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
		const run = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
		expect(run.stderr + run.stdout).toBe('');
		expect(run.status).toBe(0);
		// And it does complain about a bad setting, so the empty output above means something.
		writeFileSync(copy, readFileSync(copy, 'utf8').replace('RestartSec=2', 'RestartSec=soon'));
		const bad = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
		expect(bad.stderr).toContain('Failed to parse sec value');
	});
});

describe('operator scripts on a production install', () => {
	const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
		scripts: Record<string, string>;
	};

	it('npm run backup runs on Node alone (no tsx, no development package)', () => {
		expect(pkg.scripts.backup).toBe('node scripts/backup.ts');
		const imports = [...readFileSync('scripts/backup.ts', 'utf8').matchAll(/from '([^']+)'/g)];
		expect(imports.length).toBeGreaterThan(0);
		for (const [, from] of imports) expect(from).toMatch(/^node:/);
		// Node runs it as it is (type stripping): without arguments it prints its usage.
		const run = spawnSync(process.execPath, ['scripts/backup.ts'], { encoding: 'utf8' });
		expect(run.stderr).toContain('usage: npm run backup');
		expect(run.status).toBe(2);
	});

	it('npm ci --omit=dev does not fail on the prepare step', () => {
		expect(pkg.scripts.prepare).toBe('node scripts/prepare.js');
	});
});
