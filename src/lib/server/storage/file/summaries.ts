/**
 * Session summaries, one small file each in `${DATA_DIR}/summaries/`, all held in memory once
 * read (the dashboard reads them all on every view).
 */
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionSummary } from '#lib/engine/score/summary.js';
import type { SummaryStore } from '../summaries';
import { log } from '../../log';
import { removeDurably } from './durable-file';

/** The file implementation of `SummaryStore`. */
/** Summary files read at once when the store loads. */
const READ_AHEAD = 32;

export class FileSummaryStore implements SummaryStore {
	private byId: Map<string, SessionSummary> | null = null;
	private loading: Promise<Map<string, SessionSummary>> | null = null;

	constructor(readonly dir: string) {}

	private async load(): Promise<Map<string, SessionSummary>> {
		if (this.byId) return this.byId;
		this.loading ??= (async () => {
			const map = new Map<string, SessionSummary>();
			if (existsSync(this.dir)) {
				const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
				// READ_AHEAD files at a time: one after another, 10,000 summaries took seconds of
				// start-up waiting on the file system one read at a time.
				for (let i = 0; i < names.length; i += READ_AHEAD) {
					const batch = names.slice(i, i + READ_AHEAD);
					const texts = await Promise.all(
						batch.map((name) => readFile(join(this.dir, name), 'utf8'))
					);
					texts.forEach((text, k) => {
						try {
							const summary = JSON.parse(text) as SessionSummary;
							map.set(summary.sessionId, summary);
						} catch (e) {
							// A summary can always be recomputed from its session: skip, do not stop.
							log.warn({ file: join(this.dir, batch[k]), err: e }, 'unreadable summary skipped');
						}
					});
				}
			}
			this.byId = map;
			return map;
		})();
		return this.loading;
	}

	async all(): Promise<SessionSummary[]> {
		return [...(await this.load()).values()];
	}

	async get(sessionId: string): Promise<SessionSummary | undefined> {
		return (await this.load()).get(sessionId);
	}

	/** Writes a summary durably (temporary file, fsync, rename) and keeps it in memory. */
	async put(summary: SessionSummary): Promise<void> {
		const map = await this.load();
		await mkdir(this.dir, { recursive: true });
		const file = join(this.dir, `${summary.sessionId}.json`);
		const temp = `${file}.tmp`;
		const handle = await open(temp, 'w');
		try {
			await handle.writeFile(JSON.stringify(summary));
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(temp, file);
		map.set(summary.sessionId, summary);
	}

	async remove(sessionId: string): Promise<void> {
		const map = await this.load();
		if (!/^[a-z0-9]{8,40}$/.test(sessionId)) return;
		await removeDurably(join(this.dir, `${sessionId}.json`));
		map.delete(sessionId);
	}
}
