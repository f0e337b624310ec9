import { describe, expect, it } from 'vitest';
import { facilitatorView } from './facilitator-view';
import { traineeView } from './trainee-view';
import { MINUTE } from '../scenario/model';
import { buildDebrief } from '../score/debrief';
import { scoreSession } from '../score/session-score';
import { summarise } from '../score/summary';
import { phishEndedEarly, phishScenario } from '../testing';

const scenario = phishScenario();
const md = (s: string) => s;

function endedAt7() {
	const { sim, before } = phishEndedEarly(scenario);
	return { sim, before: facilitatorView(scenario, before, sim.now, 60 * MINUTE) };
}

describe('an exercise ended early (issue 18)', () => {
	it('gives teams without an ending "ended before an outcome", not the bad ending', () => {
		const { sim } = endedAt7();
		const debrief = buildDebrief(scenario, sim.state, sim.now);
		expect(debrief.endings.red).toMatchObject({
			title: 'Ended before an outcome',
			outcome: 'ended-early'
		});
		expect(debrief.endings.blue?.title).toBe('Ended before an outcome');
		expect(debrief.scores.teams.map((t) => [t.endingId, t.endedEarly])).toEqual([
			[null, true],
			[null, true]
		]);
		const trainee = traineeView(scenario, sim.state, 'ian', md)!;
		expect(trainee.team.ending).toMatchObject({
			title: 'Ended before an outcome',
			outcome: 'ended-early'
		});
		expect(trainee.team.ending!.summaryHtml).not.toMatch(/spread/i);
		const red = facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE).teams[0];
		expect(red.ending).toMatchObject({ id: null, title: 'Ended before an outcome' });
		const summary = summarise(scenario, sim.state);
		expect(summary.teams.map((t) => [t.outcome, t.endedEarly])).toEqual([
			[null, true],
			[null, true]
		]);
	});

	it('marks the phases nothing of which reached the team "not reached", not 0 %', () => {
		const { sim } = endedAt7();
		const scores = scoreSession(scenario, sim.state);
		const [red, blue] = scores.teams;
		// Blue's containment decision is open: it put 10 containment points at stake, but no
		// containment inject was released to Blue. The old rules scored the phase 0 %.
		expect(blue.phases.containment).toMatchObject({ percent: null, reason: 'not-reached' });
		expect(blue.phases['lessons-learned']).toMatchObject({ percent: null, reason: 'not-reached' });
		expect(blue.phases.preparation).toMatchObject({ percent: 100 });
		expect(blue.phases.preparation.reason).toBeUndefined();
		// Red decided it: what a team earned in a phase counts even before its injects arrive.
		expect(red.phases.containment).toMatchObject({ percent: 100 });
		expect(scores.room.containment).toBe(100);
		// Her team decided it (Ian locked it): Ana, who proposed nothing, is measured on it as on
		// any team decision, 0 %, not "not reached".
		const ana = scores.trainees.find((t) => t.participantId === 'ana')!;
		expect(ana.phases.containment).toMatchObject({ earned: 0, reachable: 10, percent: 0 });
	});

	it('drafts no findings or improvement items for phases not reached', () => {
		const { sim } = endedAt7();
		const debrief = buildDebrief(scenario, sim.state, sim.now);
		expect(debrief.improvements.filter((i) => /Containment|Lessons/.test(i))).toEqual([]);
		expect(debrief.improvementDrafts.filter((d) => d.objectiveId === 'contain')).toEqual([]);
		expect(debrief.strengths).toContain('Red scored 100% in Containment.');
	});

	it('counts only the techniques of released injects or fired stages as exercised', () => {
		const { sim } = endedAt7();
		const summary = summarise(scenario, sim.state);
		// T1021.002 belongs to the lateral stage (14 min), never reached.
		expect(Object.keys(summary.techniques)).toEqual(['T1566.001']);
	});

	it('shows progress below 100 % before and after the end while things were open or to come', () => {
		const { sim, before } = endedAt7();
		expect(before.progress).toBeGreaterThan(0);
		expect(before.progress).toBeLessThan(1);
		const after = facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE);
		expect(after.progress).toBeLessThan(1);
		expect(after.teams[0].progress).toBeCloseTo(before.teams[0].progress, 6);
	});
});
