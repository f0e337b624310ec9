/**
 * Session state: what a fold of the event log yields. Plain, JSON-serialisable data, so it can be
 * compared in tests, snapshotted, and sent (after projection) to clients.
 */
import type { ClockState } from './clock';
import type { Rating, ReleaseCause, ReleaseMode, ResponseValue } from './events';
import type { Milestone, Value } from '../scenario/model';
import type { RollRecord } from './chance';
import type { RoomState } from './room';

export type SessionStatus = 'lobby' | 'running' | 'paused' | 'ended';

interface ReleasedInject {
	injectId: string;
	scenarioMs: number;
	/** Wall-clock ms at which it was recorded. */
	at: number;
	cause: ReleaseCause;
	/** Indexes of the inject's `variants` whose condition held at release (absent: none). */
	variants?: number[];
}

/** An inject the facilitator dropped for a team (before or after its release). */
export interface DroppedInject {
	by: string;
	reason?: string;
	scenarioMs: number;
	/** True when it had been released: its open decisions were closed as dropped. */
	released: boolean;
}

/** A release that a relative trigger (after, branch, attacker) has scheduled. */
interface ScheduledRelease {
	injectId: string;
	dueMs: number;
	cause: Extract<ReleaseCause, 'after' | 'branch' | 'attacker'>;
}

/** `dropped`: closed by the facilitator dropping the inject; no points at stake. */
type DecisionStatus = 'open' | 'locked' | 'expired' | 'dropped';

export interface DecisionState {
	injectId: string;
	decisionId: string;
	openedMs: number;
	openedAt: number;
	deadlineMs: number | null;
	status: DecisionStatus;
	/** For team decisions: the option that was locked (or overridden). */
	optionId: string | null;
	rule: 'role' | 'majority' | 'override' | 'timeout' | null;
	by: string | null;
	closedMs: number | null;
	closedAt: number | null;
	overrideReason: string | null;
	/**
	 * Ids of the options offered, when some option of the decision has `when` (evaluated for the
	 * team when the inject is released); absent: every option is offered.
	 */
	available?: string[];
	/**
	 * Effective scores of every option, when some option has `scoresIf`: evaluated when the inject
	 * is released (individual decisions) or when the decision closes, before the chosen option's
	 * effects (team decisions). Absent: each option's `scores`. Read via score/effective.ts.
	 */
	optionScores?: Record<string, Record<string, number>>;
	/** Team text decisions: the response that is the team's answer, once given. */
	responseId?: string;
}

type PathStep =
	| { type: 'inject'; injectId: string; scenarioMs: number; skipped: boolean }
	| {
			type: 'decision';
			injectId: string;
			decisionId: string;
			optionId: string | null;
			rule: DecisionState['rule'];
			scenarioMs: number;
	  }
	| { type: 'stage'; stageId: string; fired: boolean; scenarioMs: number };

export interface TeamState {
	id: string;
	name: string;
	vars: Record<string, Value>;
	released: Record<string, ReleasedInject>;
	/** Inject ids in release order. */
	releaseOrder: string[];
	skipped: Record<string, number>;
	scheduled: ScheduledRelease[];
	held: string[];
	/** Injects the facilitator dropped for this team, by id. */
	dropped: Record<string, DroppedInject>;
	/** Decisions of released injects, keyed `${injectId}/${decisionId}`. */
	decisions: Record<string, DecisionState>;
	stages: Record<string, { fired: boolean; scenarioMs: number }>;
	milestones: Partial<Record<Milestone, number>>;
	path: PathStep[];
	/** `reason: 'ended-early'`: the session ended before the team reached an outcome. */
	ending: { endingId: string | null; scenarioMs: number; reason?: 'ended-early' } | null;
	/** Attacker stages scheduled `after` an inject or a decision, not yet resolved. */
	stagesDue: { stageId: string; dueMs: number }[];
	/** Every roll() the team's play evaluated, in order; the count is the next roll's number. */
	rolls: RollRecord[];
}

export interface Participant {
	id: string;
	name: string;
	teamId: string;
	role: string;
	joinedAt: number;
	/**
	 * Wall-clock ms of the participant's last recorded action (an answer, a decision, chat, an
	 * RFI, a record entry, feedback); absent until they act. The log has no leave events.
	 */
	lastActionAt?: number;
}

/** A lead's (or admin's) sign-off of the after-action report (issue 16). */
export interface SignOff {
	accountId: string;
	name: string;
	role: 'lead' | 'admin';
	comment: string;
	at: number;
	seq: number;
}

export interface ResponseRecord {
	responseId: string;
	participantId: string;
	teamId: string;
	injectId: string;
	decisionId: string;
	value: ResponseValue;
	rationale?: string;
	scenarioMs: number;
	at: number;
	seq: number;
	/** Given after the decision's deadline: kept for the record, scores nothing. */
	late: boolean;
}

export interface Observation {
	id: string;
	teamId?: string;
	injectId?: string;
	objectiveId?: string;
	rating?: Rating;
	/** 'record': a rating of the team's incident record (room.ts). */
	about?: 'record';
	text: string;
	by: string;
	scenarioMs: number;
	at: number;
}

export interface SessionState {
	sessionId: string;
	scenarioId: string;
	scenarioHash: string;
	title: string;
	facilitatorId: string;
	release: ReleaseMode;
	/** Seeds the session's dice (`chance.ts`): from session.created, or derived from the id. */
	seed: string;
	status: SessionStatus;
	clock: ClockState;
	createdAt: number;
	startedAt: number | null;
	endedAt: number | null;
	teamOrder: string[];
	teams: Record<string, TeamState>;
	participants: Record<string, Participant>;
	responses: ResponseRecord[];
	/** `${participantId}|${injectId}/${decisionId}` -> index in `responses` of the answer that counts. */
	latest: Record<string, number>;
	textScores: Record<string, { points: number; by: string }>;
	observations: Observation[];
	revealed: boolean;
	revealedAt: number | null;
	/** Times the facilitator skipped the clock forward, in order (for the record and the debrief). */
	clockSkips: { fromMs: number; toMs: number; at: number; by: string }[];
	/** Chat, RFIs, improvised injects, incident records, feedback (room.ts). */
	room: RoomState;
	/** Sign-offs of the after-action report, in order; absent until the first (issue 16). */
	signOffs?: SignOff[];
	/** `seq` of the last event applied. */
	seq: number;
}

const membersCache = new WeakMap<
	SessionState,
	{ seq: number; byTeam: Map<string, Participant[]> }
>();

/**
 * The members of team `teamId`, in joining order. Views and rules ask for it per trainee and per
 * decision; scanning every participant each time made a room of 2,000 quadratic (2,000 trainee
 * views took about 1.9 s, one facilitator view 100 ms). Indexed once per log position: the
 * participants change only with an event, and every event moves `seq`. Do not change the list.
 */
export function teamMembers(state: SessionState, teamId: string): readonly Participant[] {
	let cache = membersCache.get(state);
	if (!cache || cache.seq !== state.seq) {
		const byTeam = new Map<string, Participant[]>();
		for (const p of Object.values(state.participants)) {
			const list = byTeam.get(p.teamId);
			if (list) list.push(p);
			else byTeam.set(p.teamId, [p]);
		}
		cache = { seq: state.seq, byTeam };
		membersCache.set(state, cache);
	}
	return cache.byTeam.get(teamId) ?? [];
}

/** Key of a participant's answer to a decision in `SessionState.latest`. */
export function answerKey(participantId: string, injectId: string, decisionId: string): string {
	return `${participantId}|${injectId}/${decisionId}`;
}
