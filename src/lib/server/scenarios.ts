/**
 * The scenario library: the bundled scenarios in `scenarios/` and those uploaded into
 * `<data>/scenarios/`, each loaded and checked once per change of its file, with its content hash
 * and its path report. Invalid files stay listed, with their located errors, but cannot be played.
 */
import { version } from '$app/env';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { canonicalJson } from '#lib/engine/scenario/canonical.js';
import { MAX_SCENARIO_BYTES, type Located, type LoadResult } from '#lib/engine/scenario/load.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import type { PathReport } from '#lib/engine/check/paths.js';
import type { ScenarioFile } from '#lib/engine/scenario/schema.js';
import { CHECK_TIMEOUT_MS, DATA_DIR, SCENARIOS_DIR } from './config';
import { checkScenario, checkWasStopped } from './scenario-check';
import { ScenarioCheckCache } from './scenario-check-cache';

export interface CatalogueEntry {
	/** The scenario id, or the file name when the file is too broken to have one. */
	id: string;
	path: string;
	fileName: string;
	origin: 'bundled' | 'uploaded';
	valid: boolean;
	errors: Located[];
	warnings: Located[];
	scenario?: Scenario;
	source?: ScenarioFile;
	/** sha256 of the canonical JSON of the file's content. */
	hash?: string;
	report?: PathReport;
	mtimeMs: number;
}

/** A scenario that passed every check and can be played. */
export type PlayableEntry = CatalogueEntry &
	Required<Pick<CatalogueEntry, 'scenario' | 'source' | 'hash' | 'report'>>;

export function isPlayable(entry: CatalogueEntry): entry is PlayableEntry {
	return entry.valid && !!entry.scenario && !!entry.source && !!entry.hash && !!entry.report;
}

const UPLOAD_DIR = join(DATA_DIR, 'scenarios');
const cache = new Map<string, { key: string; entry: CatalogueEntry }>();
/** Check results kept between starts of the same build (see scenario-check-cache.ts). */
const checkCache = new ScenarioCheckCache(join(DATA_DIR, 'cache', 'scenario-checks'), version);

/** sha256 of a scenario's canonical form: what a session records to freeze what it played. */
export function scenarioHash(source: ScenarioFile): string {
	return createHash('sha256').update(canonicalJson(source)).digest('hex');
}

function entryOf(
	path: string,
	origin: CatalogueEntry['origin'],
	result: LoadResult,
	mtimeMs: number
): CatalogueEntry {
	const fileName = basename(path);
	const entry: CatalogueEntry = {
		id: result.source?.id ?? fileName.replace(/\.ya?ml$/, ''),
		path,
		fileName,
		origin,
		valid: result.errors.length === 0 && result.scenario !== undefined,
		errors: result.errors,
		warnings: result.warnings,
		mtimeMs
	};
	if (result.scenario && result.source && entry.valid) {
		entry.scenario = result.scenario;
		entry.source = result.source;
		entry.hash = scenarioHash(result.source);
		entry.report = result.paths;
	}
	return entry;
}

async function loadDir(dir: string, origin: CatalogueEntry['origin']): Promise<CatalogueEntry[]> {
	if (!existsSync(dir)) return [];
	const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
	const entries: CatalogueEntry[] = [];
	for (const name of names) {
		const path = join(dir, name);
		const info = await stat(path);
		const key = `${info.mtimeMs}:${info.size}`;
		const hit = cache.get(path);
		if (hit && hit.key === key) {
			entries.push(hit.entry);
			continue;
		}
		// In a worker, as uploads are: the path explorer takes a second or more on a large bundled
		// scenario, and on the main thread that held the start and every live stream (6 s of a
		// start-up profile for the four bundled ones). The library's own files get a longer limit.
		// What an earlier start of this build found for the same bytes is kept on disk. The check
		// runs at a lower priority (background), so the first requests after a start come first.
		const bytes = await readFile(path);
		let result = await checkCache.get(bytes, name);
		if (!result) {
			result = await checkScenario(bytes, name, 5 * CHECK_TIMEOUT_MS, { background: true });
			if (!checkWasStopped(result)) await checkCache.put(bytes, name, result);
		}
		const entry = entryOf(path, origin, result, info.mtimeMs);
		// A check stopped by a busy machine says nothing about the file: ask again next time.
		if (!checkWasStopped(result)) cache.set(path, { key, entry });
		entries.push(entry);
	}
	return entries;
}

let scanning: Promise<CatalogueEntry[]> | null = null;

/**
 * Every scenario file, bundled first, each with its check results. Concurrent callers share one
 * scan, so a burst of requests after start does not check the same files many times over.
 */
export function listScenarios(): Promise<CatalogueEntry[]> {
	scanning ??= scan().finally(() => (scanning = null));
	return scanning;
}

