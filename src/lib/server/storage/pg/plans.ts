/**
 * `PlanRevisionStore` over PostgreSQL: `plan_revisions`, keyed by `rev`. A revision is added only
 * as the next after the latest; the primary key settles two writers adding the same one.
 */
import { WriteConflictError } from '../errors';
import type { PlanRevision, PlanRevisionStore } from '../plans';
import { isUniqueViolation, type PgDatabase } from './db';

export class PgPlanRevisionStore implements PlanRevisionStore {
	constructor(private readonly db: PgDatabase) {}

	async list(): Promise<PlanRevision[]> {
		const { rows } = await this.db.query<{ revision: PlanRevision }>(
			'SELECT revision FROM plan_revisions ORDER BY rev'
		);
		return rows.map((r) => r.revision);
	}

	async add(revision: PlanRevision): Promise<void> {
		const text = JSON.stringify(revision);
		try {
			await this.db.transaction(async (client) => {
				const { rows } = await client.query<{ latest: number | null }>(
					'SELECT max(rev) AS latest FROM plan_revisions'
				);
				const latest = rows[0].latest ?? 0;
				if (revision.rev !== latest + 1) {
					throw new WriteConflictError(
						`plan revision ${revision.rev} cannot follow revision ${latest}`
					);
				}
				await client.query('INSERT INTO plan_revisions (rev, revision) VALUES ($1, $2)', [
					revision.rev,
					text
				]);
			});
		} catch (e) {
			if (isUniqueViolation(e))
				throw new WriteConflictError(`plan revision ${revision.rev} was added by another writer`);
			throw e;
		}
	}
}
