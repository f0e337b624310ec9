/** `SummaryStore` over PostgreSQL: one row per ended session in `summaries`. */
import type { SessionSummary } from '#lib/engine/score/summary.js';
import type { SummaryStore } from '../summaries';
import type { PgDatabase } from './db';

export class PgSummaryStore implements SummaryStore {
	constructor(private readonly db: PgDatabase) {}

	async all(): Promise<SessionSummary[]> {
		const { rows } = await this.db.query<{ summary: SessionSummary }>(
			'SELECT summary FROM summaries ORDER BY session_id'
		);
		return rows.map((r) => r.summary);
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
