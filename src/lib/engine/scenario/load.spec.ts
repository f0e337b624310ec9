import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_BYTES, loadScenario, type Located } from './load';

const fixtures = import.meta.glob('../../../../tests/fixtures/scenarios/**/*.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;
const minimal = fixtures['../../../../tests/fixtures/scenarios/valid/minimal.yaml'];

const lines = (list: Located[]) => list.map((e) => `${e.line}:${e.column} ${e.message}`);
const load = (text: string | Uint8Array) => loadScenario(text, 'test.yaml');
const bytes = (...parts: (string | number[])[]) =>
	new Uint8Array(
		parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p))
	);

/** The minimal fixture with one line replaced; fails loudly if the line is not there. */
function minimalWith(line: string, replacement: string): string {
	if (!minimal.includes(line)) throw new Error(`minimal.yaml has no line ${line}`);
	return minimal.replace(line, replacement);
}

describe('a valid file', () => {
	it('gives the parsed file, the compiled scenario and the path report', () => {
		const result = loadScenario(minimal, 'minimal.yaml');
		expect(result.errors).toEqual([]);
		expect(result.file).toBe('minimal.yaml');
		expect(result.source?.id).toBe('minimal');
		expect(result.scenario?.injects.map((i) => i.id)).toEqual(['alert', 'isolated', 'spread']);
		expect(result.paths).toMatchObject({ paths: 3, truncated: false, endings: { spread: 2 } });
	});

	it('reads bytes as well as text, with or without a UTF-8 byte order mark', () => {
		expect(load(bytes(minimal)).scenario?.id).toBe('minimal');
		const withBom = load(
			bytes([0xef, 0xbb, 0xbf], minimalWith('difficulty: introductory', 'difficulty: 1'))
		);
		expect(lines(withBom.errors)).toEqual([
			'11:13 difficulty: expected one of introductory|intermediate|advanced, got number 1'
		]);
		expect(load('\uFEFF' + minimal).scenario?.id).toBe('minimal');
	});

	it('keeps positions right with CRLF line endings', () => {
		const text = minimalWith('difficulty: introductory', 'difficulty: easy').replace(/\n/g, '\r\n');
		expect(lines(load(text).errors)).toEqual([
			'11:13 difficulty: expected one of introductory|intermediate|advanced, got "easy"'
		]);
	});
});

describe('size and encoding', () => {
	it('refuses a file over the limit at 1:1, naming the limit and the size', () => {
		const result = load('#'.repeat(MAX_SCENARIO_BYTES + 1));
		expect(lines(result.errors)).toEqual([
			'1:1 file is too large: 1,048,577 bytes; the limit is 1,048,576 bytes'
		]);
	});

	it('counts UTF-8 bytes, not characters', () => {
		const text = `# ${'é'.repeat(MAX_SCENARIO_BYTES / 2)}`;
		expect(text.length).toBeLessThan(MAX_SCENARIO_BYTES);
		expect(load(text).errors[0].message).toMatch(/^file is too large: 1,048,578 bytes/);
	});

	it.each([
		[[0xff, 0xfe, 0x69, 0x00], 'UTF-16 LE'],
		[[0xfe, 0xff, 0x00, 0x69], 'UTF-16 BE'],
		[[0xff, 0xfe, 0x00, 0x00, 0x69, 0x00, 0x00, 0x00], 'UTF-32 LE'],
		[[0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x69], 'UTF-32 BE']
	])('refuses a %j byte order mark as %s', (prefix, name) => {
		expect(lines(load(new Uint8Array(prefix)).errors)).toEqual([
			`1:1 must be UTF-8: this file starts with a ${name} byte order mark; save it as UTF-8`
		]);
	});

	it('locates the first byte that is not UTF-8', () => {
		const result = load(bytes('id: x\ntitle: Caf', [0xe9], ' au lait\n'));
		expect(lines(result.errors)).toEqual([
			'2:11 must be UTF-8: byte 0xE9 at offset 16 is not valid UTF-8; save the file as UTF-8'
		]);
	});

	it('counts columns in characters after valid multi-byte text', () => {
		const result = load(bytes('title: é€', [0xc0, 0xaf]));
		expect(result.errors[0]).toMatchObject({ line: 1, column: 10 });
	});

	it('refuses overlong encodings and encoded surrogates', () => {
		expect(load(bytes('a: ', [0xe0, 0x80, 0xaf])).errors[0]).toMatchObject({ line: 1, column: 4 });
		expect(load(bytes('a: ', [0xed, 0xa0, 0x80])).errors[0]).toMatchObject({ line: 1, column: 4 });
	});
});

