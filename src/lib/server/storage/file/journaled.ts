/**
 * A session file with a journal beside it: the durable write behind every acknowledgement is a
 * small append to `<id>.journal` (one line per commit: the events, token hashes and metadata it
 * added), flushed with fdatasync, instead of a rewrite of the whole session file. The session
 * file itself (a lowdb JSON document) is rewritten now and then from what is durable, and the
 * journal emptied after it: a checkpoint.
 *
 * Why: a durable whole-file rewrite (temporary file, fsync, rename, fsync of the folder) costs
 * 10 to 30 ms on this kind of disk, and the disk does about 250 of them a second for all
 * sessions together; an fdatasync'd append costs well under a millisecond. See
 * docs/performance.md.
 *
 * Reading a session is reading its file, then the journal's complete lines in order. Lines the
 * file already holds (a crash after a checkpoint's rewrite, before the journal was emptied) are
 * skipped; a last line without its newline is an append that never finished, so it was never
 * acknowledged and is left out. Any other damage (a line that is not JSON, a gap in the events)
 * stops the opening with the journal's name, the line and the reason, and changes nothing.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { DataFileError, DurableJsonFile } from './durable-file';
import type { SessionMeta } from '../sessions';
import type { SessionFile } from './session-files';
import { log } from '../../log';

/** One line of a journal: what one commit added to the session file. */
interface JournalRecord {
	/** The seq of the first event in `events` (the file's event count + 1 when written). */
	from: number;
	events: SessionEvent[];
	tokens?: Record<string, string>;
	meta?: SessionMeta;
}

/** How every journal line begins. */
const RECORD_START = '{"from":';

/** Checkpoint once the journal holds this many bytes... */
const CHECKPOINT_BYTES = 256 * 1024;
/** ...or when the session has been quiet this long with something in its journal. */
const CHECKPOINT_IDLE_MS = 2_000;

interface Waiter {
	resolve: () => void;
	reject: (e: unknown) => void;
}

/** The journal's path for a session file `<dir>/<id>.json`. */
export function journalPath(file: string): string {
	return file.replace(/\.json$/, '.journal');
}

/**
 * Applies a journal's text to the session file's data, in place. Returns the length in bytes of
 * the complete lines (what a later append must follow). Throws `DataFileError` on damage.
 */
export function applyJournal(data: SessionFile, text: string, journal: string): number {
	let offset = 0;
	let line = 0;
	while (offset < text.length) {
		const end = text.indexOf('\n', offset);
		if (end < 0) {
			// An append that never finished was never acknowledged; anything else is damage.
			const rest = text.slice(offset, offset + RECORD_START.length);
			if (RECORD_START.startsWith(rest) || rest.startsWith(RECORD_START)) break;
			throw new DataFileError(
				journal,
				`line ${line + 1} is not a journal record and has no end (${text.length - offset} bytes)`
			);
		}
		line++;
		const raw = text.slice(offset, end);
		offset = end + 1;
		let record: JournalRecord;
		try {
			record = JSON.parse(raw) as JournalRecord;
		} catch (e) {
			throw new DataFileError(journal, `line ${line} is not valid JSON (${(e as Error).message})`);
		}
		if (
			!record ||
			typeof record !== 'object' ||
			!Number.isInteger(record.from) ||
			!Array.isArray(record.events)
		) {
			throw new DataFileError(journal, `line ${line} is not a journal record`);
		}
		const have = data.events.length;
		const last = record.from + record.events.length - 1;
		if (record.from > have + 1) {
			throw new DataFileError(
				journal,
				`line ${line} starts at event ${record.from}, but the session file and the lines ` +
					`before it end at event ${have}: events are missing`
			);
		}
		// Already in the file (written by a checkpoint that crashed before emptying the journal).
		if (record.events.length > 0 ? last <= have : record.from <= have) continue;
		for (let i = have + 1 - record.from; i < record.events.length; i++) {
			const event = record.events[i];
			if (!event || event.seq !== data.events.length + 1 || typeof event.type !== 'string') {
				throw new DataFileError(
					journal,
					`line ${line}: event ${data.events.length + 1} is damaged (expected seq ${data.events.length + 1})`
				);
			}
			data.events.push(event);
		}
		if (record.tokens) Object.assign(data.tokens, record.tokens);
		if (record.meta) data.meta = record.meta;
	}
	return Buffer.byteLength(text.slice(0, offset));
}

