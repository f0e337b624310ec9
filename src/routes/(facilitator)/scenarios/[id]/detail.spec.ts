import { describe, expect, it } from 'vitest';
import { explorePaths } from '#lib/engine/check/paths.js';
import { phishScenario } from '#lib/engine/testing.js';
import type { CatalogueEntry } from '#lib/server/scenarios.js';
import { formatLocated, phasesCovered } from '#lib/server/scenario-library.js';
import { libraryItem } from '#lib/server/scenario-library.js';
import { scenarioDetail } from './detail';

function entry(scenario = phishScenario()) {
	return {
		id: scenario.id,
		path: '/x/phish.yaml',
		fileName: 'phish.yaml',
		origin: 'bundled',
		valid: true,
		errors: [],
		warnings: [{ file: 'phish.yaml', line: 3, column: 5, message: 'a warning' }],
		scenario,
		source: scenario.file,
		hash: 'abc',
		report: explorePaths(scenario),
		mtimeMs: 0
	} satisfies CatalogueEntry;
}

describe('scenario page data', () => {
	const detail = scenarioDetail(entry());

	it('lists injects in the order they can first happen, with their triggers', () => {
		expect(detail.injects.map((i) => i.id)).toEqual([
			'brief',
			'alert',
			// "wait" locks the moment the alert opens and leads here at once; "isolate" waits 2m.
			'spread-news',
			'isolated',
			'lateral-alert',
			'wrap'
		]);
		const isolated = detail.injects.find((i) => i.id === 'isolated')!;
		expect(isolated.trigger).toBe('branch + 2m');
		expect(isolated.sources).toEqual(['alert › isolate']);
		expect(detail.injects.find((i) => i.id === 'spread-news')!.sources).toEqual([
			'alert › wait',
			'alert › contain timeout'
		]);
	});

	it('carries the answer key for staff: correct options, scores and where they lead', () => {
		const contain = detail.injects
			.find((i) => i.id === 'alert')!
			.decisions.find((d) => d.id === 'contain')!;
		expect(contain.team).toBe('Incident commander');
		expect(contain.deadline).toBe('10m');
		expect(contain.options[0]).toMatchObject({
			id: 'isolate',
			correct: true,
			next: ['isolated'],
			when: null,
			scores: 'Containment +10'
		});
		expect(contain.options[1].correct).toBe(false);
		const flag = detail.injects.find((i) => i.id === 'alert')!.decisions[0];
		expect(flag.indicatorLines).toEqual([2, 4]);
	});

	it('keeps expressions as written and renders Markdown safely', () => {
		expect(detail.stages[0].unless).toBe('hostIsolated');
		expect(detail.endings[0].when).toBe('hostIsolated and not fired(lateral)');
		expect(detail.summaryHtml).toContain('<p>A phished workstation.</p>');
		expect(detail.report?.paths).toBeGreaterThan(1);
		expect(detail.warnings).toEqual(['phish.yaml:3:5: a warning']);
	});

	it('names the phases the injects play in, in the model order', () => {
		expect(phasesCovered(phishScenario()).map((p) => p.id)).toEqual([
			'preparation',
			'identification',
			'containment',
			'lessons-learned'
		]);
		expect(formatLocated({ file: 'a.yaml', line: 1, column: 2, message: 'm' })).toBe(
			'a.yaml:1:2: m'
		);
	});

	it('carries the metadata, with the threat actor rendered safely, and the library its credit', () => {
		const sourced = entry(
			phishScenario({
				attribution: 'Adapted from Example CERT, CC BY 4.0.',
				source: { title: 'Phishing tabletop', url: 'https://cert.example.org/t' },
				threatActor: {
					name: 'FIN-EXAMPLE',
					description: 'Phishes *finance*. <script>alert(1)</script>'
				},
				assets: ['LT-07', { name: 'Finance share', kind: 'data' }],
				controls: [{ framework: 'NIST CSF 2.0', id: 'RS.MA-01' }],
				risks: ['R-012']
			})
		);
		const d = scenarioDetail(sourced);
		expect(d.context).toMatchObject({
			licence: 'CC-BY-4.0',
			attribution: 'Adapted from Example CERT, CC BY 4.0.',
			source: { title: 'Phishing tabletop', url: 'https://cert.example.org/t', publisher: null },
			assets: [
				{ name: 'LT-07', kind: null },
				{ name: 'Finance share', kind: 'data' }
			],
			controls: [{ framework: 'NIST CSF 2.0', id: 'RS.MA-01', title: null }],
			risks: ['R-012']
		});
		expect(d.threatActorHtml).toContain('<em>finance</em>');
		expect(d.threatActorHtml).not.toContain('<script');
		expect(libraryItem(sourced)).toMatchObject({
			licence: 'CC-BY-4.0',
			attribution: 'Adapted from Example CERT, CC BY 4.0.',
			source: { title: 'Phishing tabletop' }
		});
		expect(detail.threatActorHtml).toBeNull();
	});
});
