import { describe, expect, it } from 'vitest';
import { debriefMarkdown, scoresCsv } from './debrief-export';
import { buildDebrief } from '../engine/score/debrief';
import { signOff } from '../engine/session/commands';
import { phishEndedEarly, phishScenario, playedPhish } from '../engine/testing';
import { playedRoom } from '../engine/score/debrief-room.fixture';

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
		expect(csv).toContain(`"s1","team","Red","","","${phase.name}","-6.8","10","-68",""`);
		expect(csv.some((line) => line.includes(`"'-6.8"`))).toBe(false);
		expect(csv.filter((line) => line.includes(`"'-x"`))).toHaveLength(scenario.phases.length);
	});
});

describe('debrief Markdown', () => {
	it('credits the source and licence and names the threat actor, assets, controls and risks', () => {
		const sourced = phishScenario({
			attribution: 'Adapted from Example CERT, CC BY 4.0.',
			source: {
				title: 'Phishing [tabletop]',
				url: 'https://cert.example.org/a b>c',
				publisher: 'Example CERT'
			},
			threatActor: { name: 'FIN-EXAMPLE', description: 'Phishes\nfinance.' },
			assets: ['LT-07', { name: 'Finance share', kind: 'data' }],
			controls: [
				{ framework: 'CIS Controls v8', id: '17.4', title: 'IR process' },
				{ framework: 'NIST CSF 2.0', id: 'RS.MA-01' }
			],
			risks: ['R-012', 'R-031']
		});
		const sim = playedPhish(sourced);
		const d = buildDebrief(sourced, sim.state, sim.now);
		expect(d.overview.context.attribution).toBe('Adapted from Example CERT, CC BY 4.0.');
		const md = debriefMarkdown(d);
		const section = md.slice(md.indexOf('## 1. Exercise overview'), md.indexOf('| Team |'));
		expect(section).toContain(
			[
				'- Source: [Phishing \\[tabletop\\]](<https://cert.example.org/a%20b%3Ec>) (Example CERT)',
				'- Licence: CC-BY-4.0 · Attribution: Adapted from Example CERT, CC BY 4.0.',
				'- Threat actor: FIN-EXAMPLE (Phishes finance.)',
				'- Assets: LT-07, Finance share (data)',
				'- Controls: CIS Controls v8 17.4 IR process; NIST CSF 2.0 RS.MA-01',
				'- Risks: R-012, R-031'
			].join('\n')
		);
	});

	it('gives a scenario without metadata only its licence', () => {
		const sim = playedPhish(scenario);
		const md = debriefMarkdown(buildDebrief(scenario, sim.state, sim.now));
		expect(md).toContain('\n- Licence: CC-BY-4.0\n');
		expect(md).not.toMatch(/Source:|Threat actor:|Assets:|Controls:|Risks:/);
	});
});

describe('debrief exports of a session ended early (issue 18)', () => {
	const { sim } = phishEndedEarly(scenario);
	const d = buildDebrief(scenario, sim.state, sim.now);

	it('says the teams ended before an outcome and which phases were not reached', () => {
		const md = debriefMarkdown(d);
		expect(md).toContain('| Blue | bob (Incident commander) | Ended before an outcome |');
		expect(md).not.toContain('It spread');
		// Preparation, identification (Bob flagged nothing), containment and lessons learned not
		// reached (Phish has no eradication or recovery inject: n/a); the total leaves out the 10
		// containment points of the decision the end cut off.
		// Blue had the alert (identification) and left it unanswered: 0 %. No containment or
		// lessons-learned inject reached Blue: not reached, out of the total.
		expect(md).toContain('| Blue | 100% | 0% | not reached | n/a | n/a | not reached | 33% |');
	});

	it('marks phases not reached in the CSV', () => {
		const csv = scoresCsv(d).split('\r\n');
		expect(csv[0]).toContain('"status"');
		expect(csv).toContain('"s1","team","Blue","","","Containment","0","10","","not reached"');
	});
});