async function scan(): Promise<CatalogueEntry[]> {
	const bundled = await loadDir(SCENARIOS_DIR, 'bundled');
	const uploaded = await loadDir(UPLOAD_DIR, 'uploaded');
	const bundledIds = new Set(bundled.map((e) => e.id));
	return [...bundled, ...uploaded.filter((e) => !bundledIds.has(e.id))];
}

/** The playable scenario with this id, or null. */
export async function getScenario(id: string): Promise<CatalogueEntry | null> {
	return (await listScenarios()).find((e) => e.id === id && e.valid) ?? null;
}

/** Any scenario entry with this id, valid or not (for its page). */
export async function findScenario(id: string): Promise<CatalogueEntry | null> {
	return (await listScenarios()).find((e) => e.id === id) ?? null;
}

/** The uploaded scenario an upload would replace: what the "replace it?" question names. */
export interface ExistingUpload {
	id: string;
	title: string;
	version: string | null;
	/** The version of the file being uploaded. */
	newVersion: string;
	/** Sessions created with the scenario id (they keep the version they ran). */
	sessions: number;
}

export type UploadResult =
	| { ok: true; entry: CatalogueEntry; replaced: boolean }
	| {
			ok: false;
			status: 409 | 413 | 422;
			message: string;
			errors: Located[];
			warnings: Located[];
			/** Set when the id exists among the uploads and `replace` was not given. */
			existing?: ExistingUpload;
	  };

export interface UploadOptions {
	/** Replace an uploaded scenario with the same id; without it such an upload is refused (409). */
	replace?: boolean;
	/** How many sessions were created with a scenario id (named in the refusal). */
	sessionsUsing?: (id: string) => Promise<number>;
}

/**
 * Checks an uploaded scenario file and stores it when it is valid. Invalid files are refused with
 * the checker's located errors and change nothing; a bundled scenario's id cannot be taken; an
 * uploaded one's is replaced only with `replace` (else 409 naming its version and sessions).
 */
export async function uploadScenario(
	bytes: Uint8Array,
	fileName = 'upload.yaml',
	options: UploadOptions = {}
): Promise<UploadResult> {
	if (bytes.byteLength > MAX_SCENARIO_BYTES) {
		return {
			ok: false,
			status: 413,
			message: `the file is larger than ${MAX_SCENARIO_BYTES} bytes`,
			errors: [],
			warnings: []
		};
	}
	// Off the main thread: an adversarial file must not stop every live session while it is parsed.
	const result = await checkScenario(bytes, fileName);
	const checked = entryOf(fileName, 'uploaded', result, Date.now());
	if (!checked.valid || !checked.source) {
		return {
			ok: false,
			status: 422,
			message: 'the scenario has errors',
			errors: checked.errors,
			warnings: checked.warnings
		};
	}
	const id = checked.source.id;
	const bundled = await loadDir(SCENARIOS_DIR, 'bundled');
	if (bundled.some((e) => e.id === id)) {
		return {
			ok: false,
			status: 409,
			message: `'${id}' is the id of a bundled scenario; give yours another id`,
			errors: [],
			warnings: []
		};
	}
	await mkdir(UPLOAD_DIR, { recursive: true });
	const path = join(UPLOAD_DIR, `${id}.yaml`);
	const replaced = existsSync(path);
	if (replaced && !options.replace) {
		// Never silently: the caller asks, and sessions that ran the old version keep it (each
		// session stores the scenario file it was created with).
		const old = (await listScenarios()).find((e) => e.path === path);
		const existing: ExistingUpload = {
			id,
			title: old?.source?.title ?? id,
			version: old?.source?.version ?? null,
			newVersion: checked.source.version,
			sessions: (await options.sessionsUsing?.(id)) ?? 0
		};
		const used = `used by ${existing.sessions} session${existing.sessions === 1 ? '' : 's'}`;
		return {
			ok: false,
			status: 409,
			message: `a scenario with the id '${id}' exists (version ${existing.version ?? 'unknown'}, ${used}); replace it?`,
			errors: [],
			warnings: checked.warnings,
			existing
		};
	}
	const temp = join(UPLOAD_DIR, `.${id}.yaml.tmp`);
	await writeFile(temp, bytes);
	await rename(temp, path);
	// Cache what the worker found under the stored file, so the library does not parse it again.
	const info = await stat(path);
	const stored = basename(path);
	const relocate = (l: Located): Located => ({ ...l, file: stored });
	cache.set(path, {
		key: `${info.mtimeMs}:${info.size}`,
		entry: {
			...checked,
			path,
			fileName: stored,
			errors: checked.errors.map(relocate),
			warnings: checked.warnings.map(relocate),
			mtimeMs: info.mtimeMs
		}
	});
	const entry = (await listScenarios()).find((e) => e.path === path)!;
	return { ok: true, entry, replaced };
}

/** The scenario's file exactly as stored (for its download). */
export function scenarioFileBytes(entry: CatalogueEntry): Promise<Uint8Array<ArrayBuffer>> {
	return readFile(entry.path);
}
