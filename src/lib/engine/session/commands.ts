/**
 * Commands: what facilitators and trainees ask for, checked against the script and the state.
 * Each returns the events to record or a refusal with an HTTP-like status and a message a person
 * can act on. Nothing here writes anything; the caller records the events and applies them.
 * Callers run `advance` first so that the state is current at `now`.
 */
import { applyEvent, decideWithRolls } from './apply';
import { advance, pending, pendingFor } from './advance';
import { seededDice } from './chance';
import { formatScenarioTime, scenarioTime } from './clock';
import { optionAvailable } from '../score/effective';
import type { Rating, ResponseValue, SessionEvent, SessionEventBody } from './events';
import { decisionKey, MINUTE, type Decision, type Scenario } from '../scenario/model';
import {
	answerKey,
	teamMembers,
	type Participant,
	type SessionState,
	type TeamState
} from './state';

export type CommandResult =
	| { ok: true; events: SessionEventBody[] }
	| { ok: false; status: 400 | 403 | 404 | 409; message: string };

export const MAX_TEXT_ANSWER = 4000;
export const MAX_RATIONALE = 1000;
export const MAX_OBSERVATION = 4000;
export const MAX_REASON = 500;
export const SPEED_RANGE = { min: 0.1, max: 600 } as const;

const ok = (...events: SessionEventBody[]): CommandResult => ({ ok: true, events });
const refuse = (status: 400 | 403 | 404 | 409, message: string): CommandResult => ({
	ok: false,
	status,
	message
});

function notEnded(state: SessionState): CommandResult | null {
	return state.status === 'ended' ? refuse(409, 'the session has ended') : null;
}

/** Adds a trainee to a team with a role. */
export function join(
	scenario: Scenario,
	state: SessionState,
	input: { participantId: string; name: string; teamId: string; role: string }
): CommandResult {
	const ended = notEnded(state);
	if (ended) return ended;
	if (!state.teams[input.teamId]) return refuse(404, `no team '${input.teamId}' in this session`);
	if (!scenario.roles.some((r) => r.id === input.role))
		return refuse(400, `no role '${input.role}' in this scenario`);
	if (state.participants[input.participantId]) return refuse(409, 'already joined');
	return ok({ type: 'participant.joined', ...input });
}

/** Starts the clock (from the lobby). */
export function start(state: SessionState): CommandResult {
	if (state.status !== 'lobby')
		return refuse(409, `the session is ${state.status}, not waiting to start`);
	return ok({ type: 'clock.started' });
}

/** Pauses a running session. */
export function pause(state: SessionState): CommandResult {
	if (state.status !== 'running') return refuse(409, `the session is ${state.status}, not running`);
	return ok({ type: 'clock.paused' });
}

/** Resumes a paused session. */
export function resume(state: SessionState): CommandResult {
	if (state.status !== 'paused') return refuse(409, `the session is ${state.status}, not paused`);
	return ok({ type: 'clock.resumed' });
}

/** Changes how many scenario minutes pass per real minute. */
export function changeSpeed(state: SessionState, speed: number): CommandResult {
	const ended = notEnded(state);
	if (ended) return ended;
	if (!Number.isFinite(speed) || speed < SPEED_RANGE.min || speed > SPEED_RANGE.max) {
		return refuse(400, `speed must be between ${SPEED_RANGE.min} and ${SPEED_RANGE.max}`);
	}
	return ok({ type: 'clock.speed', speed });
}

/** Scenario time a skip may reach at most: a week, far past any exercise. */
export const MAX_SKIP_MS = 7 * 24 * 60 * MINUTE;

/** Session statuses in which the facilitator drives releases and the clock. */
function notActive(state: SessionState): CommandResult | null {
	if (state.status === 'running' || state.status === 'paused') return null;
	return refuse(
		409,
		state.status === 'lobby' ? 'start the session first' : 'the session has ended'
	);
}

/**
 * A session copy that commands play forward on, so that they can return, in order, the events
 * that follow from theirs (what a clock skip makes due). The caller applies the same events to
 * the real state and gets the same result.
 */
class Rehearsal {
	readonly sim: SessionState;
	readonly events: SessionEventBody[] = [];

	constructor(
		private readonly scenario: Scenario,
		state: SessionState,
		private readonly now: number
	) {
		this.sim = structuredClone(state);
	}

	emit(body: SessionEventBody): void {
		applyEvent(this.scenario, this.sim, {
			...body,
			seq: this.sim.seq + 1,
			at: this.now
		} as SessionEvent);
		this.events.push(body);
	}

