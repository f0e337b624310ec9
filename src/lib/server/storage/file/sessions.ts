/**
 * `SessionStore` over the session files (session-files.ts): each session a lowdb file with its
 * journal, and the index file. Made for one process: what a session's log ends at is checked
 * against the copy in memory, which includes appends still being written.
 */
import { WriteConflictError } from '../errors';
import type { SessionAppend, SessionMeta, SessionStore, StoredSession } from '../sessions';
import type { JournaledSessionDoc } from './journaled';
import { FileSessionRepository } from './session-files';
import { log as logger } from '../../log';

/** A copy of a session's data that shares nothing mutable with it (the scenario is never changed). */
function copyOf(session: StoredSession): StoredSession {
	return {
		meta: { ...session.meta },
		scenario: session.scenario,
		tokens: { ...session.tokens },
		events: [...session.events]
	};
}

/** The file implementation of `SessionStore`, over `<dataDir>/sessions/`. */
export class FileSessionStore implements SessionStore {
	readonly files: FileSessionRepository;
	/** The sessions loaded or written to, until `close`. */
	private readonly docs = new Map<string, JournaledSessionDoc>();
	private readonly opening = new Map<string, Promise<JournaledSessionDoc | null>>();

	constructor(dir: string) {
		this.files = new FileSessionRepository(dir);
	}

	async create(session: StoredSession): Promise<void> {
		const { meta, scenario, tokens, events } = copyOf(session);
		const doc = await this.files.create({ version: 2, meta, scenario, tokens, events });
		this.docs.set(meta.id, doc);
		await this.putMeta(meta);
	}

	async load(id: string): Promise<StoredSession | null> {
		const doc = this.docs.get(id) ?? (await this.open(id));
		if (!doc) return null;
		// Only what is durable: appends in flight may still fail.
		await doc.settled();
		return copyOf(doc.data);
	}

	async list(): Promise<SessionMeta[]> {
		return [...(await this.files.index()).data.sessions];
	}

	async withJoinCode(code: string): Promise<SessionMeta | null> {
		const all = (await this.files.index()).data.sessions;
		const meta =
			all.find((m) => m.joinCode === code && m.status !== 'ended') ??
			all.findLast((m) => m.joinCode === code);
		return meta ? { ...meta } : null;
	}

	async append(id: string, expectedSeq: number, change: SessionAppend): Promise<void> {
		const doc = this.docs.get(id) ?? (await this.open(id));
		if (!doc) throw new Error(`no session ${id}`);
		// From here to the commit nothing awaits, so appends are taken in the order of the calls.
		const log = doc.data.events;
		if (log.length !== expectedSeq) {
			throw new WriteConflictError(
				`session ${id}: its log ends at event ${log.length}, not ${expectedSeq}`
			);
		}
		change.events.forEach((event, i) => {
			if (event.seq !== expectedSeq + 1 + i)
				throw new Error(`session ${id}: event ${event.seq} cannot follow ${expectedSeq + i}`);
		});
		log.push(...change.events);
		if (change.tokens) Object.assign(doc.data.tokens, change.tokens);
		if (change.meta) doc.data.meta = { ...change.meta };
		await doc.commit();
		if (!change.meta) return;
		try {
			await this.putMeta(change.meta);
		} catch (e) {
			// The session file stays the source of truth: the next start repairs the index.
			logger.error({ session: id, err: e }, 'could not update the session index');
		}
	}

	async replace(session: StoredSession, basedOn: number): Promise<void> {
		const id = session.meta.id;
		const doc = this.docs.get(id) ?? (await this.open(id));
		if (!doc) throw new WriteConflictError(`no session ${id}`);
		await doc.settled();
		if (doc.data.meta.status !== 'ended')
			throw new WriteConflictError(`session ${id} has not ended: it cannot be rewritten`);
		if (doc.data.events.length !== basedOn) {
			throw new WriteConflictError(
				`session ${id}: its log ends at event ${doc.data.events.length}, not ${basedOn}`
			);
		}
		const { meta, scenario, tokens, events } = copyOf(session);
		// From here on appends through the old copy are refused (the log no longer ends there).
		this.close(id);
		await this.files.rewrite({ version: 2, meta, scenario, tokens, events });
		await this.putMeta(meta);
	}