/**
 * A session document with group commit, like `DurableDoc`: change `data` in place, then
 * `await commit()`; it resolves once a journal append carrying the change is on disk. If an
 * append fails, the journal is cut back to its last complete line, `data` goes back to what is
 * durable, `onRollback` runs and every waiting commit rejects.
 */
export class JournaledSessionDoc {
	/** Called after a failed write has restored `data` to what is durable. */
	onRollback: (() => void) | null = null;
	/** Journal appends and file rewrites done, for tests and benchmarks. */
	appends = 0;
	checkpoints = 0;

	private waiting: Waiter[] = [];
	private flushing: Promise<void> | null = null;
	/** What is durable: the events, the token hashes and the metadata (as JSON). */
	private durableEvents: number;
	private durableTokens: Set<string>;
	private durableMeta: string;
	/** Bytes of complete lines in the journal; `cut` when a failed append may have left more. */
	private journalBytes: number;
	private cut = false;
	private idle: ReturnType<typeof setTimeout> | null = null;
	private closed = false;
	private readonly journal: string;

	private constructor(
		readonly file: string,
		private readonly adapter: DurableJsonFile<SessionFile>,
		public data: SessionFile,
		journalBytes: number,
		private readonly serialise: (file: SessionFile) => string,
		/** The journal may end in a piece of a line (a crash mid-append): cut it before appending. */
		torn: boolean
	) {
		this.journal = journalPath(file);
		this.durableEvents = data.events.length;
		this.durableTokens = new Set(Object.keys(data.tokens));
		this.durableMeta = JSON.stringify(data.meta);
		this.journalBytes = journalBytes;
		this.cut = torn;
	}

	/** Opens the session at `file` with its journal; null if the file does not exist. */
	static async open(
		file: string,
		validate: (data: unknown) => string | null,
		serialise: (file: SessionFile) => string
	): Promise<JournaledSessionDoc | null> {
		const adapter = new DurableJsonFile<SessionFile>(file, validate);
		const data = await adapter.read();
		if (data === null) return null;
		const journal = journalPath(file);
		let bytes = 0;
		let text: string | null = null;
		try {
			text = await readFile(journal, 'utf8');
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
				throw new DataFileError(journal, `cannot be read (${(e as Error).message})`);
		}
		if (text !== null) bytes = applyJournal(data, text, journal);
		const torn = text !== null && Buffer.byteLength(text) > bytes;
		return new JournaledSessionDoc(file, adapter, data, bytes, serialise, torn);
	}

	/** Writes a new session file (no journal yet) and opens it. */
	static async create(
		file: string,
		data: SessionFile,
		validate: (data: unknown) => string | null,
		serialise: (file: SessionFile) => string
	): Promise<JournaledSessionDoc> {
		const adapter = new DurableJsonFile<SessionFile>(file, validate);
		await mkdir(dirname(file), { recursive: true });
		if (existsSync(journalPath(file))) await truncate(journalPath(file), 0);
		await adapter.writeText(serialise(data));
		return new JournaledSessionDoc(file, adapter, data, 0, serialise, false);
	}

