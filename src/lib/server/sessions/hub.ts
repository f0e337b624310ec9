/**
 * The live-session hub: creates sessions, finds them by id or join code, keeps the unfinished
 * ones in memory with their timers, and brings every one of them back after a restart. It knows
 * storage only as a `SessionStore`.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import * as command from '#lib/engine/session/commands.js';
import type { ReleaseMode, TeamSpec } from '#lib/engine/session/events.js';
import { compileScenario } from '#lib/engine/scenario/compile.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import { explorePaths } from '#lib/engine/check/paths.js';
import type { ScenarioFile } from '#lib/engine/scenario/schema.js';
import type { Participant } from '#lib/engine/session/state.js';
import { storage } from '../app-storage';
import type { SessionMeta, SessionStore, StoredSession } from '../storage/sessions';
import { LiveSession, type Sealer } from './live';
import { sessionGenesis } from '#lib/evidence/chain.js';
import { installationKey, sealer } from '../evidence/installation';
import { log } from '../log';
import { countLiveSessionsWith } from '../metrics';

/** Join codes: 10 characters from 31 that cannot be confused (no 0/O, 1/I/L). */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 10;
const TOKEN_PREFIX = 'stp_';
/** Ended sessions kept in memory for debriefs; older ones are reloaded from disk on demand. */
const ENDED_CACHE = 20;

export function newJoinCode(): string {
	let code = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++)
		code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	return code;
}

/** Upper-cases and strips separators, so "abcde-fghjk" finds ABCDEFGHJK. */
export function normaliseJoinCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Formats a join code for people: ABCDE-FGHJK. */
export function formatJoinCode(code: string): string {
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

function slug(name: string, taken: Set<string>): string {
	const base =
		name
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40) || 'team';
	let id = base;
	for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
	taken.add(id);
	return id;
}

interface Compiled {
	scenario: Scenario;
	expectedMs: number;
}

export interface NewSession {
	scenarioFile: ScenarioFile;
	scenarioHash: string;
	title: string;
	teams: string[];
	speed: number;
	release: ReleaseMode;
	facilitatorId: string;
	/** The longest path's duration, when the caller knows it (the library computes it). */
	expectedMs?: number;
}

export interface HubOptions {
	/**
	 * With several processes on one store (a store with a feed): how long the lease of a
	 * session's clock lasts unless renewed, in ms; renewed every third of it. Default 6 s: the
	 * sessions of an instance that died are taken over within about 8 s.
	 */
	leaseMs?: number;
}

export class Hub {
	private readonly live = new Map<string, LiveSession>();
	private readonly loading = new Map<string, Promise<LiveSession | null>>();
	private readonly compiled = new Map<string, Compiled>();
	private started: Promise<void> | null = null;
	private readonly endedHandlers: ((session: LiveSession) => Promise<void>)[] = [];
	/** This process among those sharing the store: the holder named in the clocks' leases. */
	readonly instance = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
	private readonly leaseMs: number;
	private unwatch: (() => void) | null = null;
	private renewing: ReturnType<typeof setInterval> | null = null;

	constructor(
		readonly store: SessionStore,
		/** Seals each session when it ends (issue 16); without one, sessions end unsealed. */
		private readonly sealer?: Sealer,
		options: HubOptions = {}
	) {
		this.leaseMs = options.leaseMs ?? 6_000;
	}

	/**
	 * With several processes on one store: follows their appends, so that the sessions held here
	 * (and their streams) catch up at once, and keeps renewing the leases of the clocks this
	 * process runs. Without a feed (the data folder) there is nothing to do.
	 */
	private follow(): void {
		const feed = this.store.feed;
		if (!feed || this.unwatch) return;
		this.unwatch = feed.watch((change) => {
			const sessions = change ? [this.live.get(change.id)] : [...this.live.values()];
			for (const session of sessions) {
				if (!session || (change === null && session.state.status === 'ended')) continue;
				catchUp(session, change?.seq);
			}
		});
		this.renewing = setInterval(() => {
			const ids = [...this.live.values()]
				.filter((s) => s.state.status !== 'ended')
				.map((s) => s.id);
			feed
				.renewLeases(ids, this.instance, this.leaseMs)
				.catch((err) => log.warn({ err }, 'renewing the session clocks’ leases failed'));
		}, this.leaseMs / 3);
		this.renewing.unref?.();
	}

