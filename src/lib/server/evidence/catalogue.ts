/**
 * The installation's catalogue of standards: the bundled one, or the YAML/JSON file named by
 * COMPLIANCE_CATALOGUE, read and checked once at start so that a bad file stops the start with
 * its name and every problem, rather than showing a wrong compliance view later.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { parseCatalogue, type Catalogue } from '#lib/evidence/catalogue.js';
import { BUNDLED_CATALOGUE } from '#lib/evidence/standards.js';
import { COMPLIANCE_CATALOGUE } from '../config';

let loaded: Promise<Catalogue> | null = null;

/** The catalogue in the file at `path` (YAML or JSON), or an error naming the file and problems. */
export async function readCatalogueFile(path: string): Promise<Catalogue> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (e) {
		throw new Error(`COMPLIANCE_CATALOGUE ${path}: cannot be read (${(e as Error).message})`, {
			cause: e
		});
	}
	try {
		return parseCatalogue(parseYaml(text, { maxAliasCount: 0 }));
	} catch (e) {
		throw new Error(`COMPLIANCE_CATALOGUE ${path}: ${(e as Error).message}`, { cause: e });
	}
}

/** The catalogue in use, read on first call (at start). */
export function loadCatalogue(): Promise<Catalogue> {
	loaded ??= (
		COMPLIANCE_CATALOGUE
			? readCatalogueFile(COMPLIANCE_CATALOGUE)
			: Promise.resolve(parseCatalogue(BUNDLED_CATALOGUE))
	).catch((e) => {
		loaded = null;
		throw e;
	});
	return loaded;
}
