/**
 * The library's check results kept on disk between starts, in `<DATA_DIR>/cache/scenario-checks/`.
 *
 * Checking the bundled scenarios (parse, schema, path explorer) takes about 4 s of a core in a
 * worker after every start (measured: 0.5 to 2 s per bundled file). A restart during an exercise
 * spent that while every trainee reconnected, and the bench's start-ups measured each other's.
 * A result is kept under the hash of the file's bytes, its name (the problems carry it) and the
 * app's build version, so a changed file or a new build (new checker) is checked again; entries
 * of other builds are removed when the first result of a build is written.
 *
 * It is a cache: a missing, unreadable or damaged entry is a miss, nothing more, and it is left
 * out of backups. Entries are written whole (a temporary file renamed), without fsync.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { LoadResult } from '#lib/engine/scenario/load.js';
import { log } from './log';

export class ScenarioCheckCache {
	private pruned = false;
	/** Names this build's entries: a hash of the build version. */
	private readonly prefix: string;

	/** `build` names the checker's code: the app's build version. */
	constructor(
		readonly dir: string,
		build: string
	) {
		this.prefix = `${createHash('sha256').update(build).digest('hex').slice(0, 12)}-`;
	}

	private path(bytes: Uint8Array, fileName: string): string {
		const hash = createHash('sha256').update(fileName).update('\0').update(bytes).digest('hex');
		return join(this.dir, `${this.prefix}${hash}.v8`);
	}

	/** The result stored for these bytes under this name by this build, or null. */
	async get(bytes: Uint8Array, fileName: string): Promise<LoadResult | null> {
		try {
			const result = deserialize(await readFile(this.path(bytes, fileName))) as LoadResult;
			return result && Array.isArray(result.errors) && Array.isArray(result.warnings)
				? result
				: null;
		} catch {
			return null;
		}
	}

	/** Keeps `result` for these bytes; a failure to write is logged, never thrown. */
	async put(bytes: Uint8Array, fileName: string, result: LoadResult): Promise<void> {
		const path = this.path(bytes, fileName);
		const temp = `${path}.${process.pid}.tmp`;
		try {
			await mkdir(this.dir, { recursive: true });
			if (!this.pruned) {
				this.pruned = true;
				for (const name of await readdir(this.dir)) {
					if (!name.startsWith(this.prefix)) await rm(join(this.dir, name), { force: true });
				}
			}
			await writeFile(temp, serialize(result), { mode: 0o600 });
			await rename(temp, path);
		} catch (err) {
			await rm(temp, { force: true }).catch(() => {});
			log.warn({ err, file: fileName }, 'could not keep the scenario check result');
		}
	}
}