	/** Skips the clock to `toMs` and fires, in time order, everything due on the way. */
	skipTo(toMs: number, by: string): void {
		this.emit({ type: 'clock.skipped', fromMs: scenarioTime(this.sim.clock, this.now), toMs, by });
		for (const { seq: _seq, at: _at, ...body } of advance(
			this.scenario,
			this.sim,
			this.now,
			10_000,
			seededDice,
			true
		))
			this.events.push(body);
	}
}

/**
 * Skips the scenario clock forward to `toMs`, paused or running: every release, deadline and
 * attacker stage due on the way happens, in time order, each stamped with the time it was due,
 * as if the clock had run there; the skip itself is recorded. In manual mode releases still wait
 * for the facilitator.
 */
export function skip(
	scenario: Scenario,
	state: SessionState,
	input: { toMs: number; by: string },
	now: number
): CommandResult {
	const inactive = notActive(state);
	if (inactive) return inactive;
	const fromMs = scenarioTime(state.clock, now);
	if (!Number.isFinite(input.toMs) || input.toMs <= fromMs)
		return refuse(
			400,
			`skip to a time after the current scenario time (${formatScenarioTime(fromMs)})`
		);
	if (input.toMs > MAX_SKIP_MS)
		return refuse(400, `skip to at most ${formatScenarioTime(MAX_SKIP_MS)}`);
	const rehearsal = new Rehearsal(scenario, state, now);
	rehearsal.skipTo(Math.round(input.toMs), input.by);
	return ok(...rehearsal.events);
}

/** A team's next release that the clock (not a hold) decides, or undefined. */
function nextRelease(scenario: Scenario, team: TeamState) {
	for (const item of pending(scenario, team)) {
		if (item.kind === 'release' && !team.held.includes(item.id)) return item;
	}
	return undefined;
}

/**
 * "Release next": what comes due next. When that is later than now, the clock skips to it first,
 * so the attacker stages and deadlines due on the way happen before it, and its `when` (and its
 * variants) are judged on the state they leave. In automatic mode the skip releases it; in manual
 * mode, where releases wait for the facilitator, each team's release due by then goes out. One
 * whose condition fails is skipped, as the clock would, and the next one due is taken instead,
 * until each team has had a release or has nothing left.
 */
function releaseNext(
	scenario: Scenario,
	state: SessionState,
	teams: TeamState[],
	by: string,
	now: number
): SessionEventBody[] | string {
	const rehearsal = new Rehearsal(scenario, state, now);
	const sim = rehearsal.sim;
	const waiting = (id: string) =>
		!sim.teams[id].ending &&
		sim.teams[id].releaseOrder.length === state.teams[id].releaseOrder.length;
	for (let round = 0; round < scenario.injects.length; round++) {
		const left = teams.filter((t) => waiting(t.id));
		const dues = left.flatMap((t) => nextRelease(scenario, sim.teams[t.id])?.dueMs ?? []);
		if (dues.length === 0) break;
		const nowMs = scenarioTime(sim.clock, now);
		const dueMs = Math.max(nowMs, Math.min(...dues));
		if (dueMs > nowMs) rehearsal.skipTo(dueMs, by);
		for (const { id } of left) {
			if (!waiting(id)) continue;
			const team = sim.teams[id];
			const item = nextRelease(scenario, team);
			if (!item || item.dueMs > dueMs) continue;
			const when = decideWithRolls(sim, team, scenario.injectById[item.id].when, dueMs);
			const rolls = when.rolls.length > 0 ? { rolls: when.rolls } : {};
			rehearsal.emit(
				when.holds
					? {
							type: 'inject.released',
							teamId: id,
							injectId: item.id,
							cause: 'facilitator',
							scenarioMs: dueMs,
							...rolls
						}
					: {
							type: 'inject.skipped',
							teamId: id,
							injectId: item.id,
							scenarioMs: dueMs,
							...rolls
						}
			);
		}
	}
	return rehearsal.events.length > 0
		? rehearsal.events
		: `nothing left to release for ${teams.map((t) => t.name).join(', ')}`;
}

