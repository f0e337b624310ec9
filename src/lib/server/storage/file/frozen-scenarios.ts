/**
 * The scenarios sessions play, frozen, once per version: `<sessions>/frozen/<sha256>.json`, named
 * by the sha256 of their text. A session file names its scenario by that hash (`scenarioRef`)
 * instead of carrying the 100 KB or so of a bundled scenario, so 200 sessions of one scenario
 * store it once on disk and hold it once in memory, and an ended session's file is its log.
 *
 * Sync file calls on purpose: a scenario is written once per version (the first session of it),
 * before the session file that names it, from the session file's serialiser, which is sync; and
 * read once per version per process, then shared.
 */
import { createHash } from 'node:crypto';
import {
	closeSync,
	existsSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	writeSync
} from 'node:fs';
import { join } from 'node:path';
import type { ScenarioFile } from '#lib/engine/scenario/schema.js';
import { DataFileError } from './durable-file';

const REF = /^[0-9a-f]{64}$/;

/** True when `ref` has the shape of a frozen scenario's name (a sha256 in hex). */
export function isScenarioRef(ref: unknown): ref is string {
	return typeof ref === 'string' && REF.test(ref);
}

function fsyncPath(path: string, flags: string): void {
	const fd = openSync(path, flags);
	try {
		fsyncSync(fd);
	} catch {
		// Some file systems refuse to fsync a folder; the rename is as durable as they allow.
	} finally {
		closeSync(fd);
	}
}

/** The frozen scenarios of one data folder. */
export class FrozenScenarios {
	/** Scenario object -> its hash, for the serialiser of every session that plays it. */
	private readonly refs = new WeakMap<ScenarioFile, string>();
	/** Hash -> the scenario, read once and shared (a session never changes its scenario). */
	private readonly loaded = new Map<string, ScenarioFile>();

	constructor(readonly dir: string) {}

	private path(ref: string): string {
		return join(this.dir, `${ref}.json`);
	}

	/**
	 * The hash naming `scenario`, written durably (file and folder fsynced) the first time it is
	 * seen, so that no session file can name a scenario that is not on disk.
	 */
	refOf(scenario: ScenarioFile): string {
		const known = this.refs.get(scenario);
		if (known) return known;
		const text = JSON.stringify(scenario);
		const ref = createHash('sha256').update(text).digest('hex');
		const path = this.path(ref);
		if (!existsSync(path)) {
			mkdirSync(this.dir, { recursive: true });
			const temp = join(this.dir, `.${ref}.${process.pid}.tmp`);
			const fd = openSync(temp, 'w', 0o600);
			try {
				writeSync(fd, text);
				fsyncSync(fd);
			} finally {
				closeSync(fd);
			}
			renameSync(temp, path);
			fsyncPath(this.dir, 'r');
		}
		this.refs.set(scenario, ref);
		if (!this.loaded.has(ref)) this.loaded.set(ref, scenario);
		return ref;
	}

	/** The scenario named `ref`; throws a `DataFileError` when it is missing or not what it says. */
	load(ref: string): ScenarioFile {
		const cached = this.loaded.get(ref);
		if (cached) return cached;
		const path = this.path(ref);
		let text: string;
		try {
			text = readFileSync(path, 'utf8');
		} catch (e) {
			throw new DataFileError(path, `cannot be read (${(e as Error).message})`);
		}
		if (createHash('sha256').update(text).digest('hex') !== ref) {
			throw new DataFileError(path, 'does not match its name (the frozen scenario was changed)');
		}
		const scenario = JSON.parse(text) as ScenarioFile;
		this.loaded.set(ref, scenario);
		this.refs.set(scenario, ref);
		return scenario;
	}
}
