/**
 * Copies a Sandtable data folder, while the app runs, into a new folder a second app can start
 * from: `npm run backup -- <destination> [--data <data folder>]` (the data folder defaults to
 * $DATA_DIR, else ./data).
 *
 * Why a plain copy is consistent: the app replaces every data file atomically (a temporary file,
 * fsync, rename), so each file read here is one complete version. Across files, the copy goes in
 * the reverse order of the app's multi-file writes, so the backup never holds the later write of
 * such a pair without the earlier one (see docs/operations.md):
 *   summaries/ (written last when a session ends) -> improvements.json -> plan.json ->
 *   sessions/index.json -> sessions/<id>.journal -> sessions/<id>.json -> everything else.
 * A journal is only appended to, or emptied after its lines are in the session file, so its copy
 * is a prefix of it: a last line cut short is an answer not yet acknowledged when it was read.
 * A session created after the index was copied is still copied as a file, and the app adds it to
 * its index when it starts. Temporary files (`.<name>.tmp`, `<name>.tmp`) are skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

/** Copy order: earlier entries are written last by the app when it writes several files. */
const ORDER = ['summaries', 'improvements.json', 'plan.json', 'sessions/index.json', 'sessions'];

export interface BackupResult {
	destination: string;
	files: { path: string; bytes: number; sha256: string }[];
	ms: number;
}

function isTemporary(name: string): boolean {
	return name.endsWith('.tmp');
}

/** `cache/` holds what the app can compute again (scenario check results): not backed up. */
function isCache(root: string, path: string): boolean {
	return relative(root, path) === 'cache';
}

/** Every file under `dir`, as paths relative to `root`, in name order. */
function filesUnder(root: string, dir: string): string[] {
	if (!existsSync(dir)) return [];
	if (!statSync(dir).isDirectory()) return [relative(root, dir)];
	const out: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		if (isTemporary(name)) continue;
		const path = join(dir, name);
		if (isCache(root, path)) continue;
		if (statSync(path).isDirectory()) out.push(...filesUnder(root, path));
		else out.push(relative(root, path));
	}
	return out;
}

/** Reads a file once; a JSON file must parse (an atomic rename never shows a partial one). */
async function readComplete(path: string): Promise<Buffer> {
	for (let attempt = 1; ; attempt++) {
		let bytes: Buffer;
		try {
			bytes = await readFile(path);
		} catch (e) {
			// Replaced or removed between listing and reading: the app's rename won the race.
			if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue;
			throw e;
		}
		if (!path.endsWith('.json')) return bytes;
		try {
			JSON.parse(bytes.toString('utf8'));
			return bytes;
		} catch (e) {
			if (attempt >= 3) {
				throw new Error(
					`${path}: is not valid JSON (${(e as Error).message}); the data folder itself is damaged, ` +
						'see docs/operations.md',
					{ cause: e }
				);
			}
		}
	}
}

async function writeDurably(path: string, bytes: Buffer, mode = 0o644): Promise<void> {
	await mkdir(dirname(path), { recursive: true });
	const temp = `${path}.tmp`;
	const handle = await open(temp, 'w', mode);
	try {
		await handle.writeFile(bytes);
		await handle.sync();
	} finally {
		await handle.close();
	}
	await rename(temp, path);
}

async function syncDir(dir: string): Promise<void> {
	const handle = await open(dir, 'r');
	try {
		await handle.sync().catch(() => {});
	} finally {
		await handle.close();
	}
}

/** Copies the data folder `source` into `destination` (which must not exist or be empty). */
export async function backup(source: string, destination: string): Promise<BackupResult> {
	const started = Date.now();
	const from = resolve(source);
	const to = resolve(destination);
	if (!existsSync(from) || !statSync(from).isDirectory()) {
		throw new Error(`${from}: no such data folder`);
	}
	if (!existsSync(join(from, 'accounts.json')) && !existsSync(join(from, 'sessions'))) {
		throw new Error(`${from}: does not look like a Sandtable data folder (no accounts.json)`);
	}
	if (to === from || to.startsWith(from + '/')) {
		throw new Error(`${to}: the backup must be outside the data folder`);
	}
	if (existsSync(to) && (await readdir(to)).length > 0) {
		throw new Error(`${to}: exists and is not empty; choose a new folder for each backup`);
	}
	await mkdir(to, { recursive: true });

	const done = new Set<string>();
	const files: BackupResult['files'] = [];
	const copy = async (path: string) => {
		if (done.has(path)) return;
		done.add(path);
		const bytes = await readComplete(join(from, path));
		// The copy keeps the file's permissions: the record-signing key stays private (0600).
		await writeDurably(join(to, path), bytes, statSync(join(from, path)).mode & 0o777);
		files.push({
			path,
			bytes: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex')
		});
	};
	for (const entry of ORDER) {
		const paths = filesUnder(from, join(from, entry));
		// A session's journal before its file: a checkpoint writes the file, then empties the
		// journal, so a journal copied first is either still needed or already in the file.
		for (const path of paths.filter((p) => p.endsWith('.journal'))) await copy(path);
		for (const path of paths) await copy(path);
	}
	// Everything else: accounts, debrief edits, uploaded scenarios, files of later versions.
	for (const path of filesUnder(from, from)) await copy(path);

	const dirs = new Set(files.map((f) => dirname(join(to, f.path))));
	for (const dir of dirs) await syncDir(dir);
	const result = { destination: to, files, ms: Date.now() - started };
	const manifest = {
		createdAt: new Date().toISOString(),
		source: from,
		files: files.map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 }))
	};
	await writeFile(join(to, 'BACKUP.json'), JSON.stringify(manifest, null, '\t'));
	await syncDir(to);
	return result;
}

async function main(argv: string[]): Promise<number> {
	const args = [...argv];
	let data = process.env.DATA_DIR || 'data';
	const i = args.indexOf('--data');
	if (i >= 0) {
		data = args[i + 1];
		args.splice(i, 2);
	}
	if (args.length !== 1 || !data || args[0].startsWith('-')) {
		console.error('usage: npm run backup -- <destination folder> [--data <data folder>]');
		return 2;
	}
	try {
		const result = await backup(data, args[0]);
		const bytes = result.files.reduce((n, f) => n + f.bytes, 0);
		console.log(
			`Backed up ${result.files.length} files (${bytes.toLocaleString('en')} bytes) from ` +
				`${resolve(data)} to ${result.destination} in ${result.ms} ms.`
		);
		return 0;
	} catch (e) {
		console.error(`backup failed: ${(e as Error).message}`);
		return 1;
	}
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('backup.ts')) {
	process.exitCode = await main(process.argv.slice(2));
}
