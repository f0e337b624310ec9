import { describe, expect, it } from 'vitest';
import { scoresCsv } from './debrief-export';
import { buildDebrief } from '../engine/score/debrief';
import { phishScenario, playedPhish } from '../engine/testing';

const scenario = phishScenario();

describe('debrief scores CSV', () => {
	it('writes a negative score as a number and defuses a name that starts like a formula', () => {
		const sim = playedPhish(scenario);
		const d = buildDebrief(scenario, sim.state, sim.now);
		const red = d.scores.teams[0];
		const phase = d.scores.phases[0];
		red.phases[phase.id] = { earned: -6.8, reachable: 10, percent: -68 };
		d.scores.trainees[0].name = '-x';
		const csv = scoresCsv(d).split('\r\n');
		expect(csv).toContain(`"s1","team","Red","","","${phase.name}","-6.8","10","-68"`);
		expect(csv.some((line) => line.includes(`"'-6.8"`))).toBe(false);
		expect(csv.filter((line) => line.includes(`"'-x"`))).toHaveLength(scenario.phases.length);
	});
});
