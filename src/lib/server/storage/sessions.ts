/**
 * Where exercise sessions are kept: for each, its metadata, the scenario exactly as it was when
 * the session was created, its trainees' token hashes and its append-only event log; and the
 * list of all sessions' metadata (the index), to list and find them without loading them.
 */
import type { ScenarioFile } from '#lib/engine/scenario/schema.js';
import type { ReleaseMode, SessionEvent, TeamSpec } from '#lib/engine/session/events.js';
import type { SessionStatus } from '#lib/engine/session/state.js';

/** One line of the session index: enough to list and find sessions without opening them. */
export interface SessionMeta {
	id: string;
	joinCode: string;
	scenarioId: string;
	scenarioTitle: string;
	scenarioHash: string;
	title: string;
	facilitatorId: string;
	teams: TeamSpec[];
	speed: number;
	release: ReleaseMode;
	status: SessionStatus;
	/** Trainees who joined, for lists that must not open every session. */
	participants?: number;
	/** The scenario's longest path in scenario ms (for progress bars), from the path explorer. */
	expectedMs?: number;
	createdAt: number;
	startedAt: number | null;
	endedAt: number | null;
	/** When its trainees' names were replaced by pseudonyms (issue 17); absent until then. */
	anonymisedAt?: number;
}

/** A session as stored: what `create` takes and `load` gives back. */
export interface StoredSession {
	meta: SessionMeta;
	/** The scenario exactly as it was when the session was created (its hash is in meta). */
	scenario: ScenarioFile;
	/** sha256 of a trainee's token -> participant id. Tokens themselves are never stored. */
	tokens: Record<string, string>;
	/** The log: event n has seq n. */
	events: SessionEvent[];
}

/** What one append adds to a session. */
export interface SessionAppend {
	/** The next events of the log, numbered on from the position the append expects. */
	events: SessionEvent[];
	/** Token hashes added (sha256 of a trainee's token -> participant id). */
	tokens?: Record<string, string>;
	/** The session's metadata after this append, when it changed; the index follows it. */
	meta?: SessionMeta;
}

/**
 * What several app processes sharing one store (PostgreSQL) need beyond the store itself: word
 * of appends made by the others, and a lease per session on its clock. The data folder has one
 * process by design and offers neither; code that uses them checks that they are there.
 */
export interface SessionFeed {
	/**
	 * Calls `listener` with (session id, last seq) after any process's append to any session is
	 * durable, this one's included; and with null when word may have been missed (the feed's
	 * connection was lost and is back), so that every session held should be caught up. Returns
	 * the function that stops listening (the last one stopping closes the feed's connection).
	 */
	watch(listener: (change: { id: string; seq: number } | null) => void): () => void;
	/**
	 * Takes or renews the lease of session `id`'s clock for `holder`, for `ttlMs`: true when
	 * `holder` holds it now (it was free, expired or its own), false when another holder does.
	 */
	lease(id: string, holder: string, ttlMs: number): Promise<boolean>;
	/** Renews every lease `holder` holds among `ids`, for `ttlMs`. */
	renewLeases(ids: string[], holder: string, ttlMs: number): Promise<void>;
}

export interface SessionStore {
	/** Present where several processes share the store (PostgreSQL); see SessionFeed. */
	readonly feed?: SessionFeed;
	/**
	 * Stores a new session and lists it; resolves once both are durable. Rejects when a session
	 * with its id exists.
	 */
	create(session: StoredSession): Promise<void>;
	/** The session as stored, as a copy the caller owns; null when there is none with this id. */
	load(id: string): Promise<StoredSession | null>;
	/** Every session's metadata, in no particular order, in a fresh array (entries read-only). */
	list(): Promise<SessionMeta[]>;
	/**
	 * The metadata of the session with this join code that has not ended, else of the latest
	 * that has (a code is unique among sessions not ended), or null: what a join asks, without
	 * listing every stored session (10,000 of them per join, 200 joins at once, ran PostgreSQL's
	 * pool dry).
	 */
	withJoinCode(code: string): Promise<SessionMeta | null>;
	/**
	 * Appends to a session's log, which the caller expects to end at event `expectedSeq`;
	 * resolves once the append is durable, and its metadata (if any) listed. When the log ends
	 * elsewhere (another writer appended first) it rejects with WriteConflictError and stores
	 * nothing: reload and try again. Appends to one session from one process are taken in the
	 * order they are called, so the next may be called before the previous one resolved; when
	 * one fails, those after it that are not durable yet fail too, and nothing of them is kept.
	 * A store shared by several processes may also refuse (WriteConflictError) events whose first
	 * `prev` (the hash chain, issue 16) does not link to the last stored event: that catches an
	 * append built on events that were never stored, the right length only by chance.
	 */
	append(id: string, expectedSeq: number, change: SessionAppend): Promise<void>;
	/**
	 * Brings the session's stored form up to date for readers outside the app (backups); where
	 * every append is final already, it does nothing.
	 */
	checkpoint(id: string): Promise<void>;
	/**
	 * Stores `session` in place of the ended session with its id, whole (retention and erasure:
	 * an anonymised log); resolves once it is durable and its metadata listed. `basedOn` is the
	 * length of the log the rewrite was made from: when the stored log has another length (an
	 * append came in meanwhile), or the session is missing or has not ended, it rejects with
	 * WriteConflictError and changes nothing.
	 */
	replace(session: StoredSession, basedOn: number): Promise<void>;
	/**
	 * Deletes the session (log, tokens, scenario snapshot) and its index entry; resolves once the
	 * deletion is durable, with false when there was no such session. Rejects with
	 * WriteConflictError, deleting nothing, when the session has not ended.
	 */
	remove(id: string): Promise<boolean>;
	/** Forgets what is held in memory for the session; a later call reads it again. */
	close(id: string): void;
	/**
	 * At start-up: checks every stored session and repairs what a crash may have left (an index
	 * behind its sessions); rejects, naming what is damaged or missing, over what it cannot
	 * repair. The other methods do not need it to have run.
	 */
	recover(): Promise<void>;
}
