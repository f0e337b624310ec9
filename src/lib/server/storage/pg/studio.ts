/**
 * `StudioStore` over PostgreSQL: `studio_drafts` (one row per draft, its revision beside it) and
 * `studio_versions` keyed (scenario_id, version). A draft's save is conditional on the stored
 * revision in one statement; a version is the next after the latest, settled by the primary key.
 */
import { WriteConflictError } from '../errors';
import type { DraftSummary, ScenarioVersion, StudioDraft, StudioStore } from '../studio';
import { isUniqueViolation, type PgDatabase } from './db';

export class PgStudioStore implements StudioStore {
	constructor(private readonly db: PgDatabase) {}

	async listDrafts(): Promise<DraftSummary[]> {
		const { rows } = await this.db.query<{ draft: StudioDraft }>(
			'SELECT draft FROM studio_drafts ORDER BY updated_at DESC'
		);
		return rows.map(({ draft: { yaml: _yaml, ...summary } }) => summary);
	}

	async getDraft(id: string): Promise<StudioDraft | null> {
		const { rows } = await this.db.query<{ draft: StudioDraft }>(
			'SELECT draft FROM studio_drafts WHERE id = $1',
			[id]
		);
		return rows[0]?.draft ?? null;
	}

	async putDraft(draft: StudioDraft): Promise<void> {
		const text = JSON.stringify(draft);
		const conflict = () =>
			new WriteConflictError(
				`draft ${draft.id}: revision ${draft.revision} does not follow the stored revision`
			);
		if (draft.revision === 1) {
			try {
				await this.db.query(
					'INSERT INTO studio_drafts (id, revision, updated_at, draft) VALUES ($1, 1, $2, $3)',
					[draft.id, draft.updatedAt, text]
				);
			} catch (e) {
				if (isUniqueViolation(e)) throw conflict();
				throw e;
			}
			return;
		}
		const { rowCount } = await this.db.query(
			`UPDATE studio_drafts SET revision = $2, updated_at = $3, draft = $4
			 WHERE id = $1 AND revision = $2 - 1`,
			[draft.id, draft.revision, draft.updatedAt, text]
		);
		if (!rowCount) throw conflict();
	}

	async listVersions(scenarioId: string): Promise<ScenarioVersion[]> {
		const { rows } = await this.db.query<{ record: ScenarioVersion }>(
			'SELECT record FROM studio_versions WHERE scenario_id = $1 ORDER BY version',
			[scenarioId]
		);
		return rows.map((r) => r.record);
	}

	async addVersion(version: ScenarioVersion): Promise<void> {
		try {
			await this.db.transaction(async (client) => {
				const { rows } = await client.query<{ latest: number | null }>(
					'SELECT max(version) AS latest FROM studio_versions WHERE scenario_id = $1',
					[version.scenarioId]
				);
				const latest = rows[0].latest ?? 0;
				if (version.version !== latest + 1) {
					throw new WriteConflictError(
						`${version.scenarioId}: version ${version.version} cannot follow version ${latest}`
					);
				}
				await client.query(
					'INSERT INTO studio_versions (scenario_id, version, record) VALUES ($1, $2, $3)',
					[version.scenarioId, version.version, JSON.stringify(version)]
				);
			});
		} catch (e) {
			if (isUniqueViolation(e))
				throw new WriteConflictError(
					`${version.scenarioId}: version ${version.version} was added by another writer`
				);
			throw e;
		}
	}
}