	/** A live session over `stored`, its clock under a lease when the store is shared. */
	private liveSession(scenario: Scenario, stored: StoredSession, expectedMs: number): LiveSession {
		const session = new LiveSession(
			scenario,
			stored,
			this.store,
			expectedMs,
			this.ended,
			this.sealer
		);
		const feed = this.store.feed;
		if (feed) session.clockGate = () => feed.lease(session.id, this.instance, this.leaseMs);
		return session;
	}

	/** Runs `handler` after every session ends (summaries, improvement proposals). */
	onEnded(handler: (session: LiveSession) => Promise<void>): void {
		this.endedHandlers.push(handler);
	}

	private ended = (session: LiveSession): void => {
		for (const handler of this.endedHandlers) {
			handler(session).catch((err) =>
				log.error({ session: session.id, err }, 'after-end work failed')
			);
		}
	};

	/** Compiles a frozen scenario once per hash; the explorer runs only if no figure is known. */
	private compile(hash: string, file: ScenarioFile, expectedMs?: number): Compiled {
		let c = this.compiled.get(hash);
		if (!c) {
			const scenario = compileScenario(file);
			c = { scenario, expectedMs: expectedMs ?? explorePaths(scenario).maxMs ?? 0 };
			this.compiled.set(hash, c);
		}
		return c;
	}

	/**
	 * Checks the stored sessions (repairing what a crash left), then loads every unfinished one and
	 * lets it catch up with the clock. Idempotent.
	 */
	start(): Promise<void> {
		this.started ??= (async () => {
			this.follow();
			await this.store.recover();
			for (const meta of await this.store.list()) {
				if (meta.status === 'ended') continue;
				const session = await this.get(meta.id);
				if (session) await session.tick();
			}
		})();
		return this.started;
	}

	/** Creates a session in the lobby and records it in the index. */
	async create(input: NewSession): Promise<LiveSession> {
		const codes = new Set((await this.store.list()).map((m) => m.joinCode));
		let joinCode = newJoinCode();
		while (codes.has(joinCode)) joinCode = newJoinCode();
		const id = randomBytes(8).toString('hex');
		const taken = new Set<string>();
		const teams: TeamSpec[] = input.teams.map((name) => ({ id: slug(name, taken), name }));
		const { scenario, expectedMs } = this.compile(
			input.scenarioHash,
			input.scenarioFile,
			input.expectedMs
		);
		const now = Date.now();
		const meta: SessionMeta = {
			id,
			joinCode,
			scenarioId: scenario.id,
			scenarioTitle: scenario.title,
			scenarioHash: input.scenarioHash,
			title: input.title,
			facilitatorId: input.facilitatorId,
			teams,
			speed: input.speed,
			release: input.release,
			status: 'lobby',
			participants: 0,
			expectedMs,
			createdAt: now,
			startedAt: null,
			endedAt: null
		};
		const stored: StoredSession = {
			meta,
			scenario: input.scenarioFile,
			tokens: {},
			events: [
				{
					type: 'session.created',
					sessionId: id,
					scenarioId: scenario.id,
					scenarioHash: input.scenarioHash,
					title: input.title,
					teams,
					speed: input.speed,
					release: input.release,
					facilitatorId: input.facilitatorId,
					// Seeds the session's dice (roll() in the scenario); kept in the log so replays agree.
					seed: randomBytes(12).toString('base64url'),
					seq: 1,
					at: now,
					// The first link of the log's hash chain (issue 16).
					prev: sessionGenesis(id, input.scenarioHash)
				}
			]
		};
		await this.store.create(stored);
		const session = this.liveSession(scenario, stored, expectedMs);
		this.live.set(id, session);
		return session;
	}

	/** The session with this id, loaded from disk if needed; null if there is none. */
	async get(id: string): Promise<LiveSession | null> {
		const hit = this.live.get(id);
		if (hit) return hit;
		let pending = this.loading.get(id);
		if (!pending) {
			pending = this.load(id).finally(() => this.loading.delete(id));
			this.loading.set(id, pending);
		}
		return pending;
	}

