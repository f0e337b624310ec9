/** `SummaryStore` over PostgreSQL: one row per ended session in `summaries`. */
import type { SessionSummary } from '#lib/engine/score/summary.js';
import type { SummaryStore } from '../summaries';
import type { PgDatabase } from './db';

export class PgSummaryStore implements SummaryStore {
	/**
	 * The summaries read so far, with the version (`xmin`) of the row each was read from. A row
	 * that did not change gives back the same object: the dashboard keeps a compact record and a
	 * built view per summary object, so new objects on every read meant rebuilding both on every
	 * request. Any write (here or on another instance) gives the row a new `xmin`.
	 */
	private readonly read = new Map<string, { version: string; summary: SessionSummary }>();

	constructor(private readonly db: PgDatabase) {}

	async all(): Promise<SessionSummary[]> {
		const { rows } = await this.db.query<{ session_id: string; version: string }>(
			'SELECT session_id, xmin::text AS version FROM summaries ORDER BY session_id'
		);
		const changed = rows
			.filter((r) => this.read.get(r.session_id)?.version !== r.version)
			.map((r) => r.session_id);
		if (changed.length > 0) {
			const fresh = await this.db.query<{
				session_id: string;
				version: string;
				summary: SessionSummary;
			}>(
				'SELECT session_id, xmin::text AS version, summary FROM summaries WHERE session_id = ANY($1)',
				[changed]
			);
			for (const r of fresh.rows) {
				this.read.set(r.session_id, { version: r.version, summary: r.summary });
			}
		}
		const out: SessionSummary[] = [];
		const listed = new Set<string>();
		for (const r of rows) {
			listed.add(r.session_id);
			const kept = this.read.get(r.session_id);
			// Removed between the two reads: left out, as it would be a moment later.
			if (kept) out.push(kept.summary);
		}
		for (const id of this.read.keys()) if (!listed.has(id)) this.read.delete(id);
		return out;
	}

	async get(sessionId: string): Promise<SessionSummary | undefined> {
		const { rows } = await this.db.query<{ summary: SessionSummary }>(
			'SELECT summary FROM summaries WHERE session_id = $1',
			[sessionId]
		);
		return rows[0]?.summary;
	}

	async put(summary: SessionSummary): Promise<void> {
		await this.db.query(
			`INSERT INTO summaries (session_id, summary) VALUES ($1, $2)
			 ON CONFLICT (session_id) DO UPDATE SET summary = excluded.summary`,
			[summary.sessionId, JSON.stringify(summary)]
		);
	}

	async remove(sessionId: string): Promise<void> {
		await this.db.query('DELETE FROM summaries WHERE session_id = $1', [sessionId]);
	}
}