describe('debrief Markdown: the room (issue 13)', () => {
	const sim = playedRoom();
	const md = debriefMarkdown(buildDebrief(sim.scenario, sim.state, sim.now));
	const section = (from: string, to: string) => md.slice(md.indexOf(from), md.indexOf(to));

	it('lists the RFIs with response times in real time, and the unanswered one', () => {
		const rfis = section('## 5. The room', '### Unscripted injects');
		expect(rfis).toContain('| Red | 3 | 3 | 0 | 1 min 30 s | 4 min |');
		expect(rfis).toContain('| Blue | 2 | 1 | 1 | 1 min | 1 min |');
		expect(rfis).toContain('| All teams | 5 | 4 | 1 | 1 min 15 s | 4 min |');
		expect(rfis).toContain(
			'| ian (Incident commander) | Any alert? | released inject "EDR alert" | +04:00 | 30 s |'
		);
		expect(rfis).toContain('| Can we call the vendor? | unanswered | n/a | never answered |');
	});

	it('marks improvised injects unscripted in the decision log and in their own table', () => {
		const blueLog = section('### Blue\n', '## 5. The room');
		expect(blueLog).toContain('| The board asks (unscripted) | One line for the board |');
		expect(blueLog).toContain('bob: Blue: investigating');
		expect(blueLog).not.toContain('The CFO calls');
		expect(blueLog).not.toContain('Red: contained');
		expect(section('### Unscripted injects', '### Incident records')).toContain(
			'| Incident commander in every team |'
		);
	});

	it('keeps each team its own incident record', () => {
		const red = section('### Incident records', '#### Blue\n\n- Status');
		const blue = section('#### Blue\n\n- Status', '## 6.');
		expect(red).toContain(`hash \`${'ab'.repeat(32)}\``);
		expect(red).toContain('  - Custody +16:00: Sealed bag 12 (ian)');
		expect(blue).toContain('- Summary: Blue summary');
		expect(blue).not.toMatch(/memory image|Sealed bag|custody complete/);
	});

	it('sums up the feedback anonymously and lists the hot wash, before the improvement plan', () => {
		const feedback = section('## 6. Participant feedback and hot wash', '## 7. Improvement plan');
		expect(feedback).toContain('| Detect the phish | 4.0 (3) | 4.5 (2) | 3.0 (1) | 0/0/1/1/1 |');
		expect(feedback).toContain('- Comms with legal (Blue, Incident commander)');
		expect(feedback).not.toMatch(/\b(ana|ian|bob)\b/);
		expect(feedback).toContain('- Area for improvement: Escalate sooner');
	});

	it('ends with every channel transcript, a message on one line', () => {
		const appendix = md.slice(md.indexOf('## Appendix: channel transcripts'));
		expect(md.indexOf('## 7. Improvement plan')).toBeLessThan(md.indexOf('## Appendix'));
		expect(appendix).toContain('### Red team channel (2 messages)');
		expect(appendix).toContain('- +00:00 **ana** (SOC analyst): Red only: **isolate** WS-01? @ic');
		expect(appendix).toContain('- +00:00 **ian** (Incident commander, Red): Hello all');
		const blue = appendix.slice(appendix.indexOf('### Blue team channel'));
		expect(blue).not.toContain('Red only');
	});
});

describe('debrief Markdown: attendance and sign-off (issue 16)', () => {
	it('lists who took part and each sign-off, a comment kept on one line', () => {
		const sim = playedPhish(scenario);
		let md = debriefMarkdown(buildDebrief(scenario, sim.state, sim.now));
		expect(md).toContain('## 9. Sign-off\n\nNot signed off yet.');
		sim.must((s) =>
			signOff(s, {
				accountId: 'u1',
				name: 'Lee',
				role: 'lead',
				comment: 'Accepted.\n## Not a heading'
			})
		);
		md = debriefMarkdown(buildDebrief(scenario, sim.state, sim.now));
		expect(md).toContain(
			'| bob | Blue | Incident commander | 1970-01-01 00:16 UTC | 1970-01-01 00:21 UTC |'
		);
		expect(md).toContain(
			'- Signed off by Lee (lead) on 1970-01-01 01:16 UTC: Accepted. ## Not a heading'
		);
		expect(md).not.toContain('\n## Not a heading');
	});
});
