/**
 * Checks an exported session record or evidence pack offline:
 * `npm run verify -- <record.json | evidence-pack.zip> [--key <public.pem>]`.
 * A pack (lib/evidence/pack.ts) is checked as a whole: its signed manifest, every file's sha256,
 * no file added or removed, and the record inside it.
 * Needs no server and no data folder: the record carries its scenario, events, seal and public
 * key. Exit 0 with "verified: N events, sealed by X at T, key fingerprint F"; exit 1 naming each
 * problem (which event was altered, removed or moved; which signature fails); exit 2 when the
 * file cannot be read. Without --key, compare the printed fingerprint with the one admins see on
 * /admin/keys; with it, the record must be signed by that key.
 */
import { readFileSync } from 'node:fs';
import { verifyPack } from '../src/lib/evidence/pack';
import { verifyRecord, type Verdict } from '../src/lib/evidence/record';

const USAGE = 'usage: npm run verify -- <record.json | evidence-pack.zip> [--key <public-key.pem>]';

/** Runs the check on `args`; returns the exit code. */
export function main(
	args: string[],
	out: (line: string) => void = console.log,
	err: (line: string) => void = console.error
): number {
	let file: string | undefined;
	let keyFile: string | undefined;
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--key') keyFile = args[++i];
		else if (!file && !args[i].startsWith('--')) file = args[i];
		else {
			err(USAGE);
			return 2;
		}
	}
	if (!file || (args.includes('--key') && !keyFile)) {
		err(USAGE);
		return 2;
	}
	let bytes: Buffer;
	let parsed: unknown = null;
	let expectedKey: string | undefined;
	let isPack: boolean;
	try {
		bytes = readFileSync(file);
		// A zip starts with "PK": an evidence pack; anything else is read as a record.
		isPack = bytes.subarray(0, 2).toString('latin1') === 'PK';
		if (!isPack) parsed = JSON.parse(bytes.toString('utf8'));
		if (keyFile) expectedKey = readFileSync(keyFile, 'utf8');
	} catch (e) {
		err(
			`cannot read ${keyFile && !(e instanceof SyntaxError) ? 'the record or key' : file}: ${(e as Error).message}`
		);
		return 2;
	}
	const verdict: Pick<Verdict, 'ok' | 'summary' | 'problems' | 'notes'> = isPack
		? verifyPack(new Uint8Array(bytes), { expectedKey })
		: verifyRecord(parsed, { expectedKey });
	if (verdict.ok) {
		out(verdict.summary);
		for (const note of verdict.notes) out(`note: ${note}`);
		return 0;
	}
	err(verdict.summary);
	for (const problem of verdict.problems.slice(1)) err(`also: ${problem}`);
	for (const note of verdict.notes) err(`note: ${note}`);
	return 1;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('verify.ts')) {
	process.exitCode = main(process.argv.slice(2));
}
