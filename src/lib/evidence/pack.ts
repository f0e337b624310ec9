/**
 * The evidence pack (issue 16): one zip per exercise for an auditor, with a manifest that names
 * every file with its size and sha256 and is signed with the installation's Ed25519 key. Checking
 * a pack (`verifyPack`, `npm run verify -- pack.zip`) checks the manifest's signature, every
 * file's hash, that no file was added or removed, and the signed record inside it (record.ts), so
 * one changed byte anywhere in the pack is found and named.
 */
import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { canonicalJson } from '#lib/engine/scenario/canonical.js';
import { verifyRecord, type Verdict } from './record';
import { fingerprintOf, signatureValid, type PublicKeyInfo, type Signer } from './signing';

export const PACK_FORMAT = 'sandtable.evidence-pack';
export const PACK_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const RECORD_FILE = 'record.json';

export interface PackManifest {
	format: typeof PACK_FORMAT;
	version: typeof PACK_VERSION;
	sessionId: string;
	title: string;
	generatedAt: number;
	generatedBy: { id: string; name: string };
	publicKey: string;
	keyFingerprint: string;
	files: { name: string; bytes: number; sha256: string }[];
	/** Ed25519 over `manifestText` (base64). */
	signature: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The text a pack's signature covers: the manifest without its signature, canonical. */
export function manifestText(manifest: Omit<PackManifest, 'signature'>): string {
	return `sandtable.pack.v1\n${canonicalJson(manifest)}`;
}

export interface PackInput {
	sessionId: string;
	title: string;
	generatedAt: number;
	generatedBy: { id: string; name: string };
	/** File name -> content; must hold record.json. */
	files: Record<string, string | Uint8Array>;
}

/** The zip: the files in name order, then the signed manifest. */
export function buildPack(input: PackInput, sign: Signer, key: PublicKeyInfo): Uint8Array {
	if (!(RECORD_FILE in input.files)) throw new Error(`an evidence pack needs ${RECORD_FILE}`);
	const files: Record<string, Uint8Array> = {};
	for (const name of Object.keys(input.files).sort()) {
		const content = input.files[name];
		files[name] = typeof content === 'string' ? strToU8(content) : content;
	}
	const unsigned: Omit<PackManifest, 'signature'> = {
		format: PACK_FORMAT,
		version: PACK_VERSION,
		sessionId: input.sessionId,
		title: input.title,
		generatedAt: input.generatedAt,
		generatedBy: input.generatedBy,
		publicKey: key.pem,
		keyFingerprint: key.fingerprint,
		files: Object.entries(files).map(([name, bytes]) => ({
			name,
			bytes: bytes.length,
			sha256: sha256(bytes)
		}))
	};
	const manifest: PackManifest = { ...unsigned, signature: sign(manifestText(unsigned)) };
	// Fixed times in the zip's entries: the same pack content gives the same zip bytes.
	const mtime = new Date(input.generatedAt);
	return zipSync(
		{
			...Object.fromEntries(Object.entries(files).map(([n, b]) => [n, [b, { mtime }]])),
			[MANIFEST]: [strToU8(`${JSON.stringify(manifest, null, '\t')}\n`), { mtime }]
		},
		{ level: 6 }
	);
}

export interface PackVerdict extends Omit<Verdict, 'seal' | 'redacted'> {
	/** The record's own verdict, when the pack held one that could be read. */
	record: Verdict | null;
	files: number;
}

/** Checks a pack's bytes; with `expectedKey` (PEM), that it was signed with that key. */
export function verifyPack(zip: Uint8Array, options: { expectedKey?: string } = {}): PackVerdict {
	const problems: string[] = [];
	const result = (
		record: Verdict | null,
		files: number,
		fingerprint: string | null
	): PackVerdict => {
		// The record's own findings first: they name the event, the pack's only the file.
		const all = [...(record && !record.ok ? record.problems : []), ...problems];
		const ok = all.length === 0;
		return {
			ok,
			summary: ok
				? `verified: evidence pack of ${files} files; ${record!.summary}`
				: `NOT verified: ${all[0]}`,
			problems: all,
			notes: record?.notes ?? [],
			events: record?.events ?? 0,
			keyFingerprint: fingerprint,
			record,
			files
		};
	};
	let entries: Record<string, Uint8Array>;
	try {
		entries = unzipSync(zip);
	} catch (e) {
		problems.push(`not a zip file (${(e as Error).message})`);
		return result(null, 0, null);
	}
	let manifest: PackManifest;
	try {
		manifest = JSON.parse(strFromU8(entries[MANIFEST] ?? new Uint8Array())) as PackManifest;
	} catch {
		problems.push(`the pack has no readable ${MANIFEST}`);
		return result(null, 0, null);
	}
	if (manifest.format !== PACK_FORMAT || manifest.version !== PACK_VERSION) {
		problems.push(`not a Sandtable evidence pack (format "${PACK_FORMAT}" v${PACK_VERSION})`);
		return result(null, 0, null);
	}
	const { signature, ...unsigned } = manifest;
	let fingerprint: string | null = null;
	try {
		fingerprint = fingerprintOf(manifest.publicKey);
		if (fingerprint !== manifest.keyFingerprint)
			problems.push(`${MANIFEST}: the key fingerprint does not match its public key`);
		if (!signatureValid(manifest.publicKey, manifestText(unsigned), signature))
			problems.push(`${MANIFEST} was altered: its signature does not match`);
		if (options.expectedKey && fingerprintOf(options.expectedKey) !== fingerprint)
			problems.push(`the pack was signed with ${fingerprint}, not with the key given`);
	} catch {
		problems.push(`${MANIFEST}: its public key or signature cannot be read`);
	}
	const listed = new Set(manifest.files.map((f) => f.name));
	for (const file of manifest.files) {
		const bytes = entries[file.name];
		if (!bytes) problems.push(`${file.name} is listed in ${MANIFEST} but missing from the pack`);
		else if (sha256(bytes) !== file.sha256 || bytes.length !== file.bytes)
			problems.push(`${file.name} was altered: its sha256 does not match ${MANIFEST}`);
	}
	for (const name of Object.keys(entries))
		if (name !== MANIFEST && !listed.has(name))
			problems.push(`${name} was added: ${MANIFEST} does not list it`);
	let record: Verdict | null = null;
	const recordBytes = entries[RECORD_FILE];
	if (!recordBytes) problems.push(`the pack has no ${RECORD_FILE}`);
	else {
		try {
			record = verifyRecord(JSON.parse(strFromU8(recordBytes)), {
				expectedKey: options.expectedKey ?? manifest.publicKey
			});
		} catch {
			problems.push(`${RECORD_FILE} is not JSON`);
		}
	}
	return result(record, manifest.files.length, fingerprint);
}