describe('YAML', () => {
	it('reports syntax errors where they are', () => {
		const result = load('id: x\ntitle: a: b\nsummary: s\n');
		expect(result.errors[0]).toMatchObject({ line: 2, column: 8 });
		expect(result.errors[0].message).toMatch(/^YAML: /);
		expect(result.source).toBeUndefined();
	});

	it('reports an unclosed quote or bracket where it opens, not where the file ends', () => {
		const first = (text: string) => {
			const e = loadScenario(text, 'broken.yaml').errors[0];
			return `${e.file}:${e.line}:${e.column} ${e.message}`;
		};
		const tail = 'summary: s\nversion: 1\n';
		expect(first(`id: x\ntitle: "broken\n${tail}`)).toBe(
			'broken.yaml:2:8 YAML: the double-quoted string opened here has no closing " (the parser read on to 5:1 looking for it)'
		);
		expect(first(`id: x\ntitle: 'broken\n${tail}`)).toBe(
			"broken.yaml:2:8 YAML: the single-quoted string opened here has no closing ' (the parser read on to 5:1 looking for it)"
		);
		expect(first(`id: x\ntags: [a, b\n${tail}`)).toBe(
			'broken.yaml:2:7 YAML: the flow sequence [ opened here is not closed with ] (the parser gave up at 3:1); close it, or indent its continuation lines more than its key'
		);
		expect(first(`id: x\nvariables: { a: 1, b: 2\n${tail}`)).toBe(
			'broken.yaml:2:12 YAML: the flow mapping { opened here is not closed with } (the parser gave up at 3:1); close it, or indent its continuation lines more than its key'
		);
		// In a list item, and as a key.
		expect(first('injects:\n  - id: a\n    body: "hello\n    title: t\n')).toMatch(
			/^broken\.yaml:3:11 YAML: the double-quoted string opened here/
		);
		expect(first('id: x\n"title: y\nb: 2\n')).toMatch(/^broken\.yaml:2:1 YAML: /);
		// An escaped quote does not close the string.
		expect(first('id: "x\\"\nb: 1\n')).toMatch(/^broken\.yaml:1:5 YAML: the double-quoted/);
	});

	it('reports an unclosed quote inside a flow collection once, at the quote', () => {
		const result = load('tags: [ "x, b ]\nid: y\n');
		expect(lines(result.errors)).toEqual([
			'1:9 YAML: the double-quoted string opened here has no closing " (the parser read on to 3:1 looking for it)'
		]);
	});

	it('reports each unclosed flow collection of a nest where it opens, at the root without indent advice', () => {
		expect(lines(load('a: [1, {b: 2, [3\n').errors)).toEqual([
			'1:15 YAML: the flow sequence [ opened here is not closed with ] (the parser gave up at 2:1); close it, or indent its continuation lines more than its key',
			'1:8 YAML: the flow mapping { opened here is not closed with } (the parser gave up at 2:1); close it, or indent its continuation lines more than its key',
			'1:4 YAML: the flow sequence [ opened here is not closed with ] (the parser gave up at 2:1); close it, or indent its continuation lines more than its key'
		]);
		expect(lines(load('{ id: x,\n  title: y\n').errors)).toEqual([
			'1:1 YAML: the flow mapping { opened here is not closed with } (the parser gave up at 3:1)'
		]);
	});

	it('refuses duplicate keys, pointing at both', () => {
		const result = loadScenario(
			fixtures['../../../../tests/fixtures/scenarios/invalid/yaml-syntax.yaml'],
			'yaml-syntax.yaml'
		);
		expect(lines(result.errors)).toEqual(["5:1 duplicate key 'title' (first at 4:1)"]);
	});

	it('finds a duplicate key among thousands', () => {
		const keys = Array.from({ length: 5_000 }, (_, i) => `  k${i}: 1`).join('\n');
		const result = load(`variables:\n${keys}\n  k7: 2\n`);
		expect(lines(result.errors)).toEqual([`5002:3 duplicate key 'k7' (first at 9:3)`]);
	});

	it.each([
		['a: !!js/function "function () {}"', '1:4', '!!js/function'],
		['a: !foo bar', '1:4', '!foo'],
		['a: !!binary aGVsbG8=', '1:4', '!!binary'],
		['a:\n  - !!set { x }', '2:5', '!!set'],
		['a: !!timestamp 2001-12-14', '1:4', '!!timestamp']
	])('refuses the tag in %j', (text, at, tag) => {
		expect(lines(load(text).errors)).toEqual([
			`${at} tag ${tag} is not allowed: a scenario uses plain YAML (strings, numbers, booleans, lists and mappings)`
		]);
	});

	it('accepts the core tags', () => {
		const result = load(minimalWith('version: 1.0.0', 'version: !!str 1'));
		expect(result.errors).toEqual([]);
		expect(result.source?.version).toBe('1');
	});

	it('refuses an alias bomb', () => {
		const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
		for (const name of 'bcdefgh') {
			const prev = String.fromCharCode(name.charCodeAt(0) - 1);
			levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
		}
		const result = load(levels.join('\n'));
		expect(lines(result.errors)).toEqual([
			'2:8 too many aliases: expanding them exceeds 100 (a scenario needs few or none)'
		]);
	});

	it('allows a few aliases', () => {
		const text = minimalWith('authors: [Sandtable team]', 'authors: &who [Sandtable team]');
		const result = load(`${text}tags: *who\n`);
		expect(result.errors).toEqual([]);
		expect(result.source?.tags).toEqual(['Sandtable team']);
	});

	it('refuses nesting deeper than 64 levels, flow or block', () => {
		const flow = load(`a: ${'['.repeat(64)}${']'.repeat(64)}`);
		expect(lines(flow.errors)).toEqual(['1:67 nesting deeper than 64 levels is not allowed']);
		const block = load(`${'- '.repeat(70)}x\n`);
		expect(lines(block.errors)).toEqual(['1:129 nesting deeper than 64 levels is not allowed']);
		expect(load(`a: ${'['.repeat(62)}${']'.repeat(62)}`).errors[0].message).not.toMatch(/nesting/);
	});

	it('refuses pathological nesting before composing it, without crashing', () => {
		const result = load('['.repeat(200_000));
		expect(lines(result.errors)).toEqual(['1:65 nesting deeper than 64 levels is not allowed']);
	});

	it.each([
		['- a\n- b\n', '1:1', 'a list'],
		['just text\n', '1:1', 'a single value'],
		['# only a comment\n', '1:1', 'empty']
	])('refuses a document that is not a mapping: %j', (text, at, what) => {
		expect(lines(load(text).errors)).toEqual([
			`${at} a scenario file is a mapping of keys (id:, title:, injects:, ...); this document is ${what}`
		]);
	});

	it('refuses a second document', () => {
		expect(lines(load('id: a\n---\nid: b\n').errors)).toEqual([
			'2:1 a scenario file holds one YAML document; remove the second one (after ---)'
		]);
	});

	it('refuses keys that are lists or mappings', () => {
		expect(lines(load('[a, b]: 1\n').errors)).toEqual([
			'1:1 keys must be plain words, not lists or mappings'
		]);
	});

	it('reads __proto__ as an unknown key and pollutes nothing', () => {
		const result = load(`${minimal}__proto__: { polluted: true }\n`);
		expect(lines(result.errors)).toEqual([
			expect.stringMatching(/^\d+:1 __proto__: unknown key \(allowed: \$schema, id, title/)
		]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('schema errors', () => {
	it('name the field path, say what was expected, and point at the node', () => {
		const result = loadScenario(
			fixtures['../../../../tests/fixtures/scenarios/invalid/schema.yaml'],
			'schema.yaml'
		);
		expect(lines(result.errors)).toEqual([
			'3:5 id: must be lowercase letters, digits and hyphens (max 64), got "Schema-Errors"',
			'10:13 difficulty: expected one of introductory|intermediate|advanced, got "easy"',
			'20:9 injects[0].at: must be a duration such as "90s", "15m", "1h30m" or a number of minutes, got "5 minutes"',
			'24:15 injects[0].decisions[0].kind: expected one of single|multiple|indicators|text, got "choice"',
			"27:44 injects[0].decisions[0].options[0].nxet: unknown key; did you mean 'next'?",
			'28:13 injects[0].decisions[0].options[1].label: required',
			'31:1 colour: unknown key (allowed: $schema, id, title, summary, version, authors, licence, attribution, source, threatActor, assets, controls, risks, duration, difficulty, tags, attack, phases, objectives, roles, variables, injects, attacker, endings, clock)'
		]);
		expect(result.source).toBeUndefined();
	});

	it('explain wrong types, sizes and union members', () => {
		const text = minimalWith('authors: [Sandtable team]', 'authors: []')
			.replace('duration: { min: 15, max: 30 }', 'duration: { min: 0, max: "30" }')
			.replace('    at: 0\n', '    at: 0\n    after: { inject: 7 }\n')
			.replace('- id: lateral', '- id: lateral\n    effects: "spread = 1"');
		expect(lines(load(text).errors)).toEqual([
			'8:10 authors: needs at least 1 item (has 0)',
			'10:18 duration.min: must be greater than 0, got number 0',
			'10:26 duration.max: expected a number, got "30"',
			'30:22 injects[0].after.inject: expected a string, got number 7',
			'65:14 attacker[0].effects: expected a list, got "spread = 1"'
		]);
	});

	it('name the discriminator values of an artefact type', () => {
		const text = minimalWith('    at: 0\n', '    at: 0\n    artefacts: [{ type: pcap, id: p }]\n');
		expect(lines(load(text).errors)).toEqual([
			'30:25 injects[0].artefacts[0].type: expected one of log|email|alert|table|chat|ticket, got "pcap"'
		]);
	});

	it('suggest the key of the right artefact type', () => {
		const text = minimalWith(
			'    at: 0\n',
			'    at: 0\n    artefacts: [{ type: log, id: l, title: L, lines: [a], sorce: x }]\n'
		);
		expect(lines(load(text).errors)).toEqual([
			"30:59 injects[0].artefacts[0].sorce: unknown key; did you mean 'source'?"
		]);
	});
});

describe('expression errors point inside the scalar', () => {
	it.each([
		['plain', 'when: isolated and nope', '72:24'],
		['double-quoted', 'when: "isolated and nope"', '72:25'],
		['single-quoted', "when: 'isolated and nope'", '72:25'],
		['double-quoted with an escape', 'when: "isolated and \\u006eope"', '72:25'],
		['literal block', 'when: |\n      isolated and\n      nope', '74:7'],
		['folded block', 'when: >-\n      isolated\n      and nope', '74:11']
	])('%s', (_, replacement, at) => {
		const text = minimalWith('when: isolated and not fired(lateral)', replacement);
		expect(lines(load(text).errors)).toEqual([`${at} endings[0].when: unknown variable 'nope'`]);
	});
});
