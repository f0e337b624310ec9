import { describe, expect, it } from 'vitest';
import schemaJson from '../../../static/scenario.schema.json';
import { containerPath, keyDoc, keysAt, valueKeyAt, type SchemaNode } from './schema-help';

const schema = schemaJson as unknown as SchemaNode;

const doc = `id: demo
title: Demo
injects:
  - id: alert
    title: Alert
    body: |
      Some text: with a colon
    decisions:
      - id: contain
        options:
          - id: isolate
            label: Isolate
            
        prompt: What now?
  - id: second
    
objectives:
  - contain
`.split('\n');

describe('containerPath', () => {
	it('is empty at the top level', () => {
		expect(containerPath(doc, 1, 0)).toEqual([]);
	});
	it('finds the inject a key belongs to, past block text', () => {
		expect(containerPath(doc, 7, 4)).toEqual(['injects', '[]']);
	});
	it('finds an option on its own item line and on a blank line inside it', () => {
		expect(containerPath(doc, 10, 12)).toEqual([
			'injects',
			'[]',
			'decisions',
			'[]',
			'options',
			'[]'
		]);
		expect(containerPath(doc, 12, 12)).toEqual([
			'injects',
			'[]',
			'decisions',
			'[]',
			'options',
			'[]'
		]);
	});
	it('comes back out to the decision when the indentation does', () => {
		expect(containerPath(doc, 13, 8)).toEqual(['injects', '[]', 'decisions', '[]']);
	});
	it('sees a blank line under a list item as inside it', () => {
		expect(containerPath(doc, 15, 4)).toEqual(['injects', '[]']);
	});
});

describe('keysAt and keyDoc', () => {
	it('offers the keys of an inject, required first, from the JSON Schema', () => {
		const keys = keysAt(schema, ['injects', '[]']).map((k) => k.key);
		expect(keys).toEqual(
			expect.arrayContaining(['id', 'title', 'phase', 'decisions', 'artefacts'])
		);
		expect(keys.indexOf('id')).toBeLessThan(keys.indexOf('artefacts'));
		expect(keys).not.toContain('endings');
	});
	it('offers the keys of an option', () => {
		const keys = keysAt(schema, ['injects', '[]', 'decisions', '[]', 'options', '[]']).map(
			(k) => k.key
		);
		expect(keys).toEqual(expect.arrayContaining(['id', 'label', 'scores', 'next', 'effects']));
	});
	it('gives a key its description and type', () => {
		const doc = keyDoc(schema, [], 'variables');
		expect(doc?.description).toMatch(/initial values/);
		expect(doc?.type).toMatch(/mapping/);
		expect(keyDoc(schema, [], 'title')?.type).toBe('string (1-200 characters)');
		expect(keyDoc(schema, [], 'nonsense')).toBeNull();
	});
});

describe('valueKeyAt', () => {
	it('names the key on the line, in block and flow style', () => {
		expect(valueKeyAt(['    phase: cont'], 0, 15)).toBe('phase');
		expect(valueKeyAt(['    phases: [identification, con'], 0, 33)).toBe('phases');
		expect(valueKeyAt(['  - { id: a, phase: ide'], 0, 24)).toBe('phase');
	});
	it('names the list a bare item is in', () => {
		expect(valueKeyAt(doc, 17, 4)).toBe('objectives');
	});
	it('is null where a key is being typed', () => {
		expect(valueKeyAt(['    pha'], 0, 7)).toBeNull();
	});
});
