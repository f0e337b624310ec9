import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_COUNT, MAX_NESTING, parseYaml } from './parse-yaml';

const problems = (text: string) => parseYaml(text).errors.map((e) => `${e.offset} ${e.message}`);

describe('parsing a scenario file’s YAML', () => {
	it('gives the data and the document of a mapping', () => {
		const result = parseYaml('id: x\ntags: [a, b]\n');
		expect(result.errors).toEqual([]);
		expect(result.data).toEqual({ id: 'x', tags: ['a', 'b'] });
		expect(result.doc).toBeDefined();
	});

	it('reports problems at their offsets', () => {
		expect(problems('id: x\nid: y\n')).toEqual(["6 duplicate key 'id' (first at 1:1)"]);
		expect(problems('a: 1\n---\nb: 2\n')).toEqual([
			'5 a scenario file holds one YAML document; remove the second one (after ---)'
		]);
		expect(problems('- a\n- b\n')).toEqual([
			'0 a scenario file is a mapping of keys (id:, title:, injects:, ...); this document is a list'
		]);
		expect(problems('a: !!binary aGk=\n')[0]).toMatch(/^3 tag !!binary is not allowed/);
		expect(problems('? [a]\n: 1\n')).toEqual(['2 keys must be plain words, not lists or mappings']);
	});

	it('refuses deep nesting before composing it', () => {
		const deep = `a: ${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}`;
		expect(problems(deep)).toEqual([
			`${3 + MAX_NESTING - 1} nesting deeper than ${MAX_NESTING} levels is not allowed`
		]);
		expect(
			parseYaml(`a: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}`).errors
		).toEqual([]);
	});

	it('caps alias expansion', () => {
		const refs = (name: string) => `[${Array(10).fill(`*${name}`).join(', ')}]`;
		const bomb = `a: &a [1]\nb: &b ${refs('a')}\nc: &c ${refs('b')}\nd: ${refs('c')}\n`;
		// At the first alias: `*a` on the second line.
		expect(problems(bomb)).toEqual([
			`17 too many aliases: expanding them exceeds ${MAX_ALIAS_COUNT} (a scenario needs few or none)`
		]);
	});
});
