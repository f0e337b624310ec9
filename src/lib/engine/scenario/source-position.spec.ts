import { describe, expect, it } from 'vitest';
import { parseYaml } from './parse-yaml';
import { Locator } from './source-position';
import type { Problem } from '../check/validate';

const TEXT = [
	'id: x',
	'injects:',
	'  - id: first',
	'    body: "a \\"quoted\\" word"',
	'    when: |',
	'      alpha and',
	'      beta',
	'  - { id: second }',
	''
].join('\n');

function at(problem: Omit<Problem, 'message'>): string {
	const yaml = parseYaml(TEXT);
	const { line, column } = new Locator(yaml.doc!, TEXT, yaml.lineCounter).locate({
		message: '',
		...problem
	});
	return `${line}:${column}`;
}

describe('source positions', () => {
	it('points at the node at a path, or at its key when asked', () => {
		expect(at({ path: ['injects', 0, 'id'] })).toBe('3:9');
		expect(at({ path: ['injects', 0, 'id'], key: true })).toBe('3:5');
		expect(at({ path: ['injects', 1, 'id'] })).toBe('8:11');
	});

	it('points at the nearest node when the path goes further than the file', () => {
		expect(at({ path: ['injects', 1, 'title'] })).toBe('8:5');
		expect(at({ path: ['injects', 5] })).toBe('3:3');
		expect(at({ path: ['missing'] })).toBe('1:1');
	});

	it('points inside a scalar at a character of its value', () => {
		// The value is `a "quoted" word`: its 11th character (w) sits after two escapes.
		expect(at({ path: ['injects', 0, 'body'], offset: 11 })).toBe('4:25');
		// The value is "alpha and\nbeta\n": beta starts on the block's second line.
		expect(at({ path: ['injects', 0, 'when'], offset: 10 })).toBe('7:7');
	});
});
