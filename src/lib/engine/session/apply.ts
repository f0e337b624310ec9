/**
 * The fold: `applyEvent` turns a state and one event into the next state. Consequences that the
 * script fixes (effects of an option, the inject a branch leads to, decisions opened by a
 * release) are derived here rather than logged, so the log holds only facts and replaying it
 * always yields the same state.
 */
import { applyEffects, holds, type ExprEnv } from '../scenario/expr';
import type { ReleaseCause, SessionEvent, SessionEventBody } from './events';
import {
	decisionKey,
	type Decision,
	type Ending,
	type Outcome,
	type Scenario
} from '../scenario/model';
import { pauseClock, scenarioTime, setSpeed, skipClock, startClock, STOPPED_CLOCK } from './clock';
import { answerKey, type DecisionState, type SessionState, type TeamState } from './state';

const dependentsCache = new WeakMap<Scenario, Record<string, string[]>>();

/** Inject ids released `after` each inject, computed once per scenario. */
function afterDependents(scenario: Scenario): Record<string, string[]> {
	let deps = dependentsCache.get(scenario);
	if (!deps) {
		deps = {};
		for (const inject of scenario.injects) {
			if (inject.trigger.kind === 'after') (deps[inject.trigger.inject] ??= []).push(inject.id);
		}
		dependentsCache.set(scenario, deps);
	}
	return deps;
}

/** The expression environment of a team: its variables and what it has seen. */
export function teamEnv(team: TeamState): ExprEnv {
	return {
		vars: team.vars,
		visited: (id) => id in team.released,
		fired: (id) => team.stages[id]?.fired === true
	};
}

/** The ending a team reaches now: the first whose condition holds. */
export function endingFor(scenario: Scenario, team: TeamState): Ending | null {
	const env = teamEnv(team);
	return scenario.endings.find((e) => holds(e.when, env)) ?? null;
}

function newTeam(scenario: Scenario, id: string, name: string): TeamState {
	const vars = Object.fromEntries(
		Object.values(scenario.variables).map((v) => [v.name, v.initial])
	);
	return {
		id,
		name,
		vars,
		released: {},
		releaseOrder: [],
		skipped: {},
		scheduled: [],
		held: [],
		dropped: {},
		decisions: {},
		stages: {},
		milestones: {},
		path: [],
		ending: null
	};
}

function createSession(
	scenario: Scenario,
	event: Extract<SessionEventBody, { type: 'session.created' }>,
	at: number
): SessionState {
	return {
		sessionId: event.sessionId,
		scenarioId: event.scenarioId,
		scenarioHash: event.scenarioHash,
		title: event.title,
		facilitatorId: event.facilitatorId,
		release: event.release,
		status: 'lobby',
		clock: { ...STOPPED_CLOCK, speed: event.speed },
		createdAt: at,
		startedAt: null,
		endedAt: null,
		teamOrder: event.teams.map((t) => t.id),
		teams: Object.fromEntries(event.teams.map((t) => [t.id, newTeam(scenario, t.id, t.name)])),
		participants: {},
		responses: [],
		latest: {},
		textScores: {},
		observations: [],
		revealed: false,
		revealedAt: null,
		clockSkips: [],
		seq: 0
	};
}

function schedule(
	team: TeamState,
	injectId: string,
	dueMs: number,
	cause: 'after' | 'branch' | 'attacker'
) {
	if (injectId in team.released || injectId in team.skipped) return;
	if (team.dropped && injectId in team.dropped) return;
	if (team.scheduled.some((s) => s.injectId === injectId)) return;
	team.scheduled.push({ injectId, dueMs, cause });
}

function unschedule(team: TeamState, injectId: string) {
	team.scheduled = team.scheduled.filter((s) => s.injectId !== injectId);
	team.held = team.held.filter((id) => id !== injectId);
}

function reachMilestone(team: TeamState, milestone: string | undefined, ms: number) {
	if (milestone && !(milestone in team.milestones)) {
		team.milestones[milestone as keyof TeamState['milestones']] = ms;
	}
}

function applyOutcome(scenario: Scenario, team: TeamState, outcome: Outcome, ms: number) {
	if (outcome.effects.length > 0) team.vars = applyEffects(outcome.effects, teamEnv(team));
	reachMilestone(team, outcome.milestone, ms);
	for (const next of outcome.next) {
		const target = scenario.injectById[next];
		if (target) schedule(team, target.id, ms + target.delayMs, 'branch');
	}
}

/** The ids of the options offered now, or undefined when no option has a `when`. */
function availableOptions(decision: Decision, team: TeamState): string[] | undefined {
	if (!decision.options.some((o) => o.when)) return undefined;
	const env = teamEnv(team);
	return decision.options.filter((o) => holds(o.when, env)).map((o) => o.id);
}

/**
 * Every option's scores now: the first `scoresIf` entry that holds, else `scores`; undefined when
 * no option has `scoresIf`.
 */
