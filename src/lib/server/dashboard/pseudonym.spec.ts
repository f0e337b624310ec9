import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pseudonymiser, pseudonymKey } from './pseudonym';

describe('trainee pseudonyms', () => {
	const dir = mkdtempSync(join(tmpdir(), 'sandtable-pseudonym-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('creates one private key per install and keeps using it', async () => {
		const [a, b] = await Promise.all([pseudonymKey(dir), pseudonymKey(dir)]);
		expect(a.equals(b)).toBe(true);
		expect(a).toHaveLength(32);
		expect(readFileSync(join(dir, 'pseudonym.key')).equals(a)).toBe(true);
		expect(statSync(join(dir, 'pseudonym.key')).mode & 0o077).toBe(0);
	});

	it('gives a name the same pseudonym every time, whatever its case or spacing', async () => {
		const name = pseudonymiser(await pseudonymKey(dir));
		expect(name('Ana Diaz')).toMatch(/^Trainee [0-9a-f]{6}$/);
		expect(name('  ana   DIAZ ')).toBe(name('Ana Diaz'));
		expect(name('Ben Fox')).not.toBe(name('Ana Diaz'));
	});

	it('depends on the key, so a list of names cannot be tested without it', () => {
		const one = pseudonymiser(Buffer.alloc(32, 1));
		const two = pseudonymiser(Buffer.alloc(32, 2));
		expect(one('Ana Diaz')).not.toBe(two('Ana Diaz'));
	});
});
