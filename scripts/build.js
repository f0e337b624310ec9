// `npm start`'s build: `vite build` without its 150 lines of chunk sizes, so the banner that
// scripts/serve.js prints is what people see. Everything the build printed is shown when it fails.
// `npm run build` still prints the full output.
import './require-node.js';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const vite = join(
	dirname(createRequire(import.meta.url).resolve('vite/package.json')),
	'bin/vite.js'
);
const started = Date.now();
process.stdout.write('Building Sandtable (a minute or so on a small machine)... ');

const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
	stdio: ['ignore', 'pipe', 'pipe'],
	// Colours only where they will be read in a terminal.
	env: process.stderr.isTTY
		? { ...process.env, FORCE_COLOR: '1' }
		: { ...process.env, NO_COLOR: '1' }
});
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
child.on('error', (e) => {
	console.error(`\nThe build could not start: ${e.message}`);
	process.exit(1);
});
child.on('close', (code, signal) => {
	if (code === 0) {
		console.log(`done in ${Math.round((Date.now() - started) / 1000)} s.`);
		return;
	}
	console.error('failed:\n');
	process.stderr.write(output);
	console.error(`\nThe build failed (${signal ?? `exit code ${code}`}); its output is above.`);
	process.exit(code || 1);
});
