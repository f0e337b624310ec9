/**
 * What routes call to change a session: one function per action, shared by form actions and the
 * JSON API so that both follow the same rules. Each returns the hub's `ExecuteResult`; routes turn
 * a refusal into `fail(...)` (forms) or a JSON error (API).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as command from '#lib/engine/session/commands.js';
import type { Rating, ResponseValue } from '#lib/engine/session/events.js';
import type { Participant, ResponseRecord } from '#lib/engine/session/state.js';
import type { User } from '../auth/types';
import type { PlayableEntry } from '../scenarios';
import { answerAcknowledged } from '../metrics';
import { scenarioForSession } from '../organisation';
import { hub } from './hub';
import type { ExecuteResult, LiveSession } from './live';

/**
 * Opens a session on a playable library scenario, frozen at its current content with the
 * organisation profile's values in its placeholders. Throws PlaceholderError when those values
 * make the file break the format's limits.
 */
export async function createSession(
	entry: PlayableEntry,
	input: { title?: string; teams: string[]; speed: number; release: 'auto' | 'manual' },
	user: User
): Promise<LiveSession> {
	const frozen = await scenarioForSession(entry.source, entry.hash);
	return hub.create({
		scenarioFile: frozen.file,
		scenarioHash: frozen.hash,
		title: input.title || frozen.file.title,
		teams: input.teams,
		speed: input.speed,
		release: input.release,
		facilitatorId: user.id,
		expectedMs: entry.report.maxMs ?? undefined
	});
}

export const CONTROL_ACTIONS = ['start', 'pause', 'resume', 'reveal', 'end'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** Starts, pauses, resumes, reveals or ends a session; `user` is named as who ended it. */
export function control(
	session: LiveSession,
	action: ControlAction,
	user?: User
): Promise<ExecuteResult> {
	const { scenario } = session;
	return session.execute((state, now) => {
		switch (action) {
			case 'start':
				return command.start(state);
			case 'pause':
				return command.pause(state);
			case 'resume':
				return command.resume(state);
			case 'reveal':
				return command.reveal(state);
			case 'end':
				return command.end(
					scenario,
					state,
					now,
					user ? { id: user.id, name: user.name } : undefined
				);
		}
	});
}

/**
 * Signs off an ended session's after-action report as `user` (issue 16): refused with 403 unless
 * they are a lead or an admin, whatever the caller checked before.
 */
export function signOff(session: LiveSession, user: User, comment: string): Promise<ExecuteResult> {
	if (user.role !== 'lead' && user.role !== 'admin') {
		return Promise.resolve({
			ok: false,
			status: 403,
			message: 'Only a security lead or an admin signs off an after-action report.'
		});
	}
	const { id: accountId, name, role } = user;
	return session.execute((state) => command.signOff(state, { accountId, name, role, comment }));
}

export function setSpeed(session: LiveSession, speed: number): Promise<ExecuteResult> {
	return session.execute((state) => command.changeSpeed(state, speed));
}

export function release(
	session: LiveSession,
	user: User,
	input: { teamId?: string; injectId?: string }
): Promise<ExecuteResult> {
	return session.execute((state, now) =>
		command.release(session.scenario, state, { ...input, by: user.id }, now)
	);
}

/** Skips the scenario clock forward; what falls due on the way happens, in order. */
export function skipClock(session: LiveSession, user: User, toMs: number): Promise<ExecuteResult> {
	return session.execute((state, now) =>
		command.skip(session.scenario, state, { toMs, by: user.id }, now)
	);
}

export function hold(
	session: LiveSession,
	input: { teamId: string; injectId: string; held: boolean }
): Promise<ExecuteResult> {
	return session.execute((state, now) => command.hold(session.scenario, state, input, now));
}

export function override(
	session: LiveSession,
	user: User,
	input: { teamId: string; injectId: string; decisionId: string; optionId: string; reason: string }
): Promise<ExecuteResult> {
	return session.execute((state) =>
		command.override(session.scenario, state, { ...input, by: user.id })
	);
}

/** Drops an inject for one team (issue 11): never released, or its open decisions closed. */
export function drop(
	session: LiveSession,
	user: User,
	input: { teamId: string; injectId: string; reason?: string }
): Promise<ExecuteResult> {
	return session.execute((state, now) =>
		command.drop(session.scenario, state, { ...input, by: user.id }, now)
	);
}

export function observe(
	session: LiveSession,
	user: User,
	input: {
		teamId?: string;
		injectId?: string;
		objectiveId?: string;
		rating?: Rating;
		about?: 'record';
		text: string;
	}
): Promise<ExecuteResult> {
	const observationId = `o${randomBytes(6).toString('hex')}`;
	return session.execute((state) =>
		command.observe(session.scenario, state, { ...input, observationId, by: user.id })
	);
}

export function scoreText(
	session: LiveSession,
	user: User,
	input: { responseId: string; points: number }
): Promise<ExecuteResult> {
	return session.execute((state) =>
		command.scoreText(session.scenario, state, { ...input, by: user.id })
	);
}

export type RespondResult =
	| { ok: true; response: ResponseRecord; replayed: boolean }
	| { ok: false; status: number; message: string };

const inFlight = new WeakMap<LiveSession, Map<string, Promise<RespondResult>>>();

/** The id an answer gets: the same idempotency key from the same trainee gives the same id. */
export function responseIdFor(participantId: string, idempotencyKey: string): string {
	return `r${createHash('sha256').update(`${participantId}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

/**
 * Records a trainee's answer. Acknowledged only once durable; repeating the same idempotency key
 * returns the answer already recorded (and waits for it if it is still being saved) instead of
 * recording it twice.
 */
export async function respond(
	session: LiveSession,
	participant: Participant,
	input: {
		injectId: string;
		decisionId: string;
		value: ResponseValue;
		rationale?: string;
		idempotencyKey: string;
	}
): Promise<RespondResult> {
	// The acknowledgement's latency (metrics): from here to the answer being durable.
	const arrived = performance.now();
	const responseId = responseIdFor(participant.id, input.idempotencyKey);
	const done = session.response(responseId);
	if (done) return { ok: true, response: done, replayed: true };
	let pending = inFlight.get(session);
	if (!pending) inFlight.set(session, (pending = new Map()));
	const running = pending.get(responseId);
	if (running) {
		const r = await running;
		return r.ok ? { ...r, replayed: true } : r;
	}
	const work = (async (): Promise<RespondResult> => {
		const rationale = input.rationale?.trim() || undefined;
		let recordedElsewhere = false;
		const result = await session.execute((state) => {
			// The same answer sent to another instance too (a retry through the load balancer) and
			// recorded there first: this run caught up with it, and records nothing more.
			recordedElsewhere = session.response(responseId) !== undefined;
			if (recordedElsewhere) return { ok: true, events: [] };
			return command.submitResponse(session.scenario, state, {
				responseId,
				participantId: participant.id,
				injectId: input.injectId,
				decisionId: input.decisionId,
				value: input.value,
				rationale
			});
		});
		if (!result.ok) return result;
		const response = session.response(responseId);
		if (!response)
			return { ok: false, status: 503, message: 'the answer was not saved; try again' };
		answerAcknowledged((performance.now() - arrived) / 1000);
		return { ok: true, response, replayed: recordedElsewhere };
	})();
	pending.set(responseId, work);
	try {
		return await work;
	} finally {
		pending.delete(responseId);
	}
}
