import { describe, expect, it } from 'vitest';
import { buildDebrief } from './debrief';
import { debriefMarkdown, scoresCsv } from '../../reports/debrief-export';
import { MINUTE } from '../scenario/model';
import { compileScenario } from '../scenario/compile';
import { phishFile, phishScenario, playedPhish } from '../testing';

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
		expect(md).toContain('| Room average | 75% | 71% | 50% | n/a | n/a | 25% |');
		expect(md).toMatch(/Attacker stages that fired: Lateral movement \(T1021\.002\) at \+14:00/);
		const csv = scoresCsv(d).trim().split('\r\n');
		expect(csv[0]).toBe(
			'"session","scope","team","name","role","phase","earned","reachable","percent","status"'
		);
		expect(csv).toHaveLength(1 + 2 * 6 + 3 * 6);
		expect(csv).toContain('"s1","team","Red","","","Containment","10","10","100",""');
		// CSV keeps two decimals for people who compute further; pages and Markdown round more.
		expect(csv.some((l) => /"\d+\.\d\d"$/.test(l) || /,"\d+\.\d\d",/.test(l))).toBe(true);
		d.scores.trainees[0].name = '=HYPERLINK("x")';
		expect(scoresCsv(d)).toContain(`"'=HYPERLINK(""x"")"`);
	});

	it('drafts one improvement item per objective and section, naming every low phase', () => {
		// One objective over containment and lessons learned, where Blue scored 0 % in both.
		// Drafting per phase kept only the first low phase and hid the other 0 %.
		const wide = phishScenario({
			objectives: [
				{ id: 'detect', title: 'Detect the phish', phases: ['identification'] },
				{
					id: 'contain',
					title: 'Respond and learn',
					phases: ['containment', 'lessons-learned'],
					debrief: { planSections: ['playbook-ransomware.containment'] }
				}
			]
		});
		const sim = playedPhish(wide);
		const d = buildDebrief(wide, sim.state, sim.now);
		const low = d.improvementDrafts.filter(
			(i) => i.teamId === 'blue' && i.capabilityElement === 'training'
		);
		expect(low.map((i) => i.issue)).toEqual([
			'Blue: low Containment (0%), Lessons Learned (0%) scores on "Respond and learn"'
		]);
	});

	it('orders each team’s decision log by time, not by the release of its inject', () => {
		// Blue's containment decision (EDR alert, released at 5 min) times out at 15 min, after
		// the lateral-movement alert released at 14 min asked its own question.
		const file = phishFile();
		file.injects.find((i) => i.id === 'lateral-alert')!.decisions = [
			{ id: 'scope', kind: 'text', prompt: 'Which hosts?', phase: 'containment', points: 5 }
		];
		const withQuestion = compileScenario(file);
		const sim = playedPhish(withQuestion);
		const log = buildDebrief(withQuestion, sim.state, sim.now).decisionLog.blue;
		expect(log.map((e) => [`${e.injectId}/${e.decisionId}`, e.scenarioMs / MINUTE])).toEqual([
			['brief/ready', 0],
			['alert/flag', 5],
			['lateral-alert/scope', 14],
			['alert/contain', 15],
			['wrap/lesson', 60]
		]);
	});

	it('says which way missed indicator lines are numbered', () => {
		const d = debrief();
		expect(d.missedIndicators.blue[0].line).toBe(3);
		expect(debriefMarkdown(d, [])).toContain(
			'Missed indicators (lines numbered from 1, as in the log viewer):'
		);
		expect(debriefMarkdown(d, [])).toContain('- Sysmon, line 4:');
	});
});
