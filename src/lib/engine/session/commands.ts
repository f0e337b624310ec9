/**
 * Commands: what facilitators and trainees ask for, checked against the script and the state.
 * Each returns the events to record or a refusal with an HTTP-like status and a message a person
 * can act on. Nothing here writes anything; the caller records the events and applies them.
 * Callers run `advance` first so that the state is current at `now`.
 */
import { decideWithRolls, endingFor } from './apply';
import { pendingFor } from './advance';
import { scenarioTime } from './clock';
import type { Rating, ResponseValue, SessionEventBody } from './events';
import { decisionKey, type Decision, type Scenario } from '../scenario/model';
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

function releaseOne(
	scenario: Scenario,
	state: SessionState,
	team: TeamState,
	injectId: string | undefined,
	nowMs: number
): SessionEventBody[] | string {
	if (injectId) {
		if (!scenario.injectById[injectId]) return `no inject '${injectId}' in this scenario`;
		if (injectId in team.released) return `'${injectId}' was already released to ${team.name}`;
		// An explicit release is the facilitator's call: it does not wait for the inject's condition.
		return [
			{
				type: 'inject.released',
				teamId: team.id,
				injectId,
				cause: 'facilitator',
				scenarioMs: nowMs
			}
		];
	}
	// "Release next": the earliest pending inject; ones whose condition fails are skipped on the way.
	const events: SessionEventBody[] = [];
	// Rolls drawn for the events produced so far, which are applied only after this returns.
	let drawn = 0;
	for (const item of pendingFor(scenario, team)) {
		if (item.kind !== 'release') continue;
		const inject = scenario.injectById[item.id];
		const when = decideWithRolls(state, team, inject.when, nowMs, undefined, drawn);
		const rolls = when.rolls.length > 0 ? { rolls: when.rolls } : {};
		if (when.holds) {
			events.push({
				type: 'inject.released',
				teamId: team.id,
				injectId: item.id,
				cause: 'facilitator',
				scenarioMs: nowMs,
				...rolls
			});
			return events;
		}
		if (item.dueMs <= nowMs) {
			drawn += when.rolls.length;
			events.push({
				type: 'inject.skipped',
				teamId: team.id,
				injectId: item.id,
				scenarioMs: nowMs,
				...rolls
			});
		}
	}
	return events.length > 0 ? events : `nothing left to release for ${team.name}`;
}

/** Releases an inject now: a given one, or the next one due, for one team or all. */
export function release(
	scenario: Scenario,
	state: SessionState,
	input: { teamId?: string; injectId?: string },
	now: number
): CommandResult {
	if (state.status !== 'running' && state.status !== 'paused') {
		return refuse(
			409,
			state.status === 'lobby' ? 'start the session first' : 'the session has ended'
		);
	}
	const teams = input.teamId
		? [state.teams[input.teamId]]
		: state.teamOrder.map((id) => state.teams[id]);
	if (teams.some((t) => !t)) return refuse(404, `no team '${input.teamId}' in this session`);
	const nowMs = scenarioTime(state.clock, now);
	const events: SessionEventBody[] = [];
	const problems: string[] = [];
	for (const team of teams) {
		if (team.ending) {
			problems.push(`${team.name} has finished`);
			continue;
		}
		const r = releaseOne(scenario, state, team, input.injectId, nowMs);
		if (typeof r === 'string') problems.push(r);
		else events.push(...r);
	}
	if (events.length === 0)
		return refuse(
			input.injectId && problems[0]?.startsWith('no inject') ? 404 : 409,
			problems.join('; ')
		);
	return ok(...events);
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
	const reason = input.reason.trim();
	if (!reason) return refuse(400, 'give a reason for the override');
	if (reason.length > MAX_REASON)
		return refuse(400, `the reason is longer than ${MAX_REASON} characters`);
	return ok({ type: 'decision.overridden', ...input, reason });
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
		text: string;
		by: string;
	}
): CommandResult {
	if (input.teamId && !state.teams[input.teamId]) return refuse(404, `no team '${input.teamId}'`);
	if (input.injectId && !scenario.injectById[input.injectId])
		return refuse(404, `no inject '${input.injectId}'`);
	if (input.objectiveId && !scenario.objectives.some((o) => o.id === input.objectiveId)) {
		return refuse(404, `no objective '${input.objectiveId}'`);
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

/** Ends the session: teams still playing get the ending that holds now. */
export function end(scenario: Scenario, state: SessionState, now: number): CommandResult {
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
			endingId: endingFor(scenario, team, nowMs)?.id ?? null,
			scenarioMs: nowMs
		});
	}
	events.push({ type: 'session.ended' });
	return ok(...events);
}
