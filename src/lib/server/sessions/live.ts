/**
 * A session being played: its compiled scenario, its state (the fold of its log), its file, the
 * people listening to it and the timer that wakes it when something comes due.
 *
 * Every change goes through `execute`: catch up with the clock, run the command, append the
 * events, and acknowledge only once they are on disk. Listeners hear about events only after
 * that, so nobody sees what might still be lost.
 */
import { advance, nextWakeMs } from '#lib/engine/session/advance.js';
import { applyEvent, replay } from '#lib/engine/session/apply.js';
import { wallTimeAt } from '#lib/engine/session/clock.js';
import type { CommandResult } from '#lib/engine/session/commands.js';
import type { SessionEvent, SessionEventBody } from '#lib/engine/session/events.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import type { ResponseRecord, SessionState } from '#lib/engine/session/state.js';
import type { SessionFile, SessionMeta } from '../storage/file/session-files';
import type { JournaledSessionDoc } from '../storage/file/journaled';

export type Listener = (events: readonly SessionEvent[], session: LiveSession) => void;

export type ExecuteResult =
	| { ok: true; events: SessionEvent[] }
	| { ok: false; status: 400 | 403 | 404 | 409 | 503; message: string };

/** Longest a timer may wait before re-checking (also bounds clock drift). */
const MAX_TIMER_MS = 60_000;

export class LiveSession {
	state: SessionState;
	private readonly listeners = new Set<Listener>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private responsesById = new Map<string, ResponseRecord>();
	/** Bumped when a failed write rolled the log back. */
	private generation = 0;
	private closed = false;

	constructor(
		readonly scenario: Scenario,
		readonly doc: JournaledSessionDoc,
		private readonly onMetaChange: (meta: SessionMeta) => Promise<void>,
		/** The scenario's longest path in scenario ms, for progress figures. */
		readonly expectedMs: number,
		/** Called once the events ending the session are durable. */
		private readonly onEnded: (session: LiveSession) => void = () => {}
	) {
		this.state = replay(scenario, doc.data.events);
		this.indexResponses();
		doc.onRollback = () => {
			this.generation++;
			this.state = replay(this.scenario, this.doc.data.events);
			this.indexResponses();
		};
	}

	get id(): string {
		return this.doc.data.meta.id;
	}

	get meta(): SessionMeta {
		return this.doc.data.meta;
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
		return this.doc.data.tokens[hash] ?? null;
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
	 * `extra` may change the file in the same commit (e.g. a trainee's token hash).
	 */
	async execute(
		command: (state: SessionState, now: number) => CommandResult,
		extra?: (file: SessionFile) => void
	): Promise<ExecuteResult> {
		if (this.closed)
			return { ok: false, status: 503, message: 'the session is being unloaded; retry' };
		const now = Date.now();
		const events: SessionEvent[] = advance(this.scenario, this.state, now);
		const result = command(this.state, now);
		let own: SessionEvent[] = [];
		if (result.ok) {
			own = result.events.map((body) => this.apply(body, now));
			events.push(...own);
			extra?.(this.doc.data);
		}
		if (events.length === 0) return result.ok ? { ok: true, events: [] } : result;
		this.doc.data.events.push(...events);
		const metaChanged = this.refreshMeta();
		const generation = this.generation;
		try {
			await this.doc.commit();
		} catch (e) {
			return {
				ok: false,
				status: 503,
				message: `not saved: ${(e as Error).message}. Nothing was recorded; try again.`
			};
		}
		if (generation !== this.generation) {
			return {
				ok: false,
				status: 503,
				message: 'not saved: a write failed. Nothing was recorded; try again.'
			};
		}
		if (metaChanged) await this.publishMeta();
		this.afterCommit(events);
		return result.ok ? { ok: true, events: own } : result;
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
		// After the acknowledgement has gone out: a room of listeners must not delay it.
		const listeners = [...this.listeners];
		setImmediate(() => {
			for (const listener of listeners) {
				try {
					listener(events, this);
				} catch (e) {
					console.error(`session ${this.id}: a listener failed`, e);
				}
			}
		});
		this.schedule();
		if (events.some((e) => e.type === 'session.ended')) {
			// An ended session's file is read on its own later (debriefs, backups): bring it up to date.
			void this.doc.checkpoint();
			this.onEnded(this);
		}
	}

	/** Copies status and times into the file's metadata; true if they changed. */
	private refreshMeta(): boolean {
		const meta = this.doc.data.meta;
		const { status, startedAt, endedAt } = this.state;
		const speed = this.state.clock.speed;
		const participants = Object.keys(this.state.participants).length;
		const next = { status, startedAt, endedAt, speed, participants };
		if ((Object.keys(next) as (keyof typeof next)[]).every((k) => meta[k] === next[k]))
			return false;
		Object.assign(meta, next);
		return true;
	}

	/** Updates the session index; the session file stays the source of truth if this fails. */
	private async publishMeta() {
		try {
			await this.onMetaChange({ ...this.doc.data.meta });
		} catch (e) {
			console.error(`session ${this.id}: could not update the session index`, e);
		}
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
		await this.tick();
		if (!this.timer) this.schedule();
	}

	/** Records whatever has come due; nothing else. */
	async tick(): Promise<void> {
		const result = await this.execute(() => ({ ok: true, events: [] }));
		if (!result.ok) {
			console.error(`session ${this.id}: ${result.message}`);
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
		this.doc.close();
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}
}
