/**
 * `ImprovementItemStore` over PostgreSQL: `improvement_items`, unique by id and by (session_id,
 * draft_key); `version` (the history's length) is what a replace is checked against, in the
 * UPDATE itself, so of two writers changing the same version one wins.
 */
import { WriteConflictError } from '../errors';
import type { ImprovementItem, ImprovementItemStore } from '../improvements';
import { isUniqueViolation, type PgDatabase } from './db';

export class PgImprovementItemStore implements ImprovementItemStore {
	constructor(private readonly db: PgDatabase) {}

	async list(): Promise<ImprovementItem[]> {
		const { rows } = await this.db.query<{ item: ImprovementItem }>(
			'SELECT item FROM improvement_items ORDER BY position'
		);
		return rows.map((r) => r.item);
	}

	async add(items: ImprovementItem[]): Promise<void> {
		if (items.length === 0) return;
		try {
			await this.db.query(
				`INSERT INTO improvement_items (id, session_id, draft_key, version, item)
				 SELECT id, session_id, draft_key, version, item
				 FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::json[])
				 WITH ORDINALITY AS t(id, session_id, draft_key, version, item, n) ORDER BY n`,
				[
					items.map((i) => i.id),
					items.map((i) => i.sessionId),
					items.map((i) => i.draftKey),
					items.map((i) => i.history.length),
					items.map((i) => JSON.stringify(i))
				]
			);
		} catch (e) {
			if (isUniqueViolation(e)) {
				throw new WriteConflictError(
					`an improvement item of ${items.map((i) => i.id).join(', ')} (or its draft) exists already`
				);
			}
			throw e;
		}
	}

	async replace(item: ImprovementItem, basedOn: number): Promise<void> {
		const { rowCount } = await this.db.query(
			`UPDATE improvement_items SET session_id = $2, draft_key = $3, version = $4, item = $5
			 WHERE id = $1 AND version = $6`,
			[item.id, item.sessionId, item.draftKey, item.history.length, JSON.stringify(item), basedOn]
		);
		if (!rowCount) {
			throw new WriteConflictError(
				`improvement item ${item.id} changed since it was read, or is gone`
			);
		}
	}

	async removeSession(sessionId: string): Promise<ImprovementItem[]> {
		const { rows } = await this.db.query<{ item: ImprovementItem }>(
			'DELETE FROM improvement_items WHERE session_id = $1 RETURNING item, position',
			[sessionId]
		);
		return rows.map((r) => r.item);
	}
}
