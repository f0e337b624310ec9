/** Improvement items in one lowdb file, `${DATA_DIR}/improvements.json`. */
import { WriteConflictError } from '../errors';
import type { ImprovementItem, ImprovementItemStore } from '../improvements';
import { lazyDoc, type DurableDoc } from './durable-file';

interface ItemsFile {
	version: 1;
	items: ImprovementItem[];
}

function checkItemsFile(data: unknown): string | null {
	const d = data as Partial<ItemsFile>;
	if (!d || d.version !== 1 || !Array.isArray(d.items)) return 'is not an improvement items file';
	return null;
}

/** The key that makes a drafted item unique within its session. */
const draftOf = (item: ImprovementItem) =>
	item.draftKey === null ? null : JSON.stringify([item.sessionId, item.draftKey]);

/** The file implementation of `ImprovementItemStore`. */
export class FileImprovementItemStore implements ImprovementItemStore {
	private readonly doc: () => Promise<DurableDoc<ItemsFile>>;

	constructor(readonly file: string) {
		this.doc = lazyDoc<ItemsFile>(file, () => ({ version: 1, items: [] }), checkItemsFile);
	}

	async list(): Promise<ImprovementItem[]> {
		return structuredClone((await this.doc()).data.items);
	}

	async add(items: ImprovementItem[]): Promise<void> {
		const doc = await this.doc();
		const ids = new Set(doc.data.items.map((i) => i.id));
		const drafts = new Set(doc.data.items.map(draftOf));
		for (const item of items) {
			const draft = draftOf(item);
			if (ids.has(item.id) || (draft !== null && drafts.has(draft))) {
				throw new WriteConflictError(
					`improvement item ${item.id} (draft ${item.draftKey} of session ${item.sessionId}) exists already`
				);
			}
			ids.add(item.id);
			drafts.add(draft);
		}
		doc.data.items.push(...structuredClone(items));
		await doc.commit();
	}

	async replace(item: ImprovementItem, basedOn: number): Promise<void> {
		const doc = await this.doc();
		const i = doc.data.items.findIndex((x) => x.id === item.id);
		if (i < 0) throw new WriteConflictError(`no improvement item ${item.id}`);
		if (doc.data.items[i].history.length !== basedOn) {
			throw new WriteConflictError(`improvement item ${item.id} changed since it was read`);
		}
		doc.data.items[i] = structuredClone(item);
		await doc.commit();
	}

	async removeSession(sessionId: string): Promise<ImprovementItem[]> {
		const doc = await this.doc();
		const removed = doc.data.items.filter((x) => x.sessionId === sessionId);
		if (removed.length === 0) return [];
		doc.data.items = doc.data.items.filter((x) => x.sessionId !== sessionId);
		await doc.commit();
		return structuredClone(removed);
	}
}