/** Releases an inject now: a given one, or the next one due, for one team or all. */
export function release(
	scenario: Scenario,
	state: SessionState,
	input: { teamId?: string; injectId?: string; by?: string },
	now: number
): CommandResult {
	const inactive = notActive(state);
	if (inactive) return inactive;
	const teams = input.teamId
		? [state.teams[input.teamId]]
		: state.teamOrder.map((id) => state.teams[id]);
	if (teams.some((t) => !t)) return refuse(404, `no team '${input.teamId}' in this session`);
	const open = teams.filter((t) => !t.ending);
	if (open.length === 0) return refuse(409, teams.map((t) => `${t.name} has finished`).join('; '));
	if (!input.injectId) {
		const r = releaseNext(scenario, state, open, input.by ?? state.facilitatorId, now);
		return typeof r === 'string' ? refuse(409, r) : ok(...r);
	}
	const { injectId } = input;
	if (!scenario.injectById[injectId])
		return refuse(404, `no inject '${injectId}' in this scenario`);
	const nowMs = scenarioTime(state.clock, now);
	// An explicit release is the facilitator's call: it does not wait for the inject's condition.
	const events: SessionEventBody[] = [];
	const problems: string[] = [];
	for (const team of open) {
		if (injectId in team.released)
			problems.push(`'${injectId}' was already released to ${team.name}`);
		else if (injectId in team.dropped) problems.push(`'${injectId}' was dropped for ${team.name}`);
		else
			events.push({
				type: 'inject.released',
				teamId: team.id,
				injectId,
				cause: 'facilitator',
				scenarioMs: nowMs
			});
	}
	return events.length > 0 ? ok(...events) : refuse(409, problems.join('; '));
}

/**
 * Holds an inject back from automatic release, or lets it go again; one that came due while held
 * is released at once, stamped with the time it was let go.
 */
export function hold(
	scenario: Scenario,
	state: SessionState,
	input: { teamId: string; injectId: string; held: boolean },
	now: number
): CommandResult {
	const ended = notEnded(state);
	if (ended) return ended;
	const team = state.teams[input.teamId];
	if (!team) return refuse(404, `no team '${input.teamId}' in this session`);
	if (!scenario.injectById[input.injectId])
		return refuse(404, `no inject '${input.injectId}' in this scenario`);
	if (input.injectId in team.released) return refuse(409, 'already released');
	const isHeld = team.held.includes(input.injectId);
	if (isHeld === input.held) return refuse(409, input.held ? 'already held' : 'not held');
	const { id: teamId } = team;
	const { injectId } = input;
	if (input.held) return ok({ type: 'inject.held', teamId, injectId });
	const unheld: SessionEventBody = { type: 'inject.unheld', teamId, injectId };
	const scenarioMs = scenarioTime(state.clock, now);
	const due = pendingFor(scenario, team).find((p) => p.kind === 'release' && p.id === injectId);
	if (state.release === 'manual' || state.status !== 'running' || !due || due.dueMs > scenarioMs) {
		return ok(unheld);
	}
	const when = decideWithRolls(state, team, scenario.injectById[injectId].when, scenarioMs);
	const rolls = when.rolls.length > 0 ? { rolls: when.rolls } : {};
	if (!when.holds) {
		return ok(unheld, { type: 'inject.skipped', teamId, injectId, scenarioMs, ...rolls });
	}
	return ok(unheld, {
		type: 'inject.released',
		teamId,
		injectId,
		cause: 'facilitator',
		scenarioMs,
		...rolls
	});
}

function checkValue(scenario: Scenario, decision: Decision, value: ResponseValue): string | null {
	if (value.kind !== decision.kind)
		return `this decision takes a '${decision.kind}' answer, not '${value.kind}'`;
	const optionIds = new Set(decision.options.map((o) => o.id));
	switch (value.kind) {
		case 'single':
			return optionIds.has(value.optionId) ? null : `no option '${value.optionId}'`;
		case 'multiple': {
			const bad = value.optionIds.find((id) => !optionIds.has(id));
			if (bad) return `no option '${bad}'`;
			return new Set(value.optionIds).size === value.optionIds.length
				? null
				: 'an option is chosen twice';
		}
		case 'indicators': {
			const inject = scenario.injectById[decision.injectId];
			const log = inject.artefacts.find((a) => a.id === decision.artefact);
			const count = log?.type === 'log' ? log.lines.length : 0;
			const bad = value.lines.find((n) => !Number.isInteger(n) || n < 0 || n >= count);
			if (bad !== undefined) return `line ${bad} is not in the log (it has ${count} lines)`;
			return new Set(value.lines).size === value.lines.length ? null : 'a line is flagged twice';
		}
		case 'text':
			if (value.text.trim().length === 0) return 'the answer is empty';
			return value.text.length > MAX_TEXT_ANSWER
				? `the answer is longer than ${MAX_TEXT_ANSWER} characters`
				: null;
	}
}