	async remove(id: string): Promise<boolean> {
		const doc = this.docs.get(id) ?? (await this.open(id));
		if (!doc) return false;
		await doc.settled();
		if (doc.data.meta.status !== 'ended')
			throw new WriteConflictError(`session ${id} has not ended: it cannot be deleted`);
		this.close(id);
		await this.files.retire(id);
		await this.dropMeta(id);
		await this.files.purge(id);
		return true;
	}

	async checkpoint(id: string): Promise<void> {
		await this.docs.get(id)?.checkpoint();
	}

	close(id: string): void {
		this.docs.get(id)?.close();
		this.docs.delete(id);
	}

	/**
	 * Checks every session file and repairs the index: adds the sessions it does not list (a crash
	 * between writing a new session and the index, or a data folder restored from a backup taken
	 * mid-write) and corrects the entries that lag behind their session's file. The files are
	 * the truth: a damaged one, or one the index lists that is gone, stops the start with its
	 * name, even for an ended session that would otherwise be opened only on demand.
	 */
	async recover(): Promise<void> {
		const index = await this.files.index();
		const listed = new Map(index.data.sessions.map((m) => [m.id, m]));
		const present = new Set(await this.files.ids());
		let repaired = false;
		for (const id of present) {
			// An ended session is checked at both ends of its file (it is parsed whole when opened);
			// any other, or one that fails that, is opened and parsed here.
			if (listed.get(id)?.status === 'ended' && this.files.looksWhole(id)) continue;
			const doc = this.docs.get(id) ?? (await this.files.open(id));
			if (!doc) continue;
			const meta = doc.data.meta;
			// An unfinished session is loaded next, to run its clock: keep it open for that.
			if (meta.status !== 'ended') this.docs.set(id, doc);
			if (JSON.stringify(listed.get(id)) === JSON.stringify(meta)) continue;
			this.upsert(index.data.sessions, meta);
			repaired = true;
		}
		for (const id of listed.keys()) {
			if (present.has(id)) continue;
			// A deletion a crash interrupted (the file retired, the index not yet written): finish it.
			if (this.files.isRetired(id)) {
				index.data.sessions = index.data.sessions.filter((m) => m.id !== id);
				repaired = true;
				continue;
			}
			throw new Error(
				`the session index lists session ${id}, but its file (sessions/${id}.json) is missing: ` +
					'restore it from a backup, or remove the session from sessions/index.json to give it up'
			);
		}
		if (repaired) await index.commit();
		for (const id of await this.files.retiredIds()) await this.files.purge(id);
	}

	/** Opens a session once for every caller that asks while it opens, and keeps it open. */
	private open(id: string): Promise<JournaledSessionDoc | null> {
		let pending = this.opening.get(id);
		if (!pending) {
			pending = this.files
				.open(id)
				.then((doc) => {
					if (doc && !this.docs.has(id)) this.docs.set(id, doc);
					return this.docs.get(id) ?? null;
				})
				.finally(() => this.opening.delete(id));
			this.opening.set(id, pending);
		}
		return pending;
	}

	private async putMeta(meta: SessionMeta): Promise<void> {
		const index = await this.files.index();
		this.upsert(index.data.sessions, meta);
		await index.commit();
	}

	private async dropMeta(id: string): Promise<void> {
		const index = await this.files.index();
		index.data.sessions = index.data.sessions.filter((m) => m.id !== id);
		await index.commit();
	}

	private upsert(list: SessionMeta[], meta: SessionMeta): void {
		const i = list.findIndex((m) => m.id === meta.id);
		if (i >= 0) list[i] = { ...meta };
		else list.push({ ...meta });
	}
}
