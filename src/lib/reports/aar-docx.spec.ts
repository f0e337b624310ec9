import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { AAR_HEADINGS, buildAarDocx, type AarInput } from './aar-docx';
import { buildDebrief } from '../engine/score/debrief';
import * as command from '../engine/session/commands';
import { phishScenario, playedPhish } from '../engine/testing';

const scenario = phishScenario();

/** The played Phish exercise (Red 100 % in Containment, Blue rated U), signed off by a lead. */
function input(): AarInput {
	const sim = playedPhish(scenario);
	sim.must((s) =>
		command.signOff(s, {
			accountId: 'u-lead',
			name: 'Lee Lead',
			role: 'lead',
			comment: 'Plan tested <for PCI DSS 12.10.2> & accepted.'
		})
	);
	const debrief = buildDebrief(scenario, sim.state, sim.now);
	return {
		debrief,
		facilitator: 'Fay Facilitator',
		items: debrief.improvementDrafts.map((d) => ({
			issue: d.issue,
			correctiveAction: d.correctiveAction,
			planSection: d.planSection,
			capabilityElement: d.capabilityElement,
			owner: 'Sam Owner',
			dueDate: '2027-01-31',
			status: 'open'
		}))
	};
}

/** The text of the document body: every run's text, in order, joined by spaces per paragraph. */
async function bodyText(bytes: Uint8Array): Promise<string> {
	const files = unzipSync(bytes);
	const xml = strFromU8(files['word/document.xml']);
	return xml
		.split('</w:p>')
		.map((p) =>
			[...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('')
		)
		.filter(Boolean)
		.join('\n');
}

function unescape(xml: string): string {
	const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
	return xml.replace(/&(lt|gt|quot|apos|amp);/g, (_, n: string) => named[n]);
}

describe('AAR/IP Word document', () => {
	it('is a Word package with a document body and properties', async () => {
		const files = unzipSync(await buildAarDocx(input()));
		expect(Object.keys(files)).toEqual(
			expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'docProps/core.xml'])
		);
		expect(strFromU8(files['docProps/core.xml'])).toContain(
			'After-Action Report / Improvement Plan: Test session'
		);
	});

	it('holds the HSEEP sections in order with the overview, ratings and figures', async () => {
		const text = await bodyText(await buildAarDocx(input()));
		const at = AAR_HEADINGS.map((h) => text.indexOf(`\n${h}\n`));
		expect(at.every((i) => i > 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		// Overview: name, facilitator, teams with their members and roles.
		expect(text).toContain('Exercise name\nTest session');
		expect(text).toContain('Facilitator\nFay Facilitator');
		expect(text).toContain('Red: ana (SOC analyst), ian (Incident commander)');
		expect(text).toContain('Blue: bob (Incident commander)');
		// Scores per phase, hand-checked against playedPhish: Red earned every Containment point
		// (Ian isolated the host), 71 % overall; Blue let the containment deadline pass (0 %).
		// Phase, Red, Blue, room average.
		expect(text).toContain('\nPhase\nRed\nBlue\nRoom average\n');
		expect(text).toContain('\nContainment\n100%\n0%\n50%\n');
		expect(text).toContain('\nTotal\n71%\n22%\n');
		// Capabilities: the objective and each team's rating in words, with the evidence.
		expect(text).toContain('Objective: Contain the host');
		expect(text).toContain('Red\nP: performed without challenges');
		expect(text).toContain('Blue\nU: unable to be performed');
		expect(text).toContain('No decision.');
		// Findings and the plan matrix with owner and due date.
		expect(text).toContain('Red scored 100% in Containment.');
		expect(text).toContain('Blue did not stop "Lateral movement" (T1021.002).');
		expect(text).toContain('playbook-ransomware.containment');
		expect(text).toContain('Sam Owner\n2027-01-31\nopen');
	});

	it('lists attendance and the sign-off, escaping what people typed', async () => {
		const bytes = await buildAarDocx(input());
		const text = await bodyText(bytes);
		expect(text).toContain('ana\nRed\nSOC analyst\n');
		expect(text).toContain('bob\nBlue\nIncident commander\n');
		expect(text).toContain('Lee Lead\nlead\n');
		const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
		expect(xml).toContain('Plan tested &lt;for PCI DSS 12.10.2&gt; &amp; accepted.');
	});

	it('says so when nobody has signed off', async () => {
		const sim = playedPhish(scenario);
		const debrief = buildDebrief(scenario, sim.state, sim.now);
		const text = await bodyText(await buildAarDocx({ debrief, facilitator: 'F', items: [] }));
		expect(text).toContain('6. Sign-off\nNot signed off yet.');
		expect(text).toContain('No improvement items.');
	});
});
