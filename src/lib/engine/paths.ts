/**
 * The path explorer: plays a scenario with the real engine for one team, taking every option of
 * every team decision (and the timeout, where there is a deadline), and reports what can happen:
 * how many paths, how long they take on the scenario clock, which endings they reach, the best
 * score reachable per phase, and the paths that end with no ending. Decisions are taken the
 * moment they open; a timeout is taken at its deadline.
 */
import { advance, nextWakeMs } from './advance';
import { applyEvent } from './apply';
import type { SessionEvent, SessionEventBody } from './events';
import { decisionKey, type Scenario } from './model';
import { addPoints, decisionMaxPoints, outcomePoints } from './points';
import type { SessionState, TeamState } from './state';

export interface PathReport {
	paths: number;
	truncated: boolean;
	bound: number;
	/** Scenario ms at which the shortest and longest paths complete. */
	minMs: number | null;
	maxMs: number | null;
	/** Ending id -> number of paths that reach it. */
	endings: Record<string, number>;
	/** Paths on which no ending's condition holds, as the choices taken. */
	deadEnds: { choices: string[] }[];
	/** Phase id -> the most points any path lets a team earn in it. */
	bestScore: Record<string, number>;
}

const TEAM = 'explorer';

function emit(scenario: Scenario, state: SessionState, body: SessionEventBody, at: number): void {
	applyEvent(scenario, state, { ...body, seq: state.seq + 1, at } as SessionEvent);
}

function firstOpenTeamDecision(scenario: Scenario, team: TeamState) {
	return Object.values(team.decisions)
		.filter(
			(d) =>
				d.status === 'open' && scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)]?.team
		)
		.sort((a, b) => a.openedMs - b.openedMs)[0];
}

/** Points a team with perfect individual answers earns on the path it played. */
function pathPoints(scenario: Scenario, team: TeamState): Record<string, number> {
	const points: Record<string, number> = {};
	for (const d of Object.values(team.decisions)) {
		const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
		if (!decision.team) addPoints(points, decisionMaxPoints(decision));
		else if (d.optionId)
			addPoints(points, outcomePoints(decision.options.find((o) => o.id === d.optionId)));
		else if (d.status === 'expired') addPoints(points, outcomePoints(decision.timeout));
	}
	return points;
}

/** Explores every path through `scenario`, up to `maxPaths` complete paths. */
export function explorePaths(scenario: Scenario, options: { maxPaths?: number } = {}): PathReport {
	const bound = options.maxPaths ?? 2000;
	const report: PathReport = {
		paths: 0,
		truncated: false,
		bound,
		minMs: null,
		maxMs: null,
		endings: {},
		deadEnds: [],
		bestScore: {}
	};
	const start = applyEvent(scenario, null, {
		type: 'session.created',
		sessionId: 'explorer',
		scenarioId: scenario.id,
		scenarioHash: '',
		title: scenario.title,
		teams: [{ id: TEAM, name: 'Explorer' }],
		speed: 1,
		release: 'auto',
		facilitatorId: 'explorer',
		seq: 1,
		at: 0
	});
	emit(scenario, start, { type: 'clock.started' }, 0);

	// Depth-first with an explicit stack: [state, wall time, choices so far].
	const stack: [SessionState, number, string[]][] = [[start, 0, []]];
	while (stack.length > 0) {
		if (report.paths >= bound) {
			report.truncated = true;
			break;
		}
		const [state, now, choices] = stack.pop()!;
		advance(scenario, state, now);
		const team = state.teams[TEAM];
		if (team.ending) {
			record(scenario, report, team, choices);
			continue;
		}
		const open = firstOpenTeamDecision(scenario, team);
		if (open) {
			const decision = scenario.decisionByKey[decisionKey(open.injectId, open.decisionId)];
			if (open.deadlineMs !== null) {
				stack.push([
					structuredClone(state),
					open.deadlineMs,
					[...choices, `${open.injectId}/${open.decisionId}=timeout`]
				]);
			}
			for (const option of [...decision.options].reverse()) {
				const branch = structuredClone(state);
				const body: SessionEventBody = {
					type: 'decision.locked',
					teamId: TEAM,
					injectId: open.injectId,
					decisionId: open.decisionId,
					optionId: option.id,
					rule: 'majority',
					by: 'explorer'
				};
				emit(scenario, branch, body, now);
				stack.push([branch, now, [...choices, `${open.injectId}/${open.decisionId}=${option.id}`]]);
			}
			continue;
		}
		const wake = nextWakeMs(scenario, state);
		// Nothing left to wait for and no ending: advance() would have completed the team.
		if (wake === null) continue;
		stack.push([state, Math.max(wake, now), choices]);
	}
	return report;
}

function record(scenario: Scenario, report: PathReport, team: TeamState, choices: string[]) {
	report.paths++;
	const ms = team.ending!.scenarioMs;
	report.minMs = report.minMs === null ? ms : Math.min(report.minMs, ms);
	report.maxMs = report.maxMs === null ? ms : Math.max(report.maxMs, ms);
	const endingId = team.ending!.endingId;
	if (endingId) report.endings[endingId] = (report.endings[endingId] ?? 0) + 1;
	else if (report.deadEnds.length < 20) report.deadEnds.push({ choices });
	for (const [phase, points] of Object.entries(pathPoints(scenario, team))) {
		report.bestScore[phase] = Math.max(report.bestScore[phase] ?? 0, points);
	}
}
