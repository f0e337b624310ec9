import { describe, expect, it } from 'vitest';
import { collectIds, definitionAt, idChoices, idKindsFor, wordAt } from './ids';

const text = `id: demo
roles:
  - id: lead
phases:
  - { id: detect, name: Detect }
variables:
  isolated: false
injects:
  - id: alert
    phase: detect
    decisions:
      - id: contain
        options:
          - id: isolate
            next: isolated-host
  - id: isolated-host
    audience: [lead]
attacker:
  - id: lateral
    unless: isolated
endings:
  - id: done
    when: visited(isolated-host)
`;

describe('collectIds', () => {
	it('finds every kind of id with its place', () => {
		const ids = collectIds(text);
		const kinds = Object.fromEntries(
			ids.map((d) => [`${d.kind}:${d.id}`, text.slice(d.from, d.to)])
		);
		expect(kinds).toEqual({
			'role:lead': 'lead',
			'phase:detect': 'detect',
			'variable:isolated': 'isolated',
			'inject:alert': 'alert',
			'decision:contain': 'contain',
			'option:isolate': 'isolate',
			'inject:isolated-host': 'isolated-host',
			'stage:lateral': 'lateral',
			'ending:done': 'done'
		});
		expect(ids.find((d) => d.id === 'isolate')?.context).toBe('option of contain: isolate');
	});
	it('recovers what it can from a broken draft', () => {
		const ids = collectIds('injects:\n  - id: a\n    title: [unclosed\n  - id: b\n');
		expect(ids.map((d) => d.id)).toContain('a');
	});
	it('gives nothing for a document that is not a mapping', () => {
		expect(collectIds('- just\n- a list\n')).toEqual([]);
	});
});

describe('idChoices', () => {
	it('offers the ids a key names, and the default phases when there is no phase list', () => {
		const ids = collectIds(text);
		expect(idChoices(ids, idKindsFor('next')).map((c) => c.id)).toEqual(['alert', 'isolated-host']);
		expect(idChoices(ids, idKindsFor('audience')).map((c) => c.id)).toEqual(['lead']);
		expect(idChoices([], idKindsFor('phase')).map((c) => c.id)).toContain('containment');
		expect(idChoices(ids, idKindsFor('title'))).toEqual([]);
	});
});

describe('definitionAt', () => {
	it('jumps from a use to the definition of the kind the key names', () => {
		const use = text.indexOf('next: isolated-host') + 'next: iso'.length;
		const def = definitionAt(text, use, 'next');
		expect(def?.kind).toBe('inject');
		expect(def?.from).toBe(text.indexOf('- id: isolated-host') + 6);
	});
	it('finds a variable used in an expression', () => {
		const use = text.indexOf('unless: isolated') + 'unless: is'.length;
		expect(definitionAt(text, use, 'unless')?.kind).toBe('variable');
	});
	it('is null on an unknown word and on the definition itself', () => {
		expect(definitionAt(text, text.indexOf('demo') + 1, 'id')).toBeNull();
		expect(definitionAt(text, text.indexOf('id: lateral') + 6, 'id')).toBeNull();
	});
	it('takes the word around the position', () => {
		expect(wordAt('next: isolated-host\n', 9)?.word).toBe('isolated-host');
		expect(wordAt('a  b', 2)).toBeNull();
	});
});
