import { describe, expect, it } from 'vitest';
import { phishFile } from '../testing';
import { isCsf2Framework, isCsf2Id, scenarioContext, sourceLine } from './metadata';
import { ScenarioFileSchema } from './schema';

describe('scenario metadata', () => {
	it('gives a file without any of it empty lists and nulls, with its licence', () => {
		expect(scenarioContext(phishFile())).toEqual({
			licence: 'CC-BY-4.0',
			attribution: null,
			source: null,
			threatActor: null,
			assets: [],
			controls: [],
			risks: []
		});
	});

	it('normalises assets given as names or as { name, kind }', () => {
		const file = phishFile({
			attribution: 'Adapted from Example CERT, CC BY 4.0.',
			source: {
				title: 'Phishing tabletop',
				url: 'https://cert.example.org/t',
				publisher: 'Example CERT'
			},
			threatActor: { name: 'FIN-EXAMPLE' },
			assets: ['LT-07', { name: 'Finance share', kind: 'data' }],
			controls: [{ framework: 'CIS Controls v8', id: '17.4' }],
			risks: ['R-012']
		});
		const context = scenarioContext(file);
		expect(context).toMatchObject({
			attribution: 'Adapted from Example CERT, CC BY 4.0.',
			source: {
				title: 'Phishing tabletop',
				url: 'https://cert.example.org/t',
				publisher: 'Example CERT'
			},
			threatActor: { name: 'FIN-EXAMPLE', description: null },
			assets: [
				{ name: 'LT-07', kind: null },
				{ name: 'Finance share', kind: 'data' }
			],
			controls: [{ framework: 'CIS Controls v8', id: '17.4', title: null }],
			risks: ['R-012']
		});
		expect(sourceLine(context.source!)).toBe('Phishing tabletop, Example CERT');
	});

	it('accepts only http(s) source URLs, so no javascript: link reaches a page', () => {
		const base = { ...phishFile() };
		for (const url of [
			'javascript:alert(1)',
			'data:text/html,x',
			'ftp://example.org/x',
			'example.org'
		]) {
			const parsed = ScenarioFileSchema.safeParse({ ...base, source: { title: 'T', url } });
			expect(parsed.success, url).toBe(false);
		}
		expect(
			ScenarioFileSchema.safeParse({ ...base, source: { title: 'T', url: 'http://example.org' } })
				.success
		).toBe(true);
	});

	it('recognises NIST CSF 2.0 by its usual names and ids by their pattern', () => {
		for (const name of [
			'NIST CSF 2.0',
			'CSF 2.0',
			'nist csf v2',
			'NIST Cybersecurity Framework 2.0'
		])
			expect(isCsf2Framework(name), name).toBe(true);
		for (const name of ['CIS Controls v8', 'NIST CSF 1.1', 'ISO 27001:2022'])
			expect(isCsf2Framework(name), name).toBe(false);
		for (const id of ['RS', 'RS.MA', 'RS.MA-01', 'GV.OC-05', 'DE.CM-09'])
			expect(isCsf2Id(id), id).toBe(true);
		for (const id of ['RS.MA-1', 'rs.ma-01', 'XX.MA-01', 'RS.MA-001', 'RS.MA.01', 'PR.AC-1'])
			expect(isCsf2Id(id), id).toBe(false);
	});
});
