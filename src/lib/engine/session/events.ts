/**
 * Session events: the append-only log of an exercise session. Everything the app shows about a
 * session is a fold of these (`apply.ts`). Events written by the scheduler carry the scenario
 * time they were due at, so a log caught up after a restart says when things really happened.
 */
import type { EventRoll } from './chance';
import type { Audience, HotwashKind, ImprovisedChannel, RecordStatus, Severity } from './room';

export type ReleaseMode = 'auto' | 'manual';
export type ReleaseCause = 'schedule' | 'facilitator' | 'branch' | 'attacker' | 'after';
export type Rating = 'P' | 'S' | 'M' | 'U';
export const RATINGS: readonly Rating[] = ['P', 'S', 'M', 'U'];

export type ResponseValue =
	| { kind: 'single'; optionId: string }
	| { kind: 'multiple'; optionIds: string[] }
	| { kind: 'indicators'; lines: number[] }
	| { kind: 'text'; text: string };

export interface TeamSpec {
	id: string;
	name: string;
}

export type SessionEventBody =
	| {
			type: 'session.created';
			sessionId: string;
			scenarioId: string;
			scenarioHash: string;
			title: string;
			teams: TeamSpec[];
			speed: number;
			release: ReleaseMode;
			facilitatorId: string;
			/** Seeds the session's dice; logs without one derive it from the session id. */
			seed?: string;
	  }
	| {
			type: 'participant.joined';
			participantId: string;
			name: string;
			teamId: string;
			role: string;
	  }
	| { type: 'clock.started' }
	| { type: 'clock.paused' }
	| { type: 'clock.resumed' }
	| { type: 'clock.speed'; speed: number }
	/** The facilitator moved the scenario clock forward; what fell due on the way follows it. */
	| { type: 'clock.skipped'; fromMs: number; toMs: number; by: string }
	| {
			type: 'inject.released';
			teamId: string;
			injectId: string;
			cause: ReleaseCause;
			scenarioMs: number;
			/** Dice the inject's `when` rolled to decide the release. */
			rolls?: EventRoll[];
	  }
	| {
			type: 'inject.skipped';
			teamId: string;
			injectId: string;
			scenarioMs: number;
			rolls?: EventRoll[];
	  }
	| {
			/** The facilitator drops an inject for a team: never released, or its open decisions closed. */
			type: 'inject.dropped';
			teamId: string;
			injectId: string;
			by: string;
			reason?: string;
			scenarioMs: number;
	  }
	| { type: 'inject.held'; teamId: string; injectId: string }
	| { type: 'inject.unheld'; teamId: string; injectId: string }
	| {
			type: 'response.submitted';
			responseId: string;
			participantId: string;
			teamId: string;
			injectId: string;
			decisionId: string;
			value: ResponseValue;
			rationale?: string;
	  }
	| {
			type: 'decision.locked';
			teamId: string;
			injectId: string;
			decisionId: string;
			optionId: string;
			rule: 'role' | 'majority';
			by: string;
	  }
	| {
			/** A team text decision answered by its decider: `responseId` is the team's answer. */
			type: 'decision.answered';
			teamId: string;
			injectId: string;
			decisionId: string;
			responseId: string;
			by: string;
	  }
	| {
			type: 'decision.overridden';
			teamId: string;
			injectId: string;
			decisionId: string;
			optionId: string;
			reason: string;
			by: string;
	  }
	| {
			type: 'deadline.expired';
			teamId: string;
			injectId: string;
			decisionId: string;
			scenarioMs: number;
	  }
	| {
			type: 'stage.fired';
			teamId: string;
			stageId: string;
			scenarioMs: number;
			/** Dice the stage's `unless` rolled. */
			rolls?: EventRoll[];
	  }
	| {
			type: 'stage.prevented';
			teamId: string;
			stageId: string;
			scenarioMs: number;
			rolls?: EventRoll[];
	  }
	| {
			type: 'team.completed';
			teamId: string;
			endingId: string | null;
			scenarioMs: number;
			/**
			 * 'ended-early': the session ended before the team reached an outcome (no ending, not
			 * the scenario's fallback). Absent in logs written before issue 18 and for real endings.
			 */
			reason?: 'ended-early';
	  }
	| {
			type: 'observation.added';
			observationId: string;
			teamId?: string;
			injectId?: string;
			objectiveId?: string;
			rating?: Rating;
			/** What the observation is about beyond the team: 'record', the team's incident record. */
			about?: 'record';
			text: string;
			by: string;
	  }
	| { type: 'text.scored'; responseId: string; points: number; by: string }
	/** Room events (issue 13): see room.ts. `channel` is 'room' or a team id. */
	| {
			type: 'chat.posted';
			messageId: string;
			channel: string;
			participantId?: string;
			/** Staff user id: a message from exercise control. */
			by?: string;
			text: string;
			mentions?: string[];
			scenarioMs: number;
	  }
	| {
			type: 'rfi.asked';
			rfiId: string;
			participantId: string;
			teamId: string;
			text: string;
			scenarioMs: number;
	  }
	| {
			type: 'rfi.answered';
			rfiId: string;
			by: string;
			text?: string;
			injectId?: string;
			scenarioMs: number;
	  }
	| {
			type: 'improvised.created';
			improvisedId: string;
			audience: Audience;
			channel: ImprovisedChannel;
			from: string;
			title: string;
			body: string;
			question?: string;
			dueMs: number;
			by: string;
	  }
	| { type: 'improvised.released'; improvisedId: string; scenarioMs: number }
	| {
			type: 'improvised.answered';
			improvisedId: string;
			participantId: string;
			text: string;
			scenarioMs: number;
	  }
	| {
			type: 'record.updated';
			teamId: string;
			participantId: string;
			status?: RecordStatus;
			severity?: Severity;
			summary?: string;
			scenarioMs: number;
	  }
	| {
			type: 'record.entry';
			entryId: string;
			teamId: string;
			participantId: string;
			kind: 'timeline' | 'evidence';
			text: string;
			hash?: string;
			scenarioMs: number;
	  }
	| {
			type: 'record.custody';
			teamId: string;
			entryId: string;
			participantId: string;
			text: string;
			scenarioMs: number;
	  }
	| {
			type: 'feedback.submitted';
			participantId: string;
			strengths: string;
			improvements: string;
			ratings: Record<string, number>;
			comments: string;
	  }
	| {
			type: 'hotwash.noted';
			noteId: string;
			by: string;
			kind: HotwashKind;
			objectiveId?: string;
			text: string;
	  }
	| { type: 'answers.revealed' }
	| {
			type: 'session.ended';
			/** The staff account that ended it (absent in logs written before issue 16). */
			by?: string;
			byName?: string;
	  }
	/** The installation's signature over the log up to the end (issue 16); replay ignores it. */
	| { type: 'record.sealed'; seal: RecordSeal }
	/**
	 * Issue 17: the log was anonymised (trainee names replaced by pseudonyms) and re-chained;
	 * says by whom, why, what was touched and how the log ended before. Replay ignores it.
	 */
	| ({ type: 'record.redacted' } & RedactionNote)
	| {
			/**
			 * Issue 16: a security lead (or admin) signs off the ended exercise's after-action
			 * report. Kept with the exercise record; each account signs once, earlier sign-offs stay.
			 */
			type: 'debrief.signedOff';
			accountId: string;
			/** The account's name when it signed (accounts can be renamed later). */
			name: string;
			role: 'lead' | 'admin';
			comment: string;
	  };