/** Team members who take part in a decision: those in the inject's audience. */
export function decisionMembers(
	scenario: Scenario,
	state: SessionState,
	teamId: string,
	injectId: string
): Participant[] {
	const audience = scenario.injectById[injectId]?.audience;
	return teamMembers(state, teamId).filter(
		(p) => audience === null || audience === undefined || audience.includes(p.role)
	);
}

/** Records a trainee's answer; for a team decision it may also lock the team's choice. */
export function submitResponse(
	scenario: Scenario,
	state: SessionState,
	input: {
		responseId: string;
		participantId: string;
		injectId: string;
		decisionId: string;
		value: ResponseValue;
		rationale?: string;
	}
): CommandResult {
	const ended = notEnded(state);
	if (ended) return ended;
	if (state.status === 'lobby') return refuse(409, 'the session has not started');
	const participant = state.participants[input.participantId];
	if (!participant) return refuse(403, 'you are not a participant of this session');
	const team = state.teams[participant.teamId];
	const inject = scenario.injectById[input.injectId];
	if (!inject || !(input.injectId in team.released))
		return refuse(404, `no released inject '${input.injectId}'`);
	if (inject.audience && !inject.audience.includes(participant.role)) {
		return refuse(403, 'this inject is not addressed to your role');
	}
	const decision = scenario.decisionByKey[decisionKey(input.injectId, input.decisionId)];
	if (!decision) return refuse(404, `no decision '${input.decisionId}' on this inject`);
	const problem = checkValue(scenario, decision, input.value);
	if (problem) return refuse(400, problem);
	if (input.rationale && input.rationale.length > MAX_RATIONALE) {
		return refuse(400, `the rationale is longer than ${MAX_RATIONALE} characters`);
	}
	const d = team.decisions[decisionKey(input.injectId, input.decisionId)];
	const chosen =
		input.value.kind === 'single'
			? [input.value.optionId]
			: input.value.kind === 'multiple'
				? input.value.optionIds
				: [];
	const unavailable = chosen.find((id) => !optionAvailable(d, id));
	if (unavailable) return refuse(409, notAvailable(decision, unavailable, 'your team'));
	if (d.status === 'dropped') return refuse(409, 'the facilitator dropped this inject');
	// A team text answer is written by the decider role (anyone in the audience if no member holds it).
	if (decision.team && decision.kind === 'text') {
		const members = decisionMembers(scenario, state, team.id, input.injectId);
		const decider = decision.team.decider;
		if (participant.role !== decider && members.some((m) => m.role === decider)) {
			const role = scenario.roles.find((r) => r.id === decider)?.name ?? decider;
			return refuse(403, `the ${role} writes the team's answer to this question`);
		}
	}
	if (decision.team && d.status !== 'open') {
		return refuse(
			409,
			d.status === 'locked'
				? 'the team has already decided'
				: 'the deadline has passed; the team took the timeout outcome'
		);
	}
	if (!decision.team && state.revealed) return refuse(409, 'the answers have been revealed');
	const submitted: SessionEventBody = {
		type: 'response.submitted',
		responseId: input.responseId,
		participantId: participant.id,
		teamId: team.id,
		injectId: input.injectId,
		decisionId: input.decisionId,
		value: input.value,
		...(input.rationale ? { rationale: input.rationale } : {})
	};
	if (decision.team && input.value.kind === 'text') {
		// The team's answer: it closes the team decision at once (no later edits).
		return ok(submitted, {
			type: 'decision.answered',
			teamId: team.id,
			injectId: input.injectId,
			decisionId: input.decisionId,
			responseId: input.responseId,
			by: participant.id
		});
	}
	if (!decision.team || input.value.kind !== 'single') return ok(submitted);
	const lock = lockRule(scenario, state, team, decision, participant, input.value.optionId);
	if (!lock) return ok(submitted);
	return ok(submitted, {
		type: 'decision.locked',
		teamId: team.id,
		injectId: input.injectId,
		decisionId: input.decisionId,
		optionId: input.value.optionId,
		rule: lock,
		by: participant.id
	});
}

