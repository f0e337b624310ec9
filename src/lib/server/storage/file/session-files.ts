/**
 * The session files under `${DATA_DIR}/sessions/`: one lowdb file per exercise session (its event
 * log, the hash of the frozen scenario it plays and its trainees' token hashes) with a journal
 * beside it that takes each commit as a small durable append (`journaled.ts`), the frozen
 * scenarios once per version (`frozen/`, frozen-scenarios.ts), and a small index of all sessions.
 * `FileSessionStore` (sessions.ts) builds the `SessionStore` interface on these.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionEvent } from '#lib/engine/session/events.js';
import type { SessionMeta, StoredSession } from '../sessions';
import {
	DurableJsonFile,
	lazyDoc,
	removeDurably,
	syncFolder,
	type DurableDoc
} from './durable-file';
import { FrozenScenarios, isScenarioRef } from './frozen-scenarios';
import { JournaledSessionDoc, journalPath } from './journaled';

/**
 * A session file in memory: the stored session with a version. On disk, version 2 is written
 * with its keys in the order version, meta, scenarioRef, tokens, events (`looksWhole` reads its
 * first and last bytes), `scenarioRef` naming the frozen scenario; version 1 (written before
 * the scenarios were stored once) carries the scenario itself and is read as it is, and is
 * written as version 2 at its next checkpoint.
 */
export interface SessionFile extends StoredSession {
	version: 1 | 2;
}

/** The version written. */
export const SESSION_FILE_VERSION = 2;

/** The session index file. */
export interface SessionIndexFile {
	version: 1;
	sessions: SessionMeta[];
}

const SESSION_ID = /^[a-z0-9]{8,40}$/;

function checkSessionFile(data: unknown): string | null {
	const f = data as Partial<SessionFile> & { scenarioRef?: unknown };
	if (!f || typeof f !== 'object') return 'is not a session file';
	if (f.version !== 1 && f.version !== 2) return `has unknown version ${String(f.version)}`;
	if (!f.meta || typeof f.meta.id !== 'string') return 'has no session metadata';
	if (f.version === 1 && (!f.scenario || typeof f.scenario !== 'object')) return 'has no scenario';
	if (f.version === 2 && !isScenarioRef(f.scenarioRef)) return 'names no frozen scenario';
	if (!Array.isArray(f.events)) return 'has no event list';
	for (let i = 0; i < f.events.length; i++) {
		const e = f.events[i];
		if (!e || e.seq !== i + 1 || typeof e.type !== 'string' || typeof e.at !== 'number') {
			return `event ${i + 1} is damaged (expected seq ${i + 1})`;
		}
	}
	return null;
}

function checkIndex(data: unknown): string | null {
	const f = data as Partial<SessionIndexFile>;
	if (!f || typeof f !== 'object' || !Array.isArray(f.sessions)) return 'is not a session index';
	return null;
}

/**
 * Checks a session file read from disk and, for version 2, puts its frozen scenario in place of
 * the hash that names it; the problem found, or null.
 */
function revive(data: unknown, frozen: FrozenScenarios): string | null {
	const problem = checkSessionFile(data);
	if (problem) return problem;
	const file = data as SessionFile & { scenarioRef?: string };
	if (file.version === 2) {
		const ref = file.scenarioRef!;
		try {
			file.scenario = frozen.load(ref);
		} catch (e) {
			return `its frozen scenario ${ref} is missing or damaged (${(e as Error).message})`;
		}
		delete file.scenarioRef;
	}
	return null;
}

/**
 * Serialises one session file (as version 2) for its durable writes, re-using the JSON of what
 * does not change once written: the events already in the log, which is append-only. Without
 * this every answer re-serialised the whole file, and the cost of an answer grew with the
 * length of the log. The scenario is written once in `frozen` and named by its hash; a
 * replaced event list (a rollback re-reads the file) is serialised afresh.
 */
export function sessionFileSerialiser(frozen: FrozenScenarios): (file: SessionFile) => string {
	let events: {
		list: SessionEvent[];
		count: number;
		last: SessionEvent | undefined;
		json: string;
	} | null = null;
	const eventsJson = (list: SessionEvent[]): string => {
		if (
			!events ||
			events.list !== list ||
			events.count > list.length ||
			list[events.count - 1] !== events.last
		) {
			events = { list, count: 0, last: undefined, json: '' };
		}
		for (let i = events.count; i < list.length; i++) {
			events.json += (i > 0 ? ',' : '') + JSON.stringify(list[i]);
		}
		events.count = list.length;
		events.last = list[list.length - 1];
		return `[${events.json}]`;
	};
	return (file) =>
		`{"version":${SESSION_FILE_VERSION},"meta":${JSON.stringify(file.meta)},` +
		`"scenarioRef":"${frozen.refOf(file.scenario)}","tokens":${JSON.stringify(file.tokens)},` +
		`"events":${eventsJson(file.events)}}`;
}

/** The session files and the index in one folder (`<dataDir>/sessions/`). */
export class FileSessionRepository {
	/** The index document, opened on first use. */
	readonly index: () => Promise<DurableDoc<SessionIndexFile>>;
	/** The last copy of each session opened, while it lives. */
	private readonly opened = new Map<string, WeakRef<JournaledSessionDoc>>();
	/** The scenarios the sessions play, once per version. */
	readonly frozen: FrozenScenarios;
	private readonly validate = (data: unknown) => revive(data, this.frozen);

