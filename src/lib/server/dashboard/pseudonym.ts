/**
 * Stable pseudonyms for trainee names in exports: "Trainee 7f3a9c", the first 24 bits of an
 * HMAC-SHA256 of the normalised name under a per-install secret. The same person gets the same
 * pseudonym in every export (so an analyst can follow them over time without knowing who they
 * are), and without the secret, which never leaves the data folder, nobody can test a list of
 * names against the pseudonyms.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const KEY_BYTES = 32;
const keys = new Map<string, Promise<Buffer>>();

async function readOrCreateKey(file: string): Promise<Buffer> {
	try {
		const key = await readFile(file);
		if (key.length >= KEY_BYTES) return key;
		throw new Error(`${file}: the pseudonym key is shorter than ${KEY_BYTES} bytes`);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
	await mkdir(dirname(file), { recursive: true });
	try {
		// `wx`: if two requests race to create it, the second reads the first one's key.
		await writeFile(file, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
	}
	return readFile(file);
}

/** The install's pseudonym key, `${dataDir}/pseudonym.key`, created on first use. */
export function pseudonymKey(dataDir: string): Promise<Buffer> {
	const file = join(dataDir, 'pseudonym.key');
	let key = keys.get(file);
	if (!key) {
		key = readOrCreateKey(file).catch((e) => {
			keys.delete(file);
			throw e;
		});
		keys.set(file, key);
	}
	return key;
}

/** A pseudonym function under `key`; names differing only in case or spacing map alike. */
export function pseudonymiser(key: Buffer): (name: string) => string {
	return (name) => {
		const normal = name.trim().toLowerCase().replace(/\s+/g, ' ');
		const hash = createHmac('sha256', key).update(normal).digest('hex');
		return `Trainee ${hash.slice(0, 6)}`;
	};
}
