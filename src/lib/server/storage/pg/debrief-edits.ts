/** `DebriefEditStore` over PostgreSQL: one row per session in `debrief_edits`. */
import type { DebriefEditStore, StoredEdits } from '../debrief-edits';
import type { PgDatabase } from './db';

export class PgDebriefEditStore implements DebriefEditStore {
	constructor(private readonly db: PgDatabase) {}

	async get(sessionId: string): Promise<StoredEdits | null> {
		const { rows } = await this.db.query<{ edits: StoredEdits }>(
			'SELECT edits FROM debrief_edits WHERE session_id = $1',
			[sessionId]
		);
		return rows[0]?.edits ?? null;
	}

	async put(edits: StoredEdits): Promise<void> {
		await this.db.query(
			`INSERT INTO debrief_edits (session_id, edits) VALUES ($1, $2)
			 ON CONFLICT (session_id) DO UPDATE SET edits = excluded.edits`,
			[edits.sessionId, JSON.stringify(edits)]
		);
	}

	async remove(sessionId: string): Promise<void> {
		await this.db.query('DELETE FROM debrief_edits WHERE session_id = $1', [sessionId]);
	}
}
