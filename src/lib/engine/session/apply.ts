/**
 * The fold: `applyEvent` turns a state and one event into the next state. Consequences that the
 * script fixes (effects of an option, the inject a branch leads to, decisions opened by a
 * release) are derived here rather than logged, so the log holds only facts and replaying it
 * always yields the same state.
 */
import { applyEffects, evaluate, holds, type Expr, type ExprEnv } from '../scenario/expr';
import { dieOf, seededDice, seedOf, type Dice, type EventRoll } from './chance';
import type { ReleaseCause, SessionEvent, SessionEventBody } from './events';
import {
	decisionKey,
	type Decision,
	type Ending,
	type Outcome,
	type Scenario
} from '../scenario/model';
import { pauseClock, scenarioTime, setSpeed, skipClock, startClock, STOPPED_CLOCK } from './clock';
import { applyRoomEvent, emptyRoom, isRoomEvent } from './room';
import { answerKey, type DecisionState, type SessionState, type TeamState } from './state';

const dependentsCache = new WeakMap<Scenario, Record<string, string[]>>();

/** Inject ids released `after` each inject, computed once per scenario. */
function afterDependents(scenario: Scenario): Record<string, string[]> {
	let deps = dependentsCache.get(scenario);
	if (!deps) {
		deps = {};
		for (const inject of scenario.injects) {
			if (inject.trigger.kind === 'after' && inject.trigger.decision === undefined)
				(deps[inject.trigger.inject] ??= []).push(inject.id);
		}
		dependentsCache.set(scenario, deps);
	}
	return deps;
}

interface RelativeDependent {
	kind: 'inject' | 'stage';
	id: string;
	delayMs: number;
}

const relativeCache = new WeakMap<Scenario, Record<string, RelativeDependent[]>>();

/**
 * What is scheduled relative to something other than a plain inject release: injects `after` a
 * decision (keyed `inject/decision`) and attacker stages `after` an inject (keyed by its id) or a
 * decision. Computed once per scenario.
 */
function relativeDependents(scenario: Scenario): Record<string, RelativeDependent[]> {
	let deps = relativeCache.get(scenario);
	if (!deps) {
		deps = {};
		const key = (t: { inject: string; decision?: string }) =>
			t.decision === undefined ? t.inject : decisionKey(t.inject, t.decision);
		for (const inject of scenario.injects) {
			const t = inject.trigger;
			if (t.kind === 'after' && t.decision !== undefined)
				(deps[key(t)] ??= []).push({ kind: 'inject', id: inject.id, delayMs: t.delayMs });
		}
		for (const stage of scenario.stages) {
			if (stage.after)
				(deps[key(stage.after)] ??= []).push({
					kind: 'stage',
					id: stage.id,
					delayMs: stage.after.delayMs
				});
		}
		relativeCache.set(scenario, deps);
	}
	return deps;
}

/** The latest scenario time on a team's path: "now" for a caller that does not say. */
function latestMs(team: TeamState): number {
	return team.path.reduce((max, step) => Math.max(max, step.scenarioMs), 0);
}

/**
 * The expression environment of a team at scenario time `nowMs` (default: the latest time on its
 * path): its variables, what it has seen, and when. It rolls no dice: conditions that may roll
 * are evaluated with `decideWithRolls`, effects by the fold.
 */
export function teamEnv(team: TeamState, nowMs: number = latestMs(team)): ExprEnv {
	return {
		vars: team.vars,
		visited: (id) => id in team.released,
		fired: (id) => team.stages[id]?.fired === true,
		elapsed: (id) => {
			const r = team.released[id];
			return r ? nowMs - r.scenarioMs : Infinity;
		},
		lockedAt: (key) => team.decisions[key]?.closedMs ?? Infinity
	};
}

/**
 * Evaluates a condition for the producer of an event (the scheduler, a command): dice are drawn
 * for its rolls but not recorded; the event carries them (`rolls`) and the fold records them.
 * `offset` counts rolls already drawn for events produced but not yet applied.
 */
export function decideWithRolls(
	state: SessionState,
	team: TeamState,
	expr: Expr | undefined,
	nowMs: number,
	dice: Dice = seededDice,
	offset = 0
): { holds: boolean; rolls: EventRoll[] } {
	const rolls: EventRoll[] = [];
	if (expr === undefined) return { holds: true, rolls };
	const env: ExprEnv = {
		...teamEnv(team, nowMs),
		roll: (notation) => {
			const die = dieOf(notation);
			const value = dice(die, state.seed, team.id, team.rolls.length + offset + rolls.length);
			rolls.push({ die: die.notation, value });
			return value;
		}
	};
	return { holds: evaluate(expr, env) === true, rolls };
}