	constructor(private readonly dir: string) {
		this.frozen = new FrozenScenarios(join(dir, 'frozen'));
		this.index = lazyDoc<SessionIndexFile>(
			join(dir, 'index.json'),
			() => ({ version: 1, sessions: [] }),
			checkIndex
		);
	}

	private path(id: string): string {
		if (!SESSION_ID.test(id)) throw new Error(`not a session id: ${id}`);
		return join(this.dir, `${id}.json`);
	}

	/** Writes a new session file and opens it; rejects if the session exists already. */
	async create(file: SessionFile): Promise<JournaledSessionDoc> {
		const path = this.path(file.meta.id);
		if (existsSync(path)) throw new Error(`session ${file.meta.id} exists already`);
		const doc = await JournaledSessionDoc.create(
			path,
			file,
			this.validate,
			sessionFileSerialiser(this.frozen)
		);
		this.opened.set(file.meta.id, new WeakRef(doc));
		return doc;
	}

	/**
	 * Writes `file` in place of its session's file, whole and atomically, then empties the
	 * journal. Crash-safe in that order: journal lines the new file already holds are skipped
	 * when it is read. The caller closes any copy it has open first.
	 */
	async rewrite(file: SessionFile): Promise<void> {
		const path = this.path(file.meta.id);
		await this.opened.get(file.meta.id)?.deref()?.settled();
		await new DurableJsonFile<SessionFile>(path, this.validate).writeText(
			sessionFileSerialiser(this.frozen)(file)
		);
		await removeDurably(journalPath(path));
		this.opened.delete(file.meta.id);
	}

	/**
	 * First step of deleting a session: renames its file to `<id>.deleted` (durably), so it is
	 * no longer a session; `purge` deletes what is left once the index no longer lists it.
	 */
	async retire(id: string): Promise<void> {
		const path = this.path(id);
		await this.opened.get(id)?.deref()?.settled();
		this.opened.delete(id);
		await rename(path, this.deletedPath(id));
		await syncFolder(this.dir);
		await removeDurably(journalPath(path));
	}

	/** Deletes a retired session's leftovers (its `.deleted` file and journal). */
	async purge(id: string): Promise<void> {
		await removeDurably(this.deletedPath(id));
		await removeDurably(journalPath(this.path(id)));
	}

	/** True when the session was retired (its deletion began) and not yet purged. */
	isRetired(id: string): boolean {
		return SESSION_ID.test(id) && existsSync(this.deletedPath(id));
	}

	/** Ids of retired sessions not yet purged (a crash mid-deletion). */
	async retiredIds(): Promise<string[]> {
		if (!existsSync(this.dir)) return [];
		return (await readdir(this.dir))
			.filter((f) => f.endsWith('.deleted'))
			.map((f) => f.slice(0, -8))
			.filter((id) => SESSION_ID.test(id));
	}

	private deletedPath(id: string): string {
		return this.path(id).replace(/\.json$/, '.deleted');
	}

	/** Opens a session file with its journal; null for an id that has no file. */
	async open(id: string): Promise<JournaledSessionDoc | null> {
		if (!SESSION_ID.test(id)) return null;
		// A copy opened before (an evicted session) may still be writing: let it finish first.
		await this.opened.get(id)?.deref()?.settled();
		const doc = await JournaledSessionDoc.open(
			this.path(id),
			this.validate,
			sessionFileSerialiser(this.frozen)
		);
		if (doc) this.opened.set(id, new WeakRef(doc));
		return doc;
	}

	/**
	 * True when the session file begins and ends as a whole one does and its journal is empty:
	 * a file cut short, emptied or overwritten fails this, so start-up can check an ended
	 * session by reading 64 bytes at each end instead of parsing it. Synchronous on purpose:
	 * start-up asks it of every ended session before serving anything, and 10,000 of them took
	 * seconds as async calls, each a round trip through the thread pool, against a fraction of
	 * one as plain system calls.
	 */
	looksWhole(id: string): boolean {
		if (!SESSION_ID.test(id)) return false;
		let fd: number | null = null;
		try {
			const journal = statSync(journalPath(this.path(id)), { throwIfNoEntry: false });
			if (journal && journal.size > 0) return false;
			fd = openSync(this.path(id), 'r');
			const { size } = fstatSync(fd);
			if (size < 128) return false;
			const head = Buffer.alloc(64);
			const tail = Buffer.alloc(64);
			readSync(fd, head, 0, 64, 0);
			readSync(fd, tail, 0, 64, size - 64);
			const start = head.toString('latin1');
			return (
				(start.startsWith(`{"version":2,"meta":{"id":"${id}"`) ||
					start.startsWith(`{"version":1,"meta":{"id":"${id}"`)) &&
				/\}\]\}\s*$/.test(tail.toString('latin1'))
			);
		} catch {
			return false;
		} finally {
			if (fd !== null) closeSync(fd);
		}
	}

	/** Ids of every session file present, including ones missing from the index. */
	async ids(): Promise<string[]> {
		if (!existsSync(this.dir)) return [];
		return (await readdir(this.dir))
			.filter((f) => f.endsWith('.json') && f !== 'index.json')
			.map((f) => f.slice(0, -5))
			.filter((id) => SESSION_ID.test(id));
	}
}
