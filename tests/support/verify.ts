/** `npm run verify` as an auditor runs it, offline: no server, no data folder. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `npm run verify -- <args>`; its exit code and output. */
export async function verify(...args: string[]) {
	try {
		const { stdout, stderr } = await run('npm', ['run', '-s', 'verify', '--', ...args], {
			env: { ...process.env, DATA_DIR: '' }
		});
		return { code: 0, stdout, stderr };
	} catch (e) {
		const failed = e as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
	}
}
