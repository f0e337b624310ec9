import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../engine/scenario/load';
import { isCsf2Framework, isCsf2Id } from '../engine/scenario/metadata';
import { summaryOf } from '../reports/dashboard/fixtures';
import { controlMapping } from './compliance';
import { parseCatalogue } from './catalogue';
import { BUNDLED_CATALOGUE } from './standards';

describe('the standards catalogue', () => {
	it('bundles the standards that ask for a tested IR plan, each valid', () => {
		const c = parseCatalogue(BUNDLED_CATALOGUE);
		const refs = c.standards.flatMap((s) => s.requirements.map((r) => `${s.name} ${r.reference}`));
		for (const wanted of [
			'A 5.24',
			'A 5.25',
			'A 5.26',
			'A 5.27',
			'12.10.2',
			'Article 11',
			'Article 21',
			'CC7.4',
			'CC7.5',
			'164.308(a)(7)(ii)(D)',
			'ID.IM'
		])
			expect(
				refs.some((r) => r.includes(wanted)),
				wanted
			).toBe(true);
		const pci = c.standards.flatMap((s) => s.requirements).find((r) => r.id === 'pci-dss-12.10.2');
		expect(pci?.intervalMonths).toBe(12);
		for (const r of c.standards.flatMap((s) => s.requirements))
			for (const id of r.evidence.csf) expect(isCsf2Id(id), id).toBe(true);
	});

	it('refuses a bad file with every problem by its path', () => {
		const bad = {
			standards: [
				{
					id: 'x',
					name: 'X',
					requirements: [
						{ id: 'dup', reference: '1', summary: 's', evidence: { csf: ['RS.MA-1'] } },
						{ id: 'dup', reference: '2', summary: 's', evidence: {} },
						{
							id: 'ok',
							reference: '3',
							summary: 's',
							intervalMonths: 0,
							evidence: { phases: ['x'] }
						}
					]
				}
			]
		};
		let message = '';
		try {
			parseCatalogue(bad);
		} catch (e) {
			message = (e as Error).message;
		}
		expect(message).toContain('standards.0.requirements.0.evidence.csf.0: a NIST CSF 2.0 id');
		expect(message).toContain(
			'standards.0.requirements.1.evidence: name at least one CSF id or phase'
		);
		expect(message).toContain('standards.0.requirements.2.intervalMonths');
		expect(() => parseCatalogue({ standards: [], extra: 1 })).toThrow(/standards|extra/);
	});

	it('takes the default interval as 12 months when the file names none', () => {
		const c = parseCatalogue({
			standards: [
				{
					id: 'x',
					name: 'X',
					requirements: [{ id: 'r', reference: '1', summary: 's', evidence: { csf: ['RS'] } }]
				}
			]
		});
		expect(c.defaultIntervalMonths).toBe(12);
		expect(c.standards[0].requirements[0].evidence.phases).toEqual([]);
	});
});

describe('the bundled catalogue over the bundled scenarios', () => {
	it('has each bundled scenario, played through every phase, evidence requirements of several standards', () => {
		const catalogue = parseCatalogue(BUNDLED_CATALOGUE);
		for (const name of readdirSync('scenarios').filter((n) => n.endsWith('.yaml'))) {
			const { scenario } = loadScenario(readFileSync(join('scenarios', name)), name);
			expect(scenario, name).toBeDefined();
			const csf = (scenario!.file.controls ?? [])
				.filter((c) => isCsf2Framework(c.framework))
				.map((c) => c.id);
			const phases = scenario!.phases.map((p) => ({ id: p.id, name: p.name }));
			const summary = {
				...summaryOf('s', 1, []),
				phases,
				room: Object.fromEntries(phases.map((p) => [p.id, 50]))
			};
			const standards = new Set(
				controlMapping({ summary, csf }, catalogue).map((e) => e.standardId)
			);
			expect(standards.size, `${name} (${csf.join(', ')})`).toBeGreaterThanOrEqual(3);
		}
	});
});