/** What a `record.redacted` event says (never the names it replaced). */
export interface RedactionNote {
	/** 'manual': an admin anonymised it; 'retention': the retention period ran out. */
	reason: 'manual' | 'retention';
	by: SealedBy;
	/** Trainees given a pseudonym. */
	participants: number;
	/** Where names were replaced, as "event type.field" (e.g. "chat.posted.text"). */
	fields: string[];
	/** The log as it was: its length, its chain hash and its seals (signed over that chain). */
	previous: { events: number; finalHash: string; seals: RecordSeal[] };
}

/** Who ended a session, as the seal names them. */
export interface SealedBy {
	id: string;
	name: string;
}

/**
 * A session's seal: the hash of its log up to `upToSeq` (the end), the hash of its frozen
 * scenario, when and by whom it ended, signed (Ed25519, base64) by the installation's key.
 */
export interface RecordSeal {
	sessionId: string;
	upToSeq: number;
	finalHash: string;
	scenarioHash: string;
	sealedAt: number;
	endedBy: SealedBy | null;
	keyFingerprint: string;
	signature: string;
}

/**
 * A recorded event: `seq` is its 1-based position in the log, `at` the server's wall clock (ms),
 * `prev` the hash of the log before it (issue 16; absent in older logs). The engine ignores `prev`.
 */
export type SessionEvent = SessionEventBody & { seq: number; at: number; prev?: string };
