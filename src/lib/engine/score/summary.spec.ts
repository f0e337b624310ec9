import { describe, expect, it } from 'vitest';
import { SCORING_VERSION } from './session-score';
import { summarise } from './summary';
import { phishScenario, playedPhish } from '../testing';

describe('session summary', () => {
	const scenario = phishScenario();
	const summary = summarise(scenario, playedPhish(scenario).state);

	it('keeps the per-phase scores, timings and outcome of each team', () => {
		expect(summary.scoringVersion).toBe(SCORING_VERSION);
		expect(
			summary.teams.map((t) => [
				t.id,
				t.phases.containment.percent,
				t.timeToContainMs,
				t.outcome,
				t.timeouts
			])
		).toEqual([
			['red', 100, 360_000, 'good', 0],
			['blue', 0, null, 'bad', 1]
		]);
		expect(summary.room.containment).toBe(50);
		expect(summary.objectives.find((o) => o.id === 'contain')?.byTeam).toEqual({
			red: 'P',
			blue: 'U'
		});
	});

	it('scores each team on the injects mapped to each ATT&CK technique', () => {
		expect(summary.techniques['T1566.001']).toEqual({
			red: { earned: 17.5, reachable: 20 },
			blue: { earned: expect.closeTo(5 / 3, 10), reachable: 20 }
		});
		// The stage's inject inherits its technique; it has no decision, so nothing to score.
		expect(summary.techniques['T1021.002']).toEqual({ blue: { earned: 0, reachable: 0 } });
	});

	it('lists the plan sections the scenario refers to, for retests', () => {
		expect(summary.planSections).toEqual(['playbook-ransomware.containment']);
	});
});
