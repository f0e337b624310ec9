/**
 * The preview debrief of a play-test (engine/session/playtest.ts): for each bot team, the ending
 * it reached and when, its score per phase and in total, and the way it went (injects released,
 * options locked, attacker stages fired or prevented), as the scenario page shows it.
 */
import type { Scenario } from '../engine/scenario/model';
import { scoreSession } from '../engine/score/session-score';
import { formatScenarioTime } from '../engine/session/clock';
import type { Playtest } from '../engine/session/playtest';

export interface PlaytestTeamReport {
	name: string;
	strategy: string;
	ending: { title: string; outcome: string; at: string } | null;
	totalPercent: number | null;
	phases: { name: string; percent: number | null; earned: number; reachable: number }[];
	steps: { at: string; text: string }[];
}

export function playtestReport(scenario: Scenario, run: Playtest): PlaytestTeamReport[] {
	const scores = scoreSession(scenario, run.state);
	return run.teams.map((bot) => {
		const team = run.state.teams[bot.id];
		const score = scores.teams.find((t) => t.teamId === bot.id)!;
		const ending = team.ending?.endingId
			? scenario.endings.find((e) => e.id === team.ending!.endingId)
			: undefined;
		const steps = team.path.flatMap((step) => {
			const at = formatScenarioTime(step.scenarioMs);
			switch (step.type) {
				case 'inject':
					return step.skipped
						? []
						: [{ at, text: `Released: ${scenario.injectById[step.injectId].title}` }];
				case 'decision': {
					const decision = scenario.decisionByKey[`${step.injectId}/${step.decisionId}`];
					const option = decision.options.find((o) => o.id === step.optionId);
					return [
						{
							at,
							text: option
								? `Decided “${option.label}” (${decision.prompt.split('\n')[0]})`
								: `No decision in time (${decision.prompt.split('\n')[0]})`
						}
					];
				}
				case 'stage':
					return [
						{
							at,
							text: `${step.fired ? 'Attacker stage fired' : 'Attacker stage prevented'}: ${scenario.stageById[step.stageId].title}`
						}
					];
			}
		});
		return {
			name: bot.name,
			strategy: bot.strategy,
			ending: ending
				? {
						title: ending.title,
						outcome: ending.outcome,
						at: formatScenarioTime(team.ending!.scenarioMs)
					}
				: null,
			totalPercent: score.total.percent,
			phases: scenario.phases.map((p) => ({
				name: p.name,
				percent: score.phases[p.id]?.percent ?? null,
				earned: score.phases[p.id]?.earned ?? 0,
				reachable: score.phases[p.id]?.reachable ?? 0
			})),
			steps
		};
	});
}