/** What the fold needs to run effects that roll: the session's seed and the dice. */
interface Chance {
	state: SessionState;
	dice: Dice;
}

/** The environment effects run in: rolls are drawn and recorded as they happen. */
function effectEnv(chance: Chance, team: TeamState, ms: number, source: string): ExprEnv {
	return {
		...teamEnv(team, ms),
		roll: (notation) => {
			const die = dieOf(notation);
			const value = chance.dice(die, chance.state.seed, team.id, team.rolls.length);
			team.rolls.push({ die: die.notation, value, scenarioMs: ms, source });
			return value;
		}
	};
}

function recordRolls(team: TeamState, rolls: EventRoll[] | undefined, ms: number, source: string) {
	for (const r of rolls ?? [])
		team.rolls.push({ die: r.die, value: r.value, scenarioMs: ms, source });
}

/** The ending a team reaches now: the first whose condition holds. */
export function endingFor(scenario: Scenario, team: TeamState, nowMs?: number): Ending | null {
	const env = teamEnv(team, nowMs);
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
		ending: null,
		stagesDue: [],
		rolls: []
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
		seed: seedOf(event),
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
		room: emptyRoom(),
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

function scheduleStage(team: TeamState, stageId: string, dueMs: number) {
	if (stageId in team.stages || team.stagesDue.some((s) => s.stageId === stageId)) return;
	team.stagesDue.push({ stageId, dueMs });
}

/** Schedules what waits for `key` (an inject id, or `inject/decision`) to happen at `ms`. */
function scheduleRelative(scenario: Scenario, team: TeamState, key: string, ms: number) {
	for (const dep of relativeDependents(scenario)[key] ?? []) {
		if (dep.kind === 'inject') schedule(team, dep.id, ms + dep.delayMs, 'after');
		else scheduleStage(team, dep.id, ms + dep.delayMs);
	}
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

function applyOutcome(
	scenario: Scenario,
	team: TeamState,
	outcome: Outcome,
	ms: number,
	chance: Chance,
	source: string
) {
	if (outcome.effects.length > 0)
		team.vars = applyEffects(outcome.effects, effectEnv(chance, team, ms, source));
	reachMilestone(team, outcome.milestone, ms);
	for (const next of outcome.next) {
		const target = scenario.injectById[next];
		if (target) schedule(team, target.id, ms + target.delayMs, 'branch');
	}
}

/** The ids of the options offered now, or undefined when no option has a `when`. */
function availableOptions(decision: Decision, team: TeamState, ms: number): string[] | undefined {
	if (!decision.options.some((o) => o.when)) return undefined;
	const env = teamEnv(team, ms);
	return decision.options.filter((o) => holds(o.when, env)).map((o) => o.id);
}

/**
 * Every option's scores now: the first `scoresIf` entry that holds, else `scores`; undefined when
 * no option has `scoresIf`.
 */
function optionScoresNow(
	decision: Decision,
	team: TeamState,
	ms: number
): Record<string, Record<string, number>> | undefined {
	if (!decision.options.some((o) => o.scoresIf.length > 0)) return undefined;
	const env = teamEnv(team, ms);
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
		const env = teamEnv(team, ms);
		team.released[injectId].variants = inject.variants.flatMap((v, i) =>
			holds(v.when, env) ? [i] : []
		);
	}
	team.releaseOrder.push(injectId);
	team.path.push({ type: 'inject', injectId, scenarioMs: ms, skipped: false });
	reachMilestone(team, inject.milestone, ms);
	for (const d of inject.decisions) {
		const available = availableOptions(d, team, ms);
		const optionScores = d.team ? undefined : optionScoresNow(d, team, ms);
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
	scheduleRelative(scenario, team, injectId, ms);
}

function closeDecision(
	scenario: Scenario,
	team: TeamState,
	d: DecisionState,
	optionId: string | null,
	rule: NonNullable<DecisionState['rule']>,
	by: string | null,
	ms: number,
	at: number,
	chance: Chance
) {
	d.status = rule === 'timeout' ? 'expired' : 'locked';
	d.optionId = optionId;
	d.rule = rule;
	d.by = by;
	d.closedMs = ms;
	d.closedAt = at;
	const key = decisionKey(d.injectId, d.decisionId);
	scheduleRelative(scenario, team, key, ms);
	const decision = scenario.decisionByKey[key];
	if (!decision?.team) return;
	// Scores that depend on state are fixed now, before the chosen option changes it.
	const optionScores = optionScoresNow(decision, team, ms);
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
	const source = optionId ? `option:${key}/${optionId}` : `timeout:${key}`;
	if (outcome) applyOutcome(scenario, team, outcome, ms, chance, source);
}

/**
 * Applies one event. For speed the state is updated in place and returned; callers that need the
 * previous state keep a copy (`structuredClone`). Events that do not fit the state are ignored,
 * so a replay never throws on an old log.
 */
export function applyEvent(
	scenario: Scenario,
	state: SessionState | null,
	event: SessionEvent,
	dice: Dice = seededDice
): SessionState {
	if (event.type === 'session.created')
		return { ...createSession(scenario, event, event.at), seq: event.seq };
	if (!state) throw new Error('the first event of a session must be session.created');
	state.seq = event.seq;
	const at = event.at;
	const now = scenarioTime(state.clock, at);
	const team = 'teamId' in event && event.teamId ? state.teams[event.teamId] : undefined;
	const chance: Chance = { state, dice };
	noteAction(state, event, at);
	if (isRoomEvent(event)) {
		applyRoomEvent(state, event);
		return state;
	}

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
			if (team && scenario.injectById[event.injectId] && !(event.injectId in team.released))
				recordRolls(team, event.rolls, event.scenarioMs, `inject:${event.injectId}`);
			if (team) release(scenario, team, event.injectId, event.scenarioMs, at, event.cause);
			break;
		case 'inject.skipped':
			if (team && !(event.injectId in team.released)) {
				recordRolls(team, event.rolls, event.scenarioMs, `inject:${event.injectId}`);
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
			closeDecision(scenario, team, d, null, 'role', event.by, now, at, chance);
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
				at,
				chance
			);
			if (overridden) d.overrideReason = event.reason;
			break;
		}
		case 'deadline.expired': {
			const d = team?.decisions[decisionKey(event.injectId, event.decisionId)];
			if (team && d && d.status === 'open')
				closeDecision(scenario, team, d, null, 'timeout', null, event.scenarioMs, at, chance);
			break;
		}
		case 'stage.fired':
		case 'stage.prevented': {
			if (!team || event.stageId in team.stages) break;
			const source = `stage:${event.stageId}`;
			recordRolls(team, event.rolls, event.scenarioMs, source);
			team.stagesDue = team.stagesDue.filter((s) => s.stageId !== event.stageId);
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
				if (stage.effects.length > 0)
					team.vars = applyEffects(
						stage.effects,
						effectEnv(chance, team, event.scenarioMs, source)
					);
				const target = stage.inject ? scenario.injectById[stage.inject] : undefined;
				if (target) schedule(team, target.id, event.scenarioMs + target.delayMs, 'attacker');
			}
			break;
		}
		case 'team.completed':
			if (team && !team.ending)
				team.ending = {
					endingId: event.endingId,
					scenarioMs: event.scenarioMs,
					...(event.reason && { reason: event.reason })
				};
			break;
		case 'observation.added':
			state.observations.push({
				id: event.observationId,
				teamId: event.teamId,
				injectId: event.injectId,
				objectiveId: event.objectiveId,
				rating: event.rating,
				...(event.about && { about: event.about }),
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
		case 'debrief.signedOff':
			// One per account: a repeat in an old or hand-made log is ignored, the first one stands.
			if (state.signOffs?.some((s) => s.accountId === event.accountId)) break;
			(state.signOffs ??= []).push({
				accountId: event.accountId,
				name: event.name,
				role: event.role,
				comment: event.comment,
				at,
				seq: event.seq
			});
			break;
	}
	return state;
}

/**
 * Remembers when a participant last did something the log records (issue 16, attendance): any
 * event of theirs other than joining, and the decisions a decider locked or answered.
 */
function noteAction(state: SessionState, event: SessionEvent, at: number): void {
	let id: string | undefined;
	if (event.type === 'participant.joined') return;
	if ('participantId' in event) id = event.participantId;
	else if (
		(event.type === 'decision.locked' && event.rule === 'role') ||
		event.type === 'decision.answered'
	)
		id = event.by;
	const p = id === undefined ? undefined : state.participants[id];
	if (p) p.lastActionAt = Math.max(at, p.lastActionAt ?? at);
}

/** Folds a whole log into a state. */
export function replay(scenario: Scenario, events: readonly SessionEvent[]): SessionState {
	let state: SessionState | null = null;
	for (const event of events) state = applyEvent(scenario, state, event);
	if (!state) throw new Error('an empty log has no session');
	return state;
}
