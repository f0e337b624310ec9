/**
 * A session being played: its compiled scenario, its state (the fold of its log), the store that
 * keeps it, the people listening to it and the timer that wakes it when something comes due.
 *
 * Every change goes through `execute`: catch up with the clock, run the command, append the
 * events at the position this copy expects, and acknowledge only once they are durable.
 * Listeners hear about events only after that, so nobody sees what might still be lost. An
 * append refused because the stored log moved on (another writer) reloads the session and runs
 * the command again.
 */
import { advance, nextWakeMs } from '#lib/engine/session/advance.js';
import { applyEvent, replay } from '#lib/engine/session/apply.js';
import { wallTimeAt } from '#lib/engine/session/clock.js';
import type { CommandResult } from '#lib/engine/session/commands.js';
import type { RecordSeal, SessionEvent, SessionEventBody } from '#lib/engine/session/events.js';
import { foldHash, linkHash, sessionGenesis } from '#lib/evidence/chain.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import type { ResponseRecord, SessionState } from '#lib/engine/session/state.js';
import {
	StorageUnavailableError,
	UNAVAILABLE_WRITE,
	UnstorableInputError,
	UNSTORABLE_TEXT,
	WriteConflictError
} from '../storage/errors';
import type { SessionMeta, SessionStore, StoredSession } from '../storage/sessions';
import { log as logger } from '../log';
import { refusedNotSaved, storeWriteFailed, storeWritten } from '../metrics';

/** Signs a session's seal at its end (issue 16); the signature and key fingerprint are its part. */
export type Sealer = (seal: Omit<RecordSeal, 'signature' | 'keyFingerprint'>) => RecordSeal;

export type Listener = (events: readonly SessionEvent[], session: LiveSession) => void;

export type ExecuteResult =
	| { ok: true; events: SessionEvent[] }
	| { ok: false; status: 400 | 403 | 404 | 409 | 503; message: string };

/** Longest a timer may wait before re-checking (also bounds clock drift). */
const MAX_TIMER_MS = 60_000;

/** When another process runs this session's clock: how soon to look again whether it still does. */
const CLOCK_RETRY_MS = 2_000;

/**
 * Times a command is run again after the stored log moved on under it (another instance on the
 * same database appended first). Under a rush on two instances each round lets one of them
 * through; a short random wait after the first retries keeps them from colliding in step.
 */
const CONFLICT_RETRIES = 12;
const CONFLICT_BACKOFF_MS = 15;

/** What is durable of this session: how far its log goes, its token hashes, its metadata. */
interface Durable {
	seq: number;
	tokens: Set<string>;
	meta: SessionMeta;
}

/** An attempt whose append was refused because the stored log moved on. */
const CONFLICT = Symbol('conflict');

export class LiveSession {
	state: SessionState;
	private readonly listeners = new Set<Listener>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private responsesById = new Map<string, ResponseRecord>();
	/** Bumped whenever the log is put back to what is durable. */
	private generation = 0;
	private closed = false;
	private durable: Durable;
	/** Appends and checkpoints under way. */
	private readonly writes = new Set<Promise<unknown>>();
	private reloading: Promise<void> | null = null;
	/** The chain hash after the last event of `log` (issue 16): the next event's `prev`. */
	private lastHash: string;
	/**
	 * With several processes on one store: resolves true when this one may run the session's
	 * clock now (it holds the lease). Null: this process is the only one, it always may.
	 */
	clockGate: (() => Promise<boolean>) | null = null;

	constructor(
		readonly scenario: Scenario,
		/** The session as this copy knows it: what is durable, then appends under way. */
		private log: StoredSession,
		private readonly store: SessionStore,
		/** The scenario's longest path in scenario ms, for progress figures. */
		readonly expectedMs: number,
		/** Called once the events ending the session are durable. */
		private readonly onEnded: (session: LiveSession) => void = () => {},
		/** Seals the log when the session ends; without one it ends unsealed. */
		private readonly sealer?: Sealer
	) {
		this.state = replay(scenario, log.events);
		this.indexResponses();
		this.durable = durableOf(log);
		this.lastHash = this.chainHash();
	}

	/** The chain hash over the whole log as this copy holds it. */
	private chainHash(): string {
		return foldHash(sessionGenesis(this.id, this.log.meta.scenarioHash), this.log.events);
	}

	get id(): string {
		return this.log.meta.id;
	}

	get meta(): SessionMeta {
		return this.log.meta;
	}

