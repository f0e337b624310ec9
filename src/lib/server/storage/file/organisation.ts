/** The organisation profile in one lowdb file, `${DATA_DIR}/organisation.json`. */
import { WriteConflictError } from '../errors';
import type { OrganisationStore, StoredProfile } from '../organisation';
import { lazyDoc, type DurableDoc } from './durable-file';

interface OrganisationFile {
	version: 1;
	current: StoredProfile | null;
}

function checkOrganisationFile(data: unknown): string | null {
	const d = data as Partial<OrganisationFile>;
	if (!d || d.version !== 1 || d.current === undefined)
		return 'is not an organisation profile file';
	return null;
}

/** The file implementation of `OrganisationStore`. */
export class FileOrganisationStore implements OrganisationStore {
	private readonly doc: () => Promise<DurableDoc<OrganisationFile>>;

	constructor(readonly file: string) {
		this.doc = lazyDoc<OrganisationFile>(
			file,
			() => ({ version: 1, current: null }),
			checkOrganisationFile
		);
	}

	async get(): Promise<StoredProfile | null> {
		const current = (await this.doc()).data.current;
		return current ? structuredClone(current) : null;
	}

	async put(next: StoredProfile): Promise<void> {
		const doc = await this.doc();
		const rev = doc.data.current?.rev ?? 0;
		if (next.rev !== rev + 1) {
			throw new WriteConflictError(`profile revision ${next.rev} cannot follow revision ${rev}`);
		}
		doc.data.current = structuredClone(next);
		await doc.commit();
	}
}
