import { describe, expect, it } from 'vitest';
import { buildDebrief } from './debrief';
import { debriefMarkdown, scoresCsv } from '../../reports/debrief-export';
import { MINUTE } from '../scenario/model';
import { phishScenario, playedPhish } from '../testing';

const scenario = phishScenario();

function debrief() {
	const sim = playedPhish(scenario);
	return buildDebrief(scenario, sim.state, sim.now);
}

describe('debrief', () => {
	it('gives an overview of the exercise', () => {
		const { overview } = debrief();
		expect(overview).toMatchObject({
			scenarioId: 'phish',
			participants: 3,
			scenarioDurationMs: 60 * MINUTE,
			realDurationMs: 60 * MINUTE
		});
		expect(overview.teams.map((t) => [t.name, t.members.map((m) => m.role)])).toEqual([
			['Red', ['SOC analyst', 'Incident commander']],
			['Blue', ['Incident commander']]
		]);
	});

	it('logs each team decision: who decided what, why, and what it led to', () => {
		const log = debrief().decisionLog;
		const redContain = log.red.find((e) => e.decisionId === 'contain')!;
		expect(redContain).toMatchObject({
			isTeam: true,
			decidedBy: 'ian (Incident commander)',
			decision: 'Isolate now',
			correct: true,
			consequence: 'Led to: Host isolated',
			optionsOffered: ['Isolate now', 'Keep watching'],
			scenarioMs: 6 * MINUTE
		});
		const blueContain = log.blue.find((e) => e.decisionId === 'contain')!;
		expect(blueContain).toMatchObject({
			decision: 'No decision (timeout)',
			correct: false,
			consequence: 'Too slow. Led to: Spreading',
			scenarioMs: 15 * MINUTE
		});
		expect(log.red.map((e) => e.injectId)).toEqual(['brief', 'alert', 'alert', 'isolated', 'wrap']);
	});

	it('shows what the attacker did that the team did not stop, and the indicators it missed', () => {
		const d = debrief();
		expect(d.attacker.blue.fired).toEqual([
			{ id: 'lateral', title: 'Lateral movement', technique: 'T1021.002', scenarioMs: 14 * MINUTE }
		]);
		expect(d.attacker.red.prevented.map((s) => s.id)).toEqual(['lateral']);
		expect(d.missedIndicators.red).toEqual([]);
		expect(d.missedIndicators.blue.map((m) => [m.line, m.flaggedBy, m.answered])).toEqual([
			[3, 0, 1]
		]);
	});

	it('drafts strengths, areas for improvement and improvement items tied to plan sections', () => {
		const d = debrief();
		expect(d.strengths).toContain('Red scored 100% in Containment.');
		expect(d.strengths).toContain('Red stopped "Lateral movement" (T1021.002) before it happened.');
		expect(d.improvements).toContain('Blue did not stop "Lateral movement" (T1021.002).');
		expect(d.improvements).toContain('Blue: "Contain the host" rated U (evidence: No decision.)');
		const blueItems = d.improvementDrafts.filter((i) => i.teamId === 'blue');
		expect(blueItems.map((i) => [i.planSection, i.capabilityElement])).toEqual([
			['playbook-ransomware.containment', 'training'],
			['playbook-ransomware.containment', 'organisation'],
			['playbook-ransomware.containment', 'planning']
		]);
		expect(new Set(d.improvementDrafts.map((i) => i.key)).size).toBe(d.improvementDrafts.length);
	});

	it('keeps the facilitator’s edits to strengths and improvements', () => {
		const sim = playedPhish(scenario);
		const d = buildDebrief(scenario, sim.state, sim.now, {
			edits: { strengths: ['Calm under pressure.'] }
		});
		expect(d.strengths).toEqual(['Calm under pressure.']);
		expect(d.improvements.length).toBeGreaterThan(0);
	});

	it('exports Markdown with the figures and a CSV that spreadsheets cannot execute', () => {
		const d = debrief();
		const md = debriefMarkdown(d);
		expect(md).toContain('# After-action report: Test session');
		expect(md).toContain('| Red | 50% | 75% | 100% | n/a | n/a | 50% |');
		expect(md).toContain('| Room average | 75% | 70.83% | 50% | n/a | n/a | 25% |');
		expect(md).toMatch(/Attacker stages that fired: Lateral movement \(T1021\.002\) at \+14:00/);
		const csv = scoresCsv(d).trim().split('\r\n');
		expect(csv[0]).toBe(
			'"session","scope","team","name","role","phase","earned","reachable","percent"'
		);
		expect(csv).toHaveLength(1 + 2 * 6 + 3 * 6);
		expect(csv).toContain('"s1","team","Red","","","Containment","10","10","100"');
		d.scores.trainees[0].name = '=HYPERLINK("x")';
		expect(scoresCsv(d)).toContain(`"'=HYPERLINK(""x"")"`);
	});
});