	private async load(id: string): Promise<LiveSession | null> {
		const stored = await this.store.load(id);
		if (!stored) return null;
		const { meta } = stored;
		const { scenario, expectedMs } = this.compile(
			meta.scenarioHash,
			stored.scenario,
			meta.expectedMs
		);
		const session = this.liveSession(scenario, stored, expectedMs);
		this.live.set(id, session);
		this.evictEnded();
		session.schedule();
		return session;
	}

	private evictEnded() {
		const ended = [...this.live.values()].filter(
			(s) => s.state.status === 'ended' && s.listenerCount === 0
		);
		for (const s of ended.slice(0, Math.max(0, ended.length - ENDED_CACHE))) {
			s.close();
			this.live.delete(s.id);
		}
	}

	/**
	 * Drops the session from memory (its log was rewritten or deleted, issue 17): its timers
	 * stop, and the next `get` reads it from the store again.
	 */
	forget(id: string): void {
		this.live.get(id)?.close();
		this.live.delete(id);
	}

	/** The index of all sessions, newest first. */
	async list(): Promise<SessionMeta[]> {
		return (await this.store.list()).sort((a, b) => b.createdAt - a.createdAt);
	}

	/** The session a join code belongs to, if it is still open to join. */
	async byJoinCode(input: string): Promise<LiveSession | null> {
		const code = normaliseJoinCode(input);
		const meta = await this.store.withJoinCode(code);
		return meta && meta.status !== 'ended' ? this.get(meta.id) : null;
	}

	/** True when the join code is that of a session that has ended (and of none open now). */
	async joinCodeEnded(input: string): Promise<boolean> {
		return (await this.store.withJoinCode(normaliseJoinCode(input)))?.status === 'ended';
	}

	/** Adds a trainee and returns the token that identifies them from now on. */
	async join(
		session: LiveSession,
		input: { name: string; teamId: string; role: string }
	): Promise<
		| { ok: true; participantId: string; token: string }
		| { ok: false; status: number; message: string }
	> {
		const participantId = `p${randomBytes(6).toString('hex')}`;
		const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
		const result = await session.execute(
			(state) => command.join(session.scenario, state, { participantId, ...input }),
			{ [hashToken(token)]: participantId }
		);
		if (!result.ok) return result;
		return { ok: true, participantId, token };
	}

	/** The participant a trainee token belongs to in this session. */
	participant(session: LiveSession, token: string | null | undefined): Participant | null {
		if (!token || !token.startsWith(TOKEN_PREFIX)) return null;
		const id = session.participantForTokenHash(hashToken(token));
		return id ? (session.state.participants[id] ?? null) : null;
	}

	/** Sessions currently in memory (for benchmarks and health checks). */
	get liveCount(): number {
		return this.live.size;
	}

	/** Sessions in memory that have not ended: in the lobby, running or paused (for metrics). */
	get activeCount(): number {
		let n = 0;
		for (const s of this.live.values()) if (s.state.status !== 'ended') n++;
		return n;
	}

	/** Stops every timer (tests, shutdown). */
	close(): void {
		this.unwatch?.();
		this.unwatch = null;
		if (this.renewing) clearInterval(this.renewing);
		this.renewing = null;
		for (const s of this.live.values()) s.close();
		this.live.clear();
	}
}

/** The app's hub, over the app's session store. */
export const hub = new Hub(storage.sessions, sealer(installationKey));
countLiveSessionsWith(() => hub.activeCount);

/**
 * Has `session` catch up with the stored log. A failure (the database flapping just as the feed
 * came back) is tried again, 1 s later and then twice as long each time, five times: word of the
 * events it missed will not come again.
 */
function catchUp(session: LiveSession, seq: number | undefined, attempt = 0): void {
	session.catchUp(seq).catch((err) => {
		log.warn({ session: session.id, err, attempt }, 'catching up failed');
		if (attempt >= 4) return;
		setTimeout(() => catchUp(session, seq, attempt + 1), 1_000 * 2 ** attempt).unref?.();
	});
}
