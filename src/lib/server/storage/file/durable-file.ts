/**
 * A lowdb document on disk that is safe to acknowledge from: writes go to a temporary file that
 * is fsynced and renamed over the original (never a half-written file), and writes that arrive
 * while one is in flight are committed together in the next one (group commit). A file that
 * exists but cannot be parsed is never overwritten: opening it fails with the file and the
 * reason, so an operator can restore it.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';

/** A data file that exists but is unreadable or corrupt; the app refuses to run over it. */
export class DataFileError extends Error {
	constructor(
		readonly file: string,
		readonly reason: string
	) {
		super(`${file}: ${reason}`);
		this.name = 'DataFileError';
	}
}

/** JSON adapter for lowdb: atomic, fsynced writes; strict reads. */
export class DurableJsonFile<T> implements Adapter<T> {
	private readonly temp: string;

	constructor(
		readonly file: string,
		private readonly validate?: (data: unknown) => string | null
	) {
		this.temp = join(dirname(file), `.${basename(file)}.tmp`);
	}

	async read(): Promise<T | null> {
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
			throw new DataFileError(this.file, `cannot be read (${(e as Error).message})`);
		}
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (e) {
			const size = Buffer.byteLength(text);
			throw new DataFileError(
				this.file,
				`is not valid JSON (${(e as Error).message}; ${size} bytes)`
			);
		}
		const problem = this.validate?.(data) ?? null;
		if (problem) throw new DataFileError(this.file, problem);
		return data as T;
	}

	async write(data: T): Promise<void> {
		await this.writeText(JSON.stringify(data));
	}

	/** Writes already-serialised data: temp file, fsync, rename, fsync of the folder. */
	async writeText(text: string): Promise<void> {
		const handle = await open(this.temp, 'w');
		try {
			await handle.writeFile(text, 'utf8');
			await handle.sync();
		} catch (e) {
			await handle.close().catch(() => {});
			await unlink(this.temp).catch(() => {});
			throw e;
		}
		await handle.close();
		await rename(this.temp, this.file);
		const dir = await open(dirname(this.file), 'r');
		try {
			await dir.sync().catch(() => {});
		} finally {
			await dir.close();
		}
	}
}

interface Waiter {
	resolve: () => void;
	reject: (e: unknown) => void;
}

/**
 * A lowdb document with group commit. Change `data` in place, then `await commit()`: it resolves
 * once a write that started after your change is on disk. If a write fails (disk full, read-only
 * folder), `data` goes back to what is on disk, `onRollback` runs, and every waiting commit
 * rejects: nothing that was not saved is acknowledged or kept.
 */
export class DurableDoc<T> {
	readonly db: Low<T>;
	private waiting: Waiter[] = [];
	private flushing = false;
	private durableText: string | null = null;
	/** Called after a failed write has restored `data` from the last durable copy. */
	onRollback: (() => void) | null = null;
	/** Number of writes done, for benchmarks and tests of coalescing. */
	writes = 0;

	private constructor(
		readonly file: string,
		private readonly adapter: DurableJsonFile<T>,
		private readonly defaults: () => T,
		private readonly serialise: (data: T) => string
	) {
		this.db = new Low<T>(adapter, defaults());
	}

	/**
	 * Opens the document at `file`; a missing file starts from `defaults` (written on commit).
	 * `serialise` must give the JSON text of the data (default `JSON.stringify`); a document
	 * that grows by appending can re-use the text of what it already wrote.
	 */
	static async open<T>(
		file: string,
		defaults: () => T,
		validate?: (data: unknown) => string | null,
		serialise: (data: T) => string = (data) => JSON.stringify(data)
	): Promise<DurableDoc<T>> {
		await mkdir(dirname(file), { recursive: true });
		const doc = new DurableDoc<T>(
			file,
			new DurableJsonFile<T>(file, validate),
			defaults,
			serialise
		);
		await doc.db.read();
		doc.durableText = existsSync(file) ? JSON.stringify(doc.db.data) : null;
		return doc;
	}

	get data(): T {
		return this.db.data;
	}

	/** Resolves when the current data is durably on disk. */
	commit(): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			this.waiting.push({ resolve, reject });
			if (!this.flushing) void this.flush();
		});
	}

	private async flush(): Promise<void> {
		this.flushing = true;
		while (this.waiting.length > 0) {
			const batch = this.waiting;
			this.waiting = [];
			const text = this.serialise(this.db.data);
			try {
				await this.adapter.writeText(text);
				this.durableText = text;
				this.writes++;
				for (const w of batch) w.resolve();
			} catch (e) {
				// Changes queued during the failed write sit on top of the lost ones: drop them too.
				const failed = [...batch, ...this.waiting];
				this.waiting = [];
				this.db.data = this.durableText === null ? this.defaults() : JSON.parse(this.durableText);
				this.onRollback?.();
				for (const w of failed) w.reject(e);
			}
		}
		this.flushing = false;
	}
}

/**
 * The document at `file`, opened on first use (see `DurableDoc.open`); a failed open is not kept,
 * so once an operator restores the file the next use opens it.
 */
export function lazyDoc<T>(
	file: string,
	defaults: () => T,
	validate?: (data: unknown) => string | null
): () => Promise<DurableDoc<T>> {
	let opening: Promise<DurableDoc<T>> | null = null;
	return () => {
		opening ??= DurableDoc.open<T>(file, defaults, validate).catch((e: unknown) => {
			opening = null;
			throw e;
		});
		return opening;
	};
}

/** Fsyncs the folder `dir`, so that renames and deletions in it are durable. */
export async function syncFolder(dir: string): Promise<void> {
	const handle = await open(dir, 'r');
	try {
		await handle.sync().catch(() => {});
	} finally {
		await handle.close();
	}
}

/** Deletes `file` (nothing when it is missing), then fsyncs its folder so the deletion is durable. */
export async function removeDurably(file: string): Promise<void> {
	try {
		await unlink(file);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw e;
	}
	await syncFolder(dirname(file));
}
