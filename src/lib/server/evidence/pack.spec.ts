import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import { buildPack, verifyPack } from '#lib/evidence/pack.js';
import { serializeRecord } from '#lib/evidence/record.js';
import { main as verifyCli } from '../../../../scripts/verify';
import { scenarioHash } from '../scenarios';
import { Hub } from '../sessions/hub';
import { FileSessionStore } from '../storage/file/sessions';
import { recordOf } from './export';
import { sealer } from './installation';
import { loadOrCreateKey, type InstallationKey } from './key';
import { controlMappingMarkdown } from './pack';

let dir = '';
let hub: Hub;
let key: InstallationKey;
const lead = { id: 'u-lead', name: 'Lee Lead' };

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-pack-'));
	key = loadOrCreateKey(dir);
	hub = new Hub(
		new FileSessionStore(join(dir, 'sessions')),
		sealer(() => key)
	);
});
afterEach(async () => {
	hub.close();
	await rm(dir, { recursive: true, force: true });
});

/** A pack of a short ended exercise, with a binary file beside the record. */
async function pack(): Promise<Uint8Array> {
	const file = phishFile();
	const session = await hub.create({
		scenarioFile: file,
		scenarioHash: scenarioHash(file),
		title: 'Pack drill',
		teams: ['Blue'],
		speed: 1,
		release: 'manual',
		facilitatorId: 'u1'
	});
	expect((await hub.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' })).ok).toBe(true);
	expect((await session.execute((s) => command.start(s))).ok).toBe(true);
	expect((await session.execute((s, now) => command.end(session.scenario, s, now, lead))).ok).toBe(
		true
	);
	const record = await recordOf(session, lead, key, 1_700_000_000_000);
	return buildPack(
		{
			sessionId: session.id,
			title: 'Pack drill',
			generatedAt: 1_700_000_000_000,
			generatedBy: lead,
			files: {
				'record.json': serializeRecord(record),
				'aar-ip.docx': new Uint8Array([80, 75, 3, 4, 1, 2, 3, 4, 5]),
				'attendance.csv': 'Name,Team\r\nAna,Blue\r\n'
			}
		},
		key.sign,
		key.publicKey
	);
}

/** The pack with its entries changed by `change` (re-zipped, as someone editing it would). */
function repacked(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void) {
	const files = unzipSync(zip);
	change(files);
	return zipSync(files);
}

describe('the evidence pack', () => {
	it('verifies as a whole: its signed manifest, every file and the record inside', async () => {
		const verdict = verifyPack(await pack());
		expect(verdict.problems).toEqual([]);
		expect(verdict.ok).toBe(true);
		expect(verdict.files).toBe(3);
		expect(verdict.summary).toMatch(/^verified: evidence pack of 3 files; verified: \d+ events/);
		expect(verdict.keyFingerprint).toBe(key.publicKey.fingerprint);
	});

	it('names the event when one byte of an event in the record was changed', async () => {
		const zip = repacked(await pack(), (files) => {
			const text = strFromU8(files['record.json']);
			files['record.json'] = strToU8(text.replace('"name": "Ana"', '"name": "Anx"'));
		});
		const verdict = verifyPack(zip);
		expect(verdict.ok).toBe(false);
		expect(verdict.summary).toMatch(/NOT verified: event \d+ \(participant\.joined\) was altered/);
		expect(verdict.problems).toContain(
			'record.json was altered: its sha256 does not match manifest.json'
		);
	});

	it('names a changed, added or removed file, and a changed manifest', async () => {
		const original = await pack();
		const byte = verifyPack(
			repacked(original, (f) => {
				f['aar-ip.docx'][5] ^= 1;
			})
		);
		expect(byte.summary).toBe(
			'NOT verified: aar-ip.docx was altered: its sha256 does not match manifest.json'
		);
		const added = verifyPack(repacked(original, (f) => (f['extra.txt'] = strToU8('x'))));
		expect(added.problems).toEqual(['extra.txt was added: manifest.json does not list it']);
		const removed = verifyPack(repacked(original, (f) => delete f['attendance.csv']));
		expect(removed.problems).toEqual([
			'attendance.csv is listed in manifest.json but missing from the pack'
		]);
		const manifest = verifyPack(
			repacked(original, (f) => {
				const m = JSON.parse(strFromU8(f['manifest.json']));
				m.title = 'Another drill';
				f['manifest.json'] = strToU8(JSON.stringify(m));
			})
		);
		expect(manifest.problems).toEqual(['manifest.json was altered: its signature does not match']);
	});

	it('refuses what is not a pack, and a pack signed by another key when one is pinned', async () => {
		expect(verifyPack(strToU8('not a zip')).summary).toMatch(/^NOT verified: not a zip file/);
		const other = loadOrCreateKey(join(dir, 'other'));
		const pinned = verifyPack(await pack(), { expectedKey: other.publicKey.pem });
		expect(pinned.ok).toBe(false);
		expect(pinned.problems.join('\n')).toMatch(/not with the key given/);
	});

	it('is checked by npm run verify, which names the altered event', async () => {
		const good = join(dir, 'pack.zip');
		const bad = join(dir, 'bad.zip');
		await writeFile(good, await pack());
		await writeFile(
			bad,
			repacked(await pack(), (files) => {
				const text = strFromU8(files['record.json']);
				files['record.json'] = strToU8(text.replace('"name": "Ana"', '"name": "Anx"'));
			})
		);
		const out: string[] = [];
		const err: string[] = [];
		expect(
			verifyCli(
				[good],
				(l) => out.push(l),
				(l) => err.push(l)
			)
		).toBe(0);
		expect(out[0]).toMatch(/^verified: evidence pack of 3 files/);
		expect(
			verifyCli(
				[bad],
				(l) => out.push(l),
				(l) => err.push(l)
			)
		).toBe(1);
		expect(err[0]).toMatch(/^NOT verified: event \d+ \(participant\.joined\) was altered/);
	});
});

describe('the control-mapping page', () => {
	it('lists each evidenced requirement with the controls and phases that matched', () => {
		const md = controlMappingMarkdown('Drill', [
			{
				standardId: 'pci',
				standard: 'PCI DSS v4.0.1',
				requirementId: 'pci-12.10.2',
				reference: '12.10.2',
				csf: [{ scenario: 'RS.MA-01', requirement: 'RS.MA' }],
				phases: ['containment']
			}
		]);
		expect(md).toContain('| PCI DSS v4.0.1 | 12.10.2 | RS.MA-01 (for RS.MA) | containment |');
		expect(controlMappingMarkdown('Drill', [])).toContain('evidences no requirement');
	});
});