/** The refusal of an option whose `when` did not hold when the decision opened. */
function notAvailable(decision: Decision, optionId: string, who: string): string {
	const label = decision.options.find((o) => o.id === optionId)?.label ?? optionId;
	return `option '${label}' is not available to ${who}: its condition did not hold when the decision opened`;
}

/** Whether this proposal locks the team decision, and by which rule. */
function lockRule(
	scenario: Scenario,
	state: SessionState,
	team: TeamState,
	decision: Decision,
	proposer: Participant,
	optionId: string
): 'role' | 'majority' | null {
	const members = decisionMembers(scenario, state, team.id, decision.injectId);
	const decider = decision.team!.decider;
	if (decider !== 'majority' && members.some((m) => m.role === decider)) {
		return proposer.role === decider ? 'role' : null;
	}
	let votes = 0;
	for (const m of members) {
		const chosen =
			m.id === proposer.id ? optionId : proposalOf(state, m.id, decision.injectId, decision.id);
		if (chosen === optionId) votes++;
	}
	return votes * 2 > members.length ? 'majority' : null;
}

/** The option a participant currently proposes for a team decision, if any. */
export function proposalOf(
	state: SessionState,
	participantId: string,
	injectId: string,
	decisionId: string
): string | null {
	const i = state.latest[answerKey(participantId, injectId, decisionId)];
	const value = i === undefined ? undefined : state.responses[i].value;
	return value?.kind === 'single' ? value.optionId : null;
}

/** The facilitator decides an open team decision for the team, with a reason. */
export function override(
	scenario: Scenario,
	state: SessionState,
	input: {
		teamId: string;
		injectId: string;
		decisionId: string;
		optionId: string;
		reason: string;
		by: string;
	}
): CommandResult {
	const ended = notEnded(state);
	if (ended) return ended;
	const team = state.teams[input.teamId];
	if (!team) return refuse(404, `no team '${input.teamId}' in this session`);
	const decision = scenario.decisionByKey[decisionKey(input.injectId, input.decisionId)];
	if (!decision?.team) return refuse(404, 'no team decision with that id on this inject');
	const d = team.decisions[decisionKey(input.injectId, input.decisionId)];
	if (!d) return refuse(409, 'that inject has not been released to this team');
	if (d.status !== 'open')
		return refuse(409, 'the team decision is already closed; its consequences have happened');
	if (!decision.options.some((o) => o.id === input.optionId))
		return refuse(400, `no option '${input.optionId}'`);
	if (!optionAvailable(d, input.optionId))
		return refuse(409, notAvailable(decision, input.optionId, team.name));
	const reason = input.reason.trim();
	if (!reason) return refuse(400, 'give a reason for the override');
	if (reason.length > MAX_REASON)
		return refuse(400, `the reason is longer than ${MAX_REASON} characters`);
	return ok({ type: 'decision.overridden', ...input, reason });
}

/**
 * The facilitator drops an inject for one team: a pending one is never released; a released one
 * has its open decisions closed as `dropped` (nothing at stake, not a timeout), so they no longer
 * hold back the team's ending.
 */
export function drop(
	scenario: Scenario,
	state: SessionState,
	input: { teamId: string; injectId: string; by: string; reason?: string },
	now: number
): CommandResult {
	const ended = notEnded(state);
	if (ended) return ended;
	if (state.status === 'lobby') return refuse(409, 'start the session first');
	const team = state.teams[input.teamId];
	if (!team) return refuse(404, `no team '${input.teamId}' in this session`);
	const inject = scenario.injectById[input.injectId];
	if (!inject) return refuse(404, `no inject '${input.injectId}' in this scenario`);
	if (team.ending) return refuse(409, `${team.name} has finished`);
	if (input.injectId in team.dropped) return refuse(409, 'already dropped');
	if (input.injectId in team.skipped)
		return refuse(409, 'it was skipped (its condition did not hold); nothing to drop');
	if (input.injectId in team.released) {
		const open = inject.decisions.some(
			(d) => team.decisions[decisionKey(input.injectId, d.id)]?.status === 'open'
		);
		if (!open) return refuse(409, 'it has no open decision left to drop');
	}
	const reason = input.reason?.trim();
	if (reason && reason.length > MAX_REASON)
		return refuse(400, `the reason is longer than ${MAX_REASON} characters`);
	return ok({
		type: 'inject.dropped',
		teamId: team.id,
		injectId: input.injectId,
		by: input.by,
		...(reason ? { reason } : {}),
		scenarioMs: scenarioTime(state.clock, now)
	});
}

