/** Facilitators' edited debrief findings, one lowdb file per session in `${DATA_DIR}/debriefs/`. */
import { join } from 'node:path';
import type { DebriefEditStore, StoredEdits } from '../debrief-edits';
import { DurableDoc, removeDurably } from './durable-file';

const SESSION_ID = /^[a-z0-9]{8,40}$/;

function checkEdits(data: unknown): string | null {
	const d = data as Partial<StoredEdits>;
	if (!d || d.version !== 1 || typeof d.sessionId !== 'string')
		return 'is not a debrief edits file';
	const list = (v: unknown) =>
		v === null || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
	if (!list(d.strengths) || !list(d.improvements)) return 'has damaged findings';
	return null;
}

/** The file implementation of `DebriefEditStore`; a missing file holds no record. */
export class FileDebriefEditStore implements DebriefEditStore {
	private readonly docs = new Map<string, Promise<DurableDoc<StoredEdits | null>>>();

	constructor(readonly dir: string) {}

	private doc(sessionId: string): Promise<DurableDoc<StoredEdits | null>> {
		if (!SESSION_ID.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
		let doc = this.docs.get(sessionId);
		if (!doc) {
			doc = DurableDoc.open<StoredEdits | null>(
				join(this.dir, `${sessionId}.json`),
				() => null,
				checkEdits
			);
			// A failed open (a corrupt file) is retried on the next request, not cached.
			doc.catch(() => this.docs.delete(sessionId));
			this.docs.set(sessionId, doc);
		}
		return doc;
	}

	async get(sessionId: string): Promise<StoredEdits | null> {
		const { data } = await this.doc(sessionId);
		return data ? { ...data } : null;
	}

	async put(edits: StoredEdits): Promise<void> {
		const doc = await this.doc(edits.sessionId);
		doc.db.data = { ...edits };
		await doc.commit();
	}

	async remove(sessionId: string): Promise<void> {
		if (!SESSION_ID.test(sessionId)) return;
		// A write in flight finishes first, so that it cannot bring the file back.
		const doc = await this.doc(sessionId).catch(() => null);
		if (doc) {
			doc.db.data = null;
			await doc.commit().catch(() => {});
		}
		this.docs.delete(sessionId);
		await removeDurably(join(this.dir, `${sessionId}.json`));
	}
}