function optionScoresNow(
	decision: Decision,
	team: TeamState
): Record<string, Record<string, number>> | undefined {
	if (!decision.options.some((o) => o.scoresIf.length > 0)) return undefined;
	const env = teamEnv(team);
	return Object.fromEntries(
		decision.options.map((o) => [
			o.id,
			{ ...(o.scoresIf.find((c) => holds(c.when, env))?.scores ?? o.scores) }
		])
	);
}

function release(
	scenario: Scenario,
	team: TeamState,
	injectId: string,
	ms: number,
	at: number,
	cause: ReleaseCause
) {
	const inject = scenario.injectById[injectId];
	if (!inject || injectId in team.released) return;
	if (team.dropped && injectId in team.dropped) return;
	unschedule(team, injectId);
	team.released[injectId] = { injectId, scenarioMs: ms, at, cause };
	if (inject.variants.length > 0) {
		// Which state-dependent texts the team sees, fixed at release from its state then.
		const env = teamEnv(team);
		team.released[injectId].variants = inject.variants.flatMap((v, i) =>
			holds(v.when, env) ? [i] : []
		);
	}
	team.releaseOrder.push(injectId);
	team.path.push({ type: 'inject', injectId, scenarioMs: ms, skipped: false });
	reachMilestone(team, inject.milestone, ms);
	for (const d of inject.decisions) {
		const available = availableOptions(d, team);
		const optionScores = d.team ? undefined : optionScoresNow(d, team);
		team.decisions[decisionKey(injectId, d.id)] = {
			injectId,
			decisionId: d.id,
			openedMs: ms,
			openedAt: at,
			deadlineMs: d.deadlineMs === undefined ? null : ms + d.deadlineMs,
			status: 'open',
			optionId: null,
			rule: null,
			by: null,
			closedMs: null,
			closedAt: null,
			overrideReason: null,
			...(available && { available }),
			...(optionScores && { optionScores })
		};
	}
	for (const dep of afterDependents(scenario)[injectId] ?? []) {
		const trigger = scenario.injectById[dep].trigger;
		if (trigger.kind === 'after') schedule(team, dep, ms + trigger.delayMs, 'after');
	}
}

function closeDecision(
	scenario: Scenario,
	team: TeamState,
	d: DecisionState,
	optionId: string | null,
	rule: NonNullable<DecisionState['rule']>,
	by: string | null,
	ms: number,
	at: number
) {
	d.status = rule === 'timeout' ? 'expired' : 'locked';
	d.optionId = optionId;
	d.rule = rule;
	d.by = by;
	d.closedMs = ms;
	d.closedAt = at;
	const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
	if (!decision?.team) return;
	// Scores that depend on state are fixed now, before the chosen option changes it.
	const optionScores = optionScoresNow(decision, team);
	if (optionScores) d.optionScores = optionScores;
	team.path.push({
		type: 'decision',
		injectId: d.injectId,
		decisionId: d.decisionId,
		optionId,
		rule,
		scenarioMs: ms
	});
	// A team text answer (no option) has no scripted outcome; only a timeout takes `timeout`.
	const outcome = optionId
		? decision.options.find((o) => o.id === optionId)
		: rule === 'timeout'
			? decision.timeout
			: undefined;
	if (outcome) applyOutcome(scenario, team, outcome, ms);
}

/**
 * Applies one event. For speed the state is updated in place and returned; callers that need the
 * previous state keep a copy (`structuredClone`). Events that do not fit the state are ignored,
 * so a replay never throws on an old log.
 */
