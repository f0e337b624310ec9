/**
 * The scenario studio's drafts and versions: one lowdb file per draft in
 * `${DATA_DIR}/studio/drafts/` (an autosave rewrites only its own draft) and one per scenario id
 * in `${DATA_DIR}/studio/versions/`, its versions appended.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { WriteConflictError } from '../errors';
import type { DraftSummary, ScenarioVersion, StudioDraft, StudioStore } from '../studio';
import { DurableDoc } from './durable-file';

const DRAFT_ID = /^[a-z0-9]{16}$/;
const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

interface VersionFile {
	version: 1;
	versions: ScenarioVersion[];
}

function checkDraft(data: unknown): string | null {
	const d = data as Partial<StudioDraft> | null;
	if (d === null) return null;
	if (!d || typeof d.id !== 'string' || typeof d.yaml !== 'string') return 'is not a studio draft';
	if (!Number.isInteger(d.revision) || (d.revision ?? 0) < 1) return 'has a damaged revision';
	return null;
}

function checkVersions(data: unknown): string | null {
	const d = data as Partial<VersionFile>;
	if (!d || d.version !== 1 || !Array.isArray(d.versions)) return 'is not a studio versions file';
	return null;
}

/** The file implementation of `StudioStore`. */
export class FileStudioStore implements StudioStore {
	private readonly drafts = new Map<string, Promise<DurableDoc<StudioDraft | null>>>();
	private readonly versions = new Map<string, Promise<DurableDoc<VersionFile>>>();

	constructor(readonly dir: string) {}

	private draftDoc(id: string): Promise<DurableDoc<StudioDraft | null>> {
		if (!DRAFT_ID.test(id)) throw new Error(`not a draft id: ${id}`);
		let doc = this.drafts.get(id);
		if (!doc) {
			doc = DurableDoc.open<StudioDraft | null>(
				join(this.dir, 'drafts', `${id}.json`),
				() => null,
				checkDraft
			);
			// A failed open (a corrupt file) is retried on the next request, not cached.
			doc.catch(() => this.drafts.delete(id));
			this.drafts.set(id, doc);
		}
		return doc;
	}

	private versionDoc(scenarioId: string): Promise<DurableDoc<VersionFile>> {
		if (!SCENARIO_ID.test(scenarioId)) throw new Error(`not a scenario id: ${scenarioId}`);
		let doc = this.versions.get(scenarioId);
		if (!doc) {
			doc = DurableDoc.open<VersionFile>(
				join(this.dir, 'versions', `${scenarioId}.json`),
				() => ({ version: 1, versions: [] }),
				checkVersions
			);
			doc.catch(() => this.versions.delete(scenarioId));
			this.versions.set(scenarioId, doc);
		}
		return doc;
	}

	async listDrafts(): Promise<DraftSummary[]> {
		const dir = join(this.dir, 'drafts');
		if (!existsSync(dir)) return [];
		const ids = (await readdir(dir))
			.filter((n) => n.endsWith('.json') && !n.startsWith('.'))
			.map((n) => n.slice(0, -5))
			.filter((id) => DRAFT_ID.test(id));
		const drafts = await Promise.all(ids.map((id) => this.getDraft(id)));
		return drafts
			.filter((d): d is StudioDraft => d !== null)
			.map(({ yaml: _yaml, ...summary }) => summary)
			.sort((a, b) => b.updatedAt - a.updatedAt);
	}

	async getDraft(id: string): Promise<StudioDraft | null> {
		if (!DRAFT_ID.test(id)) return null;
		const { data } = await this.draftDoc(id);
		return data ? { ...data } : null;
	}

	async putDraft(draft: StudioDraft): Promise<void> {
		const doc = await this.draftDoc(draft.id);
		// Checked and changed in one synchronous step, so two saves cannot both follow revision n.
		const stored = doc.data?.revision ?? 0;
		if (draft.revision !== stored + 1) {
			throw new WriteConflictError(
				`draft ${draft.id} is at revision ${stored}; revision ${draft.revision} cannot follow it`
			);
		}
		doc.db.data = { ...draft };
		await doc.commit();
	}

	async listVersions(scenarioId: string): Promise<ScenarioVersion[]> {
		if (!SCENARIO_ID.test(scenarioId)) return [];
		return [...(await this.versionDoc(scenarioId)).data.versions];
	}

	async addVersion(version: ScenarioVersion): Promise<void> {
		const doc = await this.versionDoc(version.scenarioId);
		const latest = doc.data.versions.at(-1)?.version ?? 0;
		if (version.version !== latest + 1) {
			throw new WriteConflictError(
				`${version.scenarioId}: version ${version.version} cannot follow version ${latest}`
			);
		}
		doc.data.versions.push({ ...version });
		await doc.commit();
	}
}
