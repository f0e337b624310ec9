/**
 * `OrganisationStore` over PostgreSQL: `organisation_profiles`, one row per saved revision (the
 * latest is the profile). A save is the next revision only; the primary key settles two writers.
 */
import { WriteConflictError } from '../errors';
import type { OrganisationStore, StoredProfile } from '../organisation';
import { isUniqueViolation, type PgDatabase } from './db';

export class PgOrganisationStore implements OrganisationStore {
	constructor(private readonly db: PgDatabase) {}

	async get(): Promise<StoredProfile | null> {
		const { rows } = await this.db.query<{ stored: StoredProfile }>(
			'SELECT stored FROM organisation_profiles ORDER BY rev DESC LIMIT 1'
		);
		return rows[0]?.stored ?? null;
	}

	async put(next: StoredProfile): Promise<void> {
		try {
			await this.db.transaction(async (client) => {
				const { rows } = await client.query<{ latest: number | null }>(
					'SELECT max(rev) AS latest FROM organisation_profiles'
				);
				const latest = rows[0].latest ?? 0;
				if (next.rev !== latest + 1) {
					throw new WriteConflictError(
						`profile revision ${next.rev} cannot follow revision ${latest}`
					);
				}
				await client.query('INSERT INTO organisation_profiles (rev, stored) VALUES ($1, $2)', [
					next.rev,
					JSON.stringify(next)
				]);
			});
		} catch (e) {
			if (isUniqueViolation(e))
				throw new WriteConflictError(`profile revision ${next.rev} was saved by another writer`);
			throw e;
		}
	}
}