	/** Resolves when the current data is durably on disk. */
	commit(): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			this.waiting.push({ resolve, reject });
			this.kick();
		});
	}

	/** Starts the writer unless it runs; it restarts itself for commits that came in late. */
	private kick(): void {
		if (this.flushing || this.waiting.length === 0) return;
		this.flushing = this.flush().finally(() => {
			this.flushing = null;
			this.kick();
		});
	}

	/** Resolves once no write is in flight (before another copy of the file is opened). */
	async settled(): Promise<void> {
		while (this.flushing) await this.flushing;
	}

	/** Rewrites the session file from what is durable and empties the journal (when idle). */
	checkpoint(): Promise<void> {
		return this.commit();
	}

	/** Stops the idle checkpoint timer (the journal keeps what the file lacks). */
	close(): void {
		this.closed = true;
		if (this.idle) clearTimeout(this.idle);
		this.idle = null;
	}

	private async flush(): Promise<void> {
		if (this.idle) clearTimeout(this.idle);
		this.idle = null;
		while (this.waiting.length > 0) {
			const batch = this.waiting;
			this.waiting = [];
			const record = this.pendingRecord();
			if (record) {
				try {
					await this.append(record);
				} catch (e) {
					// Changes queued during the failed write sit on top of the lost ones: drop them too.
					const failed = [...batch, ...this.waiting];
					this.waiting = [];
					this.rollback();
					for (const w of failed) w.reject(e);
					continue;
				}
			}
			// An append is acknowledged before any checkpoint: that only tidies up what the journal
			// keeps already. A commit with nothing new (`checkpoint()`) waits for the rewrite.
			if (record) for (const w of batch) w.resolve();
			if (this.journalBytes >= CHECKPOINT_BYTES || (!record && this.journalBytes > 0)) {
				try {
					await this.rewrite();
				} catch (e) {
					log.error(
						{ file: this.file, err: e },
						'checkpoint failed; the journal keeps the changes'
					);
				}
			}
			if (!record) for (const w of batch) w.resolve();
		}
		if (this.journalBytes > 0 && !this.closed) {
			this.idle = setTimeout(() => void this.checkpoint(), CHECKPOINT_IDLE_MS);
			this.idle.unref?.();
		}
	}

	/** What changed since the last durable write, as one journal record; null if nothing. */
	private pendingRecord(): JournalRecord | null {
		const events = this.data.events.slice(this.durableEvents);
		let tokens: Record<string, string> | undefined;
		for (const hash in this.data.tokens) {
			if (this.durableTokens.has(hash)) continue;
			(tokens ??= {})[hash] = this.data.tokens[hash];
		}
		const meta = JSON.stringify(this.data.meta);
		const metaChanged = meta !== this.durableMeta;
		if (events.length === 0 && !tokens && !metaChanged) return null;
		const record: JournalRecord = { from: this.durableEvents + 1, events };
		if (tokens) record.tokens = tokens;
		if (metaChanged) record.meta = this.data.meta;
		return record;
	}

	/** Appends one record as a line, flushed with fdatasync; then the change counts as durable. */
	private async append(record: JournalRecord): Promise<void> {
		// Serialised now: `data.meta` may change in place while the write is in flight.
		const line = `${JSON.stringify(record)}\n`;
		const meta = record.meta ? JSON.stringify(record.meta) : null;
		const handle = await open(this.journal, 'a');
		try {
			if (this.cut) {
				// A failed or torn append may have left part of a line: cut back to whole lines.
				await handle.truncate(this.journalBytes);
				this.cut = false;
			}
			const bytes = Buffer.from(line, 'utf8');
			this.cut = true;
			// A nearly full disk takes part of a write and refuses the rest on the next one.
			for (let done = 0; done < bytes.length;) {
				const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
				if (bytesWritten === 0) throw new Error(`${this.journal}: the disk took no more bytes`);
				done += bytesWritten;
			}
			await handle.datasync();
			this.cut = false;
			this.journalBytes += bytes.length;
		} finally {
			await handle.close().catch(() => {});
		}
		this.appends++;
		this.durableEvents = record.from - 1 + record.events.length;
		if (record.tokens) for (const hash in record.tokens) this.durableTokens.add(hash);
		if (meta !== null) this.durableMeta = meta;
	}

	/** The session file rewritten from what is durable, then the journal emptied. */
	private async rewrite(): Promise<void> {
		const durable: SessionFile = {
			...this.data,
			meta: JSON.parse(this.durableMeta) as SessionMeta,
			tokens: Object.fromEntries(
				Object.entries(this.data.tokens).filter(([hash]) => this.durableTokens.has(hash))
			),
			events:
				this.data.events.length === this.durableEvents
					? this.data.events
					: this.data.events.slice(0, this.durableEvents)
		};
		await this.adapter.writeText(this.serialise(durable));
		const handle = await open(this.journal, 'r+');
		try {
			await handle.truncate(0);
			await handle.datasync();
		} finally {
			await handle.close().catch(() => {});
		}
		this.journalBytes = 0;
		this.cut = false;
		this.checkpoints++;
	}

	/** Puts `data` back to what is durable after a failed append. */
	private rollback(): void {
		this.data.events.length = this.durableEvents;
		for (const hash of Object.keys(this.data.tokens)) {
			if (!this.durableTokens.has(hash)) delete this.data.tokens[hash];
		}
		this.data.meta = JSON.parse(this.durableMeta) as SessionMeta;
		this.onRollback?.();
	}
}
