/**
 * The audit log as JSON lines, `${DATA_DIR}/audit.jsonl`: each append writes one line and
 * fdatasyncs it before it resolves; nothing is ever rewritten. Not a lowdb document on purpose:
 * lowdb writes a whole file each time, and this file only grows.
 *
 * A crash in the middle of an append can leave a last line without its newline; it was never
 * durable, so the store cuts it off when it opens. A line that does not parse anywhere else was
 * changed on disk: `list` refuses with its line number (the chain check then has nothing to go
 * on), and appends carry on after the last entry.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chainEntry } from '../../audit/chain';
import type { AuditDraft, AuditEntry, AuditStore } from '../audit';
import { DataFileError } from './durable-file';

export class FileAuditStore implements AuditStore {
	private last: AuditEntry | null = null;
	private handle: FileHandle | null = null;
	private opening: Promise<void> | null = null;
	/** Appends run one after another, in the order they were called. */
	private queue: Promise<unknown> = Promise.resolve();

	constructor(readonly file: string) {}

	private async open(): Promise<void> {
		this.opening ??= (async () => {
			await mkdir(dirname(this.file), { recursive: true });
			if (existsSync(this.file)) {
				const text = await readFile(this.file, 'utf8');
				const end = text.lastIndexOf('\n') + 1;
				if (end < text.length) await truncate(this.file, Buffer.byteLength(text.slice(0, end)));
				const lines = text.slice(0, end).split('\n').filter(Boolean);
				const tail = lines.at(-1);
				if (tail) {
					try {
						this.last = JSON.parse(tail) as AuditEntry;
					} catch {
						throw new DataFileError(this.file, `line ${lines.length} is not JSON`);
					}
				}
			}
			this.handle = await open(this.file, 'a', 0o600);
		})().catch((e) => {
			this.opening = null;
			throw e;
		});
		return this.opening;
	}

	append(draft: AuditDraft): Promise<AuditEntry> {
		const run = this.queue.then(async () => {
			await this.open();
			const entry = chainEntry(draft, this.last);
			await this.handle!.appendFile(JSON.stringify(entry) + '\n', 'utf8');
			await this.handle!.datasync();
			this.last = entry;
			return entry;
		});
		this.queue = run.catch(() => undefined);
		return run;
	}

	async list(): Promise<AuditEntry[]> {
		await this.queue;
		if (!existsSync(this.file)) return [];
		const text = await readFile(this.file, 'utf8');
		const lines = text.split('\n');
		const entries: AuditEntry[] = [];
		for (const [i, line] of lines.entries()) {
			if (!line) continue;
			try {
				entries.push(JSON.parse(line) as AuditEntry);
			} catch {
				throw new DataFileError(this.file, `line ${i + 1} is not JSON: it was changed on disk`);
			}
		}
		return entries;
	}
}
