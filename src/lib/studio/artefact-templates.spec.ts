import { describe, expect, it } from 'vitest';
import { loadScenario } from '#lib/engine/scenario/load.js';
import {
	applyPlacement,
	ARTEFACT_TEMPLATES,
	placeTemplate,
	templateById,
	type ArtefactTemplate
} from './artefact-templates';
import { blankScenario } from './template';
import bundled from '../../../scenarios/ransomware-file-server.yaml?raw';

const blank = blankScenario('t');
const check = (text: string) => loadScenario(text, 't.yaml');
/** The offset just after the first occurrence of `marker`. */
const after = (text: string, marker: string) => text.indexOf(marker) + marker.length;

function place(text: string, pos: number, template: ArtefactTemplate) {
	const placement = placeTemplate(text, pos, template);
	expect(placement).not.toBeNull();
	return { text: applyPlacement(text, placement!), id: placement!.id };
}

describe('artefact templates', () => {
	it('offers a log, a mail, an alert and a ticket, with unique ids', () => {
		const types = new Set(ARTEFACT_TEMPLATES.map((t) => t.type));
		expect([...types].sort()).toEqual(['alert', 'email', 'log', 'ticket']);
		expect(new Set(ARTEFACT_TEMPLATES.map((t) => t.id)).size).toBe(ARTEFACT_TEMPLATES.length);
		expect(templateById('win-logons')?.type).toBe('log');
	});

	for (const template of ARTEFACT_TEMPLATES) {
		it(`${template.id}: placed in an inject without artefacts, the scenario passes the checker`, () => {
			// The cursor at the end of the inject's body line.
			const { text } = place(blank, after(blank, 'on LT-07.'), template);
			const result = check(text);
			expect(result.errors).toEqual([]);
			const artefacts = result.scenario!.injectById['alert'].artefacts;
			expect(artefacts.map((a) => [a.type, a.id])).toEqual([[template.type, template.id]]);
			// The snippet sits between the body and the decisions, at the inject's indentation.
			expect(text).toMatch(/on LT-07\.\n {4}artefacts:\n {6}- type: /);
		});
	}

	it('log templates mark indicator lines that an indicators decision can use', () => {
		for (const template of ARTEFACT_TEMPLATES.filter((t) => t.type === 'log')) {
			const { text } = place(blank, after(blank, 'on LT-07.'), template);
			const withDecision = text.replace(
				'    decisions:\n',
				`    decisions:
      - id: spot
        kind: indicators
        prompt: Flag the lines that matter.
        artefact: ${template.id}
        phase: identification
        points: 5
`
			);
			const result = check(withDecision);
			expect(result.errors, template.id).toEqual([]);
			const decision = result.scenario!.decisionByKey['alert/spot'];
			expect(decision.kind === 'indicators' && decision.indicatorLines.length).toBeGreaterThan(0);
		}
	});

	it('into an existing list: first when the cursor is on `artefacts:`, after the artefact the cursor is in', () => {
		const [a, b, c] = ARTEFACT_TEMPLATES;
		let text = place(blank, after(blank, 'on LT-07.'), a).text;
		// On the `artefacts:` line: first in the list.
		text = place(text, after(text, '    artefacts:'), b).text;
		let ids = check(text).scenario!.injectById['alert'].artefacts.map((x) => x.id);
		expect(ids).toEqual([b.id, a.id]);
		// Inside the first artefact (on one of its lines): after it, not inside it.
		text = place(text, after(text, `id: ${b.id}`) - 3, c).text;
		const result = check(text);
		expect(result.errors).toEqual([]);
		ids = result.scenario!.injectById['alert'].artefacts.map((x) => x.id);
		expect(ids).toEqual([b.id, c.id, a.id]);
	});

	it('elsewhere in an inject that has artefacts: last in its list; a taken id gets a suffix', () => {
		const t = templateById('edr-alert')!;
		let text = place(blank, after(blank, 'on LT-07.'), t).text;
		// The cursor on the decision's prompt: the list is extended, never a second key.
		const second = place(text, after(text, 'What do you do'), t);
		expect(second.id).toBe('edr-alert-2');
		text = second.text;
		const result = check(text);
		expect(result.errors).toEqual([]);
		expect(result.scenario!.injectById['alert'].artefacts.map((x) => x.id)).toEqual([
			'edr-alert',
			'edr-alert-2'
		]);
	});

	it('the last inject, a blank line, `artefacts: []` and a bundled scenario all work', () => {
		const t = templateById('service-ticket')!;
		// The cursor at the very end of the last inject (before `endings:`).
		const last = place(blank, after(blank, 'The laptop is off the network.'), t).text;
		expect(check(last).scenario!.injectById['isolated'].artefacts).toHaveLength(1);
		// An empty list written inline.
		const empty = blank.replace(
			'    milestone: contained\n',
			'    milestone: contained\n    artefacts: []\n'
		);
		const filled = place(empty, after(empty, 'artefacts: []'), t).text;
		expect(check(filled).errors).toEqual([]);
		expect(check(filled).scenario!.injectById['isolated'].artefacts).toHaveLength(1);
		// A blank line the author opened inside an inject.
		const opened = blank.replace('    at: 0\n', '    at: 0\n\n');
		const atBlank = place(opened, after(opened, '    at: 0\n'), t).text;
		expect(check(atBlank).errors).toEqual([]);
		// A large bundled scenario, in its own style, at a cursor inside an alert's fields.
		const pos = after(bundled, '{ name: Alert ID, value: EDR-20260430-000817 }');
		for (const template of ARTEFACT_TEMPLATES) {
			const { text } = place(bundled, pos, template);
			expect(loadScenario(text, 'r.yaml', { paths: false }).errors, template.id).toEqual([]);
		}
	});

	it('outside an inject there is nowhere to put one', () => {
		const t = ARTEFACT_TEMPLATES[0];
		expect(placeTemplate(blank, after(blank, 'title: New scenario'), t)).toBeNull();
		expect(placeTemplate(blank, after(blank, 'summary: The laptop was isolated.'), t)).toBeNull();
	});
});
