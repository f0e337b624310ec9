import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';

describe('canonicalJson', () => {
	it('gives the same text whatever the key order, at every depth', () => {
		const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
		const b = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };
		expect(canonicalJson(a)).toBe(canonicalJson(b));
		expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
	});

	it('sorts integer-like keys as strings, not in JavaScript object order', () => {
		expect(canonicalJson({ b: 1, 10: 2, 9: 3 })).toBe('{"10":2,"9":3,"b":1}');
	});

	it('drops undefined properties and writes undefined array items as null', () => {
		expect(canonicalJson({ a: undefined, b: [undefined, 1], c: null })).toBe(
			'{"b":[null,1],"c":null}'
		);
	});

	it('keeps array order and escapes strings as JSON does', () => {
		expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
		expect(canonicalJson({ 'a"b': 'line\nbreak é' })).toBe('{"a\\"b":"line\\nbreak é"}');
	});

	it('has no whitespace and matches JSON.parse round trips', () => {
		const value = { z: [true, false, 1.5, -0.25], m: { n: 'x y' } };
		const text = canonicalJson(value);
		expect(text).not.toMatch(/\s(?=(?:[^"]*"[^"]*")*[^"]*$)/);
		expect(JSON.parse(text)).toEqual(value);
	});

	it('refuses cycles instead of looping', () => {
		const a: Record<string, unknown> = {};
		a.self = a;
		expect(() => canonicalJson(a)).toThrow(/cycle/);
	});

	it('allows the same object twice when it is not a cycle', () => {
		const shared = { k: 1 };
		expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
	});
});
