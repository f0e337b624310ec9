import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as command from '../src/lib/engine/session/commands';
import { phishFile } from '../src/lib/engine/testing';
import { serializeRecord } from '../src/lib/evidence/record';
import { recordOf } from '../src/lib/server/evidence/export';
import { sealer } from '../src/lib/server/evidence/installation';
import { loadOrCreateKey } from '../src/lib/server/evidence/key';
import { scenarioHash } from '../src/lib/server/scenarios';
import { Hub } from '../src/lib/server/sessions/hub';
import { FileSessionStore } from '../src/lib/server/storage/file/sessions';

const run = promisify(execFile);
let dir = '';

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-verify-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** Runs `npm run verify` as an auditor would, in a folder with no data: exit code and output. */
async function verify(...args: string[]) {
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			[join('node_modules', 'tsx', 'dist', 'cli.mjs'), join('scripts', 'verify.ts'), ...args],
			{ env: { ...process.env, DATA_DIR: join(dir, 'no-data-here') } }
		);
		return { code: 0, stdout, stderr };
	} catch (e) {
		const failed = e as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
	}
}

describe('npm run verify', () => {
	it('passes a real export, and names the event altered by one byte', async () => {
		const key = loadOrCreateKey(join(dir, 'data'));
		const hub = new Hub(
			new FileSessionStore(join(dir, 'data', 'sessions')),
			sealer(() => key)
		);
		const file = phishFile();
		const session = await hub.create({
			scenarioFile: file,
			scenarioHash: scenarioHash(file),
			title: 'CLI drill',
			teams: ['Blue'],
			speed: 1,
			release: 'manual',
			facilitatorId: 'u1'
		});
		await hub.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' });
		await session.execute((s) => command.start(s));
		await session.execute((s, now) =>
			command.end(session.scenario, s, now, { id: 'u1', name: 'Fay' })
		);
		const record = await recordOf(session, { id: 'u1', name: 'Fay' }, key);
		hub.close();
		const path = join(dir, 'record.json');
		await writeFile(path, serializeRecord(record));
		const pem = join(dir, 'public.pem');
		await writeFile(pem, key.publicKey.pem);

		const good = await verify(path, '--key', pem);
		expect(good.code).toBe(0);
		expect(good.stdout).toMatch(
			new RegExp(
				`^verified: ${record.events.length} events, sealed by Fay at .*, key fingerprint ${key.publicKey.fingerprint}\\n$`
			)
		);

		// One byte of event 2 (participant.joined): Ana -> Anb.
		const text = await readFile(path, 'utf8');
		await writeFile(path, text.replace('"name": "Ana"', '"name": "Anb"'));
		const bad = await verify(path);
		expect(bad.code).toBe(1);
		expect(bad.stderr.split('\n')[0]).toBe(
			'NOT verified: event 2 (participant.joined) was altered: its hash no longer matches the link stored after it'
		);

		await writeFile(path, '{ not json');
		expect((await verify(path)).code).toBe(2);
		expect((await verify()).code).toBe(2);
	}, 30_000);
});