/** Adds a facilitator's observation, optionally tied to a team, inject or objective, with a rating. */
export function observe(
	scenario: Scenario,
	state: SessionState,
	input: {
		observationId: string;
		teamId?: string;
		injectId?: string;
		objectiveId?: string;
		rating?: Rating;
		/** 'record': about the team's incident record (room.ts). */
		about?: 'record';
		text: string;
		by: string;
	}
): CommandResult {
	if (input.teamId && !state.teams[input.teamId]) return refuse(404, `no team '${input.teamId}'`);
	if (input.about === 'record' && !input.teamId)
		return refuse(400, 'a rating of an incident record names the team whose record it is');
	if (input.injectId && !scenario.injectById[input.injectId])
		return refuse(404, `no inject '${input.injectId}'`);
	if (input.objectiveId && !scenario.objectives.some((o) => o.id === input.objectiveId)) {
		return refuse(404, `no objective '${input.objectiveId}'`);
	}
	// A rating is about an objective: named, or found on the inject's decisions (else it is lost).
	const injectObjectives = input.injectId
		? scenario.injectById[input.injectId].decisions.flatMap((d) => d.objectives)
		: [];
	if (input.rating && !input.objectiveId && injectObjectives.length === 0) {
		return refuse(
			400,
			'a rating needs an objective: choose one, or tie the observation to an inject whose questions name one'
		);
	}
	const text = input.text.trim();
	if (!text) return refuse(400, 'the observation is empty');
	if (text.length > MAX_OBSERVATION)
		return refuse(400, `the observation is longer than ${MAX_OBSERVATION} characters`);
	return ok({ type: 'observation.added', ...input, text });
}

/** The facilitator scores a free-text answer. */
export function scoreText(
	scenario: Scenario,
	state: SessionState,
	input: { responseId: string; points: number; by: string }
): CommandResult {
	const response = state.responses.find((r) => r.responseId === input.responseId);
	if (!response) return refuse(404, 'no such answer');
	const decision = scenario.decisionByKey[decisionKey(response.injectId, response.decisionId)];
	if (decision.kind !== 'text' || !decision.scored)
		return refuse(409, 'this answer is not scored by the facilitator');
	if (!Number.isFinite(input.points) || input.points < 0 || input.points > decision.points) {
		return refuse(400, `points must be between 0 and ${decision.points}`);
	}
	return ok({ type: 'text.scored', ...input });
}

/** Reveals the answer key, feedback and scores to trainees. */
export function reveal(state: SessionState): CommandResult {
	if (state.status === 'lobby') return refuse(409, 'the session has not started');
	if (state.revealed) return refuse(409, 'the answers are already revealed');
	return ok({ type: 'answers.revealed' });
}

/**
 * Ends the session. Teams still playing have reached no outcome: they are marked as ended early
 * (issue 18), not given the ending whose condition happens to hold now (the fallback ending is
 * usually the bad one, and blamed teams that had made the right calls so far).
 */
export function end(
	_scenario: Scenario,
	state: SessionState,
	now: number,
	by?: { id: string; name: string }
): CommandResult {
	const ended = notEnded(state);
	if (ended) return ended;
	const nowMs = scenarioTime(state.clock, now);
	const events: SessionEventBody[] = [];
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		if (team.ending) continue;
		events.push({
			type: 'team.completed',
			teamId,
			endingId: null,
			scenarioMs: nowMs,
			reason: 'ended-early'
		});
	}
	events.push(
		by ? { type: 'session.ended', by: by.id, byName: by.name } : { type: 'session.ended' }
	);
	return ok(...events);
}

export const MAX_SIGN_OFF_COMMENT = 2000;

/**
 * A security lead or admin signs off the ended exercise's after-action report (issue 16): once
 * per account, after the session has ended; the comment may be empty.
 */
export function signOff(
	state: SessionState,
	input: { accountId: string; name: string; role: 'lead' | 'admin'; comment: string }
): CommandResult {
	if (state.status !== 'ended')
		return refuse(409, 'the session has not ended: sign off its report once it has');
	if (state.signOffs?.some((s) => s.accountId === input.accountId))
		return refuse(409, 'you have already signed off this report');
	const comment = input.comment.trim();
	if (comment.length > MAX_SIGN_OFF_COMMENT)
		return refuse(400, `the comment is longer than ${MAX_SIGN_OFF_COMMENT} characters`);
	return ok({ type: 'debrief.signedOff', ...input, comment });
}