	/** The durable part of the log and the frozen scenario, for the exported record (issue 16). */
	durableLog(): { meta: SessionMeta; scenario: StoredSession['scenario']; events: SessionEvent[] } {
		return {
			meta: { ...this.durable.meta },
			scenario: this.log.scenario,
			events: structuredClone(this.log.events.slice(0, this.durable.seq))
		};
	}

	private indexResponses() {
		this.responsesById = new Map(this.state.responses.map((r) => [r.responseId, r]));
	}

	/** The answer recorded under `responseId`, if any (for idempotent retries). */
	response(responseId: string): ResponseRecord | undefined {
		return this.responsesById.get(responseId);
	}

	/** Participant id for a trainee token hash, if it belongs to this session. */
	participantForTokenHash(hash: string): string | null {
		return this.log.tokens[hash] ?? null;
	}

	/** Listens to committed events; returns the function that stops listening. */
	listen(listener: Listener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	get listenerCount(): number {
		return this.listeners.size;
	}

	/**
	 * Catches up with the clock, runs `command` on the current state and makes its events durable.
	 * `tokens` (trainee token hashes -> participant ids) are stored with them when it succeeds.
	 */
	async execute(
		command: (state: SessionState, now: number) => CommandResult,
		tokens?: Record<string, string>
	): Promise<ExecuteResult> {
		const result = await this.run(command, tokens);
		if (!result.ok && result.status === 503) refusedNotSaved();
		return result;
	}

	/** `execute` without the count of refusals. */
	private async run(
		command: (state: SessionState, now: number) => CommandResult,
		tokens: Record<string, string> | undefined
	): Promise<ExecuteResult> {
		for (let attempt = 0; ; attempt++) {
			if (this.reloading) await this.reloading.catch(() => {});
			const outcome = await this.attempt(command, tokens);
			if (outcome !== CONFLICT) return outcome;
			if (attempt === CONFLICT_RETRIES) {
				return {
					ok: false,
					status: 503,
					message: 'not saved: the session kept changing; try again.'
				};
			}
			if (attempt > 0) {
				const wait = Math.random() * CONFLICT_BACKOFF_MS * attempt;
				await new Promise((r) => setTimeout(r, wait));
			}
			try {
				await this.reload();
			} catch (e) {
				return notSaved(e);
			}
		}
	}

	/** One run of `command` and its append. */
	private async attempt(
		command: (state: SessionState, now: number) => CommandResult,
		tokens: Record<string, string> | undefined
	): Promise<ExecuteResult | typeof CONFLICT> {
		if (this.closed)
			return { ok: false, status: 503, message: 'the session is being unloaded; retry' };
		const now = Date.now();
		const expectedSeq = this.log.events.length;
		const events: SessionEvent[] = advance(this.scenario, this.state, now);
		const result = command(this.state, now);
		let own: SessionEvent[] = [];
		if (result.ok) {
			own = result.events.map((body) => this.apply(body, now));
			events.push(...own);
			// What the command completed takes effect in the same commit: a team whose last
			// decision just locked reaches its ending now, not at the next command or timer.
			if (own.length > 0) events.push(...advance(this.scenario, this.state, now));
		}
		if (events.length === 0) return result.ok ? { ok: true, events: [] } : result;
		this.chain(events, now);
		const added = result.ok ? tokens : undefined;
		if (added) Object.assign(this.log.tokens, added);
		this.log.events.push(...events);
		const meta = this.refreshMeta() ? { ...this.log.meta } : undefined;
		const generation = this.generation;
		const writing = performance.now();
		try {
			await this.track(this.store.append(this.id, expectedSeq, { events, tokens: added, meta }));
			storeWritten((performance.now() - writing) / 1000);
		} catch (e) {
			if (generation === this.generation) this.putBack();
			if (e instanceof WriteConflictError) return CONFLICT;
			if (e instanceof UnstorableInputError)
				return { ok: false, status: 400, message: UNSTORABLE_TEXT };
			storeWriteFailed((performance.now() - writing) / 1000, e);
			logger.error({ session: this.id, err: e }, 'a write failed; nothing of it was kept');
			return notSaved(e);
		}
		if (generation !== this.generation) {
			return {
				ok: false,
				status: 503,
				message: 'not saved: a write failed. Nothing was recorded; try again.'
			};
		}
		this.durable.seq = Math.max(this.durable.seq, expectedSeq + events.length);
		for (const hash of Object.keys(added ?? {})) this.durable.tokens.add(hash);
		if (meta) this.durable.meta = meta;
		this.afterCommit(events);
		return result.ok ? { ok: true, events: own } : result;
	}

	/**
	 * Links `events` (about to be appended) into the log's hash chain, and when they end the
	 * session adds its seal, signed over the chain up to the end, in the same append: with a
	 * working key, a session is never durably ended without its seal.
	 */
	private chain(events: SessionEvent[], now: number): void {
		let hash = this.lastHash;
		for (const event of events) {
			event.prev = hash;
			hash = linkHash(hash, event);
		}
		const ended = events.find((e) => e.type === 'session.ended');
		const seal = ended?.type === 'session.ended' ? this.seal(ended, events, hash, now) : null;
		if (seal) {
			const sealed = this.apply({ type: 'record.sealed', seal }, now);
			sealed.prev = hash;
			hash = linkHash(hash, sealed);
			events.push(sealed);
		}
		this.lastHash = hash;
	}

	/**
	 * The signed seal of a log ending with `events`, whose chain hash is `hash`; null without a
	 * sealer or when signing fails. A session still ends then (unsealed, as the export says):
	 * refusing the end over a key problem would leave the room stuck in a running exercise.
	 */
	private seal(
		ended: Extract<SessionEvent, { type: 'session.ended' }>,
		events: SessionEvent[],
		hash: string,
		now: number
	): RecordSeal | null {
		if (!this.sealer) return null;
		try {
			return this.sealer({
				sessionId: this.id,
				upToSeq: events[events.length - 1].seq,
				finalHash: hash,
				scenarioHash: this.log.meta.scenarioHash,
				sealedAt: now,
				endedBy: ended.by ? { id: ended.by, name: ended.byName ?? '' } : null
			});
		} catch (err) {
			logger.error({ session: this.id, err }, 'the session could not be sealed; it ends unsealed');
			return null;
		}
	}

	/** Puts the log back to what is durable after a failed append, and the state with it. */
	private putBack(): void {
		this.log.events.length = this.durable.seq;
		for (const hash of Object.keys(this.log.tokens)) {
			if (!this.durable.tokens.has(hash)) delete this.log.tokens[hash];
		}
		this.log.meta = { ...this.durable.meta };
		this.rebuild();
	}

	/**
	 * Takes the session as stored, once every write of this copy is over. Events another process
	 * appended meanwhile go to the listeners as this copy's own would.
	 */
	private reload(): Promise<void> {
		this.reloading ??= (async () => {
			await this.settled();
			const from = this.durable.seq;
			const stored = await this.store.load(this.id);
			if (!stored) throw new Error(`session ${this.id} is gone`);
			this.log = stored;
			this.durable = durableOf(stored);
			this.rebuild();
			this.schedule();
			const fresh = stored.events.slice(from);
			if (fresh.length > 0) this.publish(fresh);
		})().finally(() => {
			this.reloading = null;
		});
		return this.reloading;
	}

	/**
	 * Brings this copy up to the stored log when it ends past what this copy holds: another
	 * process (an app instance on the same database) appended up to `seq`, or, without `seq`,
	 * may have. The new events reach the listeners.
	 */
	async catchUp(seq?: number): Promise<void> {
		// Word of this copy's own appends, most of the time: nothing to do.
		if (seq !== undefined && seq <= this.durable.seq) return;
		while (this.reloading) await this.reloading.catch(() => {});
		if (this.closed) return;
		if (seq !== undefined) {
			await this.settled();
			if (seq <= this.durable.seq) return;
		}
		await this.reload();
	}

	/** How far the log is durable as this copy knows it. */
	get durableSeq(): number {
		return this.durable.seq;
	}

	private rebuild(): void {
		this.generation++;
		this.state = replay(this.scenario, this.log.events);
		this.lastHash = this.chainHash();
		this.indexResponses();
	}

	/** Resolves once no write of this session is under way (appends, the checkpoint after its end). */
	async settled(): Promise<void> {
		while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
	}

	private track<T>(write: Promise<T>): Promise<T> {
		this.writes.add(write);
		const done = () => this.writes.delete(write);
		write.then(done, done);
		return write;
	}

	private apply(body: SessionEventBody, now: number): SessionEvent {
		const event = { ...body, seq: this.state.seq + 1, at: now } as SessionEvent;
		applyEvent(this.scenario, this.state, event);
		return event;
	}

	private afterCommit(events: SessionEvent[]) {
		// Answers become findable by id only once durable, so a retry never sees an unsaved one.
		const responses = this.state.responses;
		for (const e of events) {
			if (e.type !== 'response.submitted') continue;
			for (let i = responses.length - 1; i >= 0; i--) {
				if (responses[i].responseId === e.responseId) {
					this.responsesById.set(e.responseId, responses[i]);
					break;
				}
			}
		}
		this.publish(events);
		this.schedule();
		if (events.some((e) => e.type === 'session.ended')) {
			// An ended session is read on its own later (debriefs, backups): bring it up to date.
			this.track(this.store.checkpoint(this.id)).catch((err) =>
				logger.error({ session: this.id, err }, 'checkpoint after the end failed')
			);
			this.onEnded(this);
		}
	}

	/** Tells the listeners about durable events, after the acknowledgement has gone out. */
	private publish(events: SessionEvent[]) {
		// A room of listeners must not delay the acknowledgement.
		const listeners = [...this.listeners];
		setImmediate(() => {
			for (const listener of listeners) {
				try {
					listener(events, this);
				} catch (e) {
					logger.error({ session: this.id, err: e }, 'a listener failed');
				}
			}
		});
	}

	/** Copies status and times into the session's metadata; true if they changed. */
	private refreshMeta(): boolean {
		const meta = this.log.meta;
		const { status, startedAt, endedAt } = this.state;
		const speed = this.state.clock.speed;
		const participants = Object.keys(this.state.participants).length;
		const next = { status, startedAt, endedAt, speed, participants };
		if ((Object.keys(next) as (keyof typeof next)[]).every((k) => meta[k] === next[k]))
			return false;
		Object.assign(meta, next);
		return true;
	}

	/** Sets the timer for the next thing the clock will make due. */
	schedule(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		if (this.closed) return;
		const wakeMs = nextWakeMs(this.scenario, this.state);
		if (wakeMs === null) return;
		const at = wallTimeAt(this.state.clock, wakeMs);
		if (at === null) return;
		const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(at - Date.now())));
		this.timer = setTimeout(() => void this.wake(), delay);
		this.timer.unref?.();
	}

	/** True while a timer will wake the session (for tests). */
	get armed(): boolean {
		return this.timer !== null;
	}

	/**
	 * The timer's callback. Node measures timers on its event loop's cached clock, which lags
	 * `Date.now()` under load, so a timer can fire a little before what it waits for is due:
	 * then nothing is recorded and the timer must be set again, or the session stalls until
	 * the next command.
	 */
	async wake(): Promise<void> {
		this.timer = null;
		if (!(await this.mayRunClock())) {
			// Another process fires what comes due (its append reaches this copy through the feed,
			// which sets the timer anew); look again later in case that process is gone.
			if (!this.timer && !this.closed) {
				this.timer = setTimeout(() => void this.wake(), CLOCK_RETRY_MS);
				this.timer.unref?.();
			}
			return;
		}
		await this.tick();
		if (!this.timer) this.schedule();
	}

	private async mayRunClock(): Promise<boolean> {
		if (!this.clockGate) return true;
		try {
			return await this.clockGate();
		} catch (err) {
			logger.warn({ session: this.id, err }, 'the lease of the session clock could not be taken');
			return false;
		}
	}

	/** Records whatever has come due; nothing else. */
	async tick(): Promise<void> {
		const result = await this.execute(() => ({ ok: true, events: [] }));
		if (!result.ok) {
			logger.error({ session: this.id, status: result.status }, result.message);
			// Try again shortly: the disk may come back.
			if (!this.timer && !this.closed) {
				this.timer = setTimeout(() => void this.wake(), 5000);
				this.timer.unref?.();
			}
		}
	}

	/** Stops the timer and refuses further commands (for shutdown and tests). */
	close(): void {
		this.closed = true;
		this.store.close(this.id);
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}

function durableOf(session: StoredSession): Durable {
	return {
		seq: session.events.length,
		tokens: new Set(Object.keys(session.tokens)),
		meta: { ...session.meta }
	};
}

/** The refusal of a command whose events could not be written (or the log re-read): nothing was kept. */
function notSaved(e: unknown): { ok: false; status: 503; message: string } {
	if (e instanceof StorageUnavailableError)
		return { ok: false, status: 503, message: UNAVAILABLE_WRITE };
	return {
		ok: false,
		status: 503,
		message: `not saved: ${(e as Error).message}. Nothing was recorded; try again.`
	};
}