export function applyEvent(
	scenario: Scenario,
	state: SessionState | null,
	event: SessionEvent
): SessionState {
	if (event.type === 'session.created')
		return { ...createSession(scenario, event, event.at), seq: event.seq };
	if (!state) throw new Error('the first event of a session must be session.created');
	state.seq = event.seq;
	const at = event.at;
	const now = scenarioTime(state.clock, at);
	const team = 'teamId' in event && event.teamId ? state.teams[event.teamId] : undefined;

	switch (event.type) {
		case 'participant.joined':
			state.participants[event.participantId] = {
				id: event.participantId,
				name: event.name,
				teamId: event.teamId,
				role: event.role,
				joinedAt: at
			};
			break;
		case 'clock.started':
			state.clock = startClock(state.clock, at);
			state.status = 'running';
			state.startedAt ??= at;
			break;
		case 'clock.paused':
			state.clock = pauseClock(state.clock, at);
			state.status = 'paused';
			break;
		case 'clock.resumed':
			state.clock = startClock(state.clock, at);
			state.status = 'running';
			break;
		case 'clock.speed':
			state.clock = setSpeed(state.clock, event.speed, at);
			break;
		case 'clock.skipped':
			if (event.toMs > now) {
				state.clock = skipClock(state.clock, event.toMs, at);
				state.clockSkips.push({
					fromMs: now,
					toMs: event.toMs,
					at,
					by: event.by
				});
			}
			break;
		case 'inject.released':
			if (team) release(scenario, team, event.injectId, event.scenarioMs, at, event.cause);
			break;
		case 'inject.skipped':
			if (team && !(event.injectId in team.released)) {
				unschedule(team, event.injectId);
				team.skipped[event.injectId] = event.scenarioMs;
				team.path.push({
					type: 'inject',
					injectId: event.injectId,
					scenarioMs: event.scenarioMs,
					skipped: true
				});
			}
			break;
		case 'inject.dropped': {
			if (!team || !scenario.injectById[event.injectId]) break;
			team.dropped ??= {};
			if (event.injectId in team.dropped) break;
			const released = event.injectId in team.released;
			team.dropped[event.injectId] = {
				by: event.by,
				...(event.reason ? { reason: event.reason } : {}),
				scenarioMs: event.scenarioMs,
				released
			};
			if (!released) {
				unschedule(team, event.injectId);
				break;
			}
			for (const decision of scenario.injectById[event.injectId].decisions) {
				const d = team.decisions[decisionKey(event.injectId, decision.id)];
				if (!d || d.status !== 'open') continue;
				d.status = 'dropped';
				d.by = event.by;
				d.closedMs = event.scenarioMs;
				d.closedAt = at;
			}
			break;
		}
		case 'decision.answered': {
			const d = team?.decisions[decisionKey(event.injectId, event.decisionId)];
			if (!team || !d || d.status !== 'open') break;
			closeDecision(scenario, team, d, null, 'role', event.by, now, at);
			d.responseId = event.responseId;
			break;
		}
		case 'inject.held':
			if (team && !team.held.includes(event.injectId)) team.held.push(event.injectId);
			break;
		case 'inject.unheld':
			if (team) team.held = team.held.filter((id) => id !== event.injectId);
			break;
		case 'response.submitted': {
			const d = team?.decisions[decisionKey(event.injectId, event.decisionId)];
			const late = d?.status === 'expired';
			const index = state.responses.length;
			state.responses.push({
				responseId: event.responseId,
				participantId: event.participantId,
				teamId: event.teamId,
				injectId: event.injectId,
				decisionId: event.decisionId,
				value: event.value,
				rationale: event.rationale,
				scenarioMs: now,
				at,
				seq: event.seq,
				late
			});
			const key = answerKey(event.participantId, event.injectId, event.decisionId);
			const previous = state.latest[key];
			// A late answer never replaces one given in time.
			if (previous === undefined || !late || state.responses[previous].late)
				state.latest[key] = index;
			break;
		}
		case 'decision.locked':
		case 'decision.overridden': {
			const d = team?.decisions[decisionKey(event.injectId, event.decisionId)];
			if (!team || !d || d.status !== 'open') break;
			const overridden = event.type === 'decision.overridden';
			closeDecision(
				scenario,
				team,
				d,
				event.optionId,
				overridden ? 'override' : event.rule,
				event.by,
				now,
				at
			);
			if (overridden) d.overrideReason = event.reason;
			break;
		}
		case 'deadline.expired': {
			const d = team?.decisions[decisionKey(event.injectId, event.decisionId)];
			if (team && d && d.status === 'open')
				closeDecision(scenario, team, d, null, 'timeout', null, event.scenarioMs, at);
			break;
		}
		case 'stage.fired':
		case 'stage.prevented': {
			if (!team || event.stageId in team.stages) break;
			const fired = event.type === 'stage.fired';
			team.stages[event.stageId] = { fired, scenarioMs: event.scenarioMs };
			team.path.push({
				type: 'stage',
				stageId: event.stageId,
				fired,
				scenarioMs: event.scenarioMs
			});
			const stage = scenario.stageById[event.stageId];
			if (fired && stage) {
				if (stage.effects.length > 0) team.vars = applyEffects(stage.effects, teamEnv(team));
				const target = stage.inject ? scenario.injectById[stage.inject] : undefined;
				if (target) schedule(team, target.id, event.scenarioMs + target.delayMs, 'attacker');
			}
			break;
		}
		case 'team.completed':
			if (team && !team.ending)
				team.ending = { endingId: event.endingId, scenarioMs: event.scenarioMs };
			break;
		case 'observation.added':
			state.observations.push({
				id: event.observationId,
				teamId: event.teamId,
				injectId: event.injectId,
				objectiveId: event.objectiveId,
				rating: event.rating,
				text: event.text,
				by: event.by,
				scenarioMs: now,
				at
			});
			break;
		case 'text.scored':
			state.textScores[event.responseId] = { points: event.points, by: event.by };
			break;
		case 'answers.revealed':
			state.revealed = true;
			state.revealedAt ??= at;
			break;
		case 'session.ended':
			state.clock = pauseClock(state.clock, at);
			state.status = 'ended';
			state.endedAt = at;
			break;
	}
	return state;
}

/** Folds a whole log into a state. */
export function replay(scenario: Scenario, events: readonly SessionEvent[]): SessionState {
	let state: SessionState | null = null;
	for (const event of events) state = applyEvent(scenario, state, event);
	if (!state) throw new Error('an empty log has no session');
	return state;
}
