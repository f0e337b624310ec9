/** The IR plan's revisions in one lowdb file, `${DATA_DIR}/plan.json`. */
import { WriteConflictError } from '../errors';
import type { PlanRevision, PlanRevisionStore } from '../plans';
import { lazyDoc, type DurableDoc } from './durable-file';

interface PlanFile {
	version: 1;
	revisions: PlanRevision[];
}

function checkPlanFile(data: unknown): string | null {
	const d = data as Partial<PlanFile>;
	if (!d || d.version !== 1 || !Array.isArray(d.revisions)) return 'is not an IR plan file';
	return null;
}

/** The file implementation of `PlanRevisionStore`. */
export class FilePlanRevisionStore implements PlanRevisionStore {
	private readonly doc: () => Promise<DurableDoc<PlanFile>>;

	constructor(readonly file: string) {
		this.doc = lazyDoc<PlanFile>(file, () => ({ version: 1, revisions: [] }), checkPlanFile);
	}

	async list(): Promise<PlanRevision[]> {
		return [...(await this.doc()).data.revisions];
	}

	async add(revision: PlanRevision): Promise<void> {
		const doc = await this.doc();
		const latest = doc.data.revisions.at(-1)?.rev ?? 0;
		if (revision.rev !== latest + 1) {
			throw new WriteConflictError(
				`plan revision ${revision.rev} cannot follow revision ${latest}`
			);
		}
		doc.data.revisions.push(revision);
		await doc.commit();
	}
}
