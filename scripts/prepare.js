// `npm ci`'s prepare step: SvelteKit's `svelte-kit sync` (generated types and tsconfig) where the
// development packages are installed. A production install (`npm ci --omit=dev`, the Dockerfile's
// runtime, the systemd layout in docs/deployment.md) has no SvelteKit CLI and needs no types, so
// there it does nothing instead of failing the install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cli;
try {
	cli = join(
		dirname(createRequire(import.meta.url).resolve('@sveltejs/kit/package.json')),
		'svelte-kit.js'
	);
} catch {
	process.exit(0);
}
const run = spawnSync(process.execPath, [cli, 'sync'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
