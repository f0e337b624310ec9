import { describe, expect, it } from 'vitest';
import { changedSections, diffCost, foldDiff, planDiff } from './hunks';
import { diffLines } from '#lib/reports/plan.js';

const numbered = (n: number, from = 1) =>
	Array.from({ length: n }, (_, i) => `line ${i + from}`).join('\n');

describe('readable plan diff', () => {
	it('folds long unchanged runs and keeps three lines of context around a change', () => {
		const a = numbered(20);
		const b = a.replace('line 10', 'line ten');
		const rows = foldDiff(diffLines(a, b));
		expect(rows.map((r) => (r.kind === 'gap' ? `…${r.count}` : `${r.op[0]} ${r.text}`))).toEqual([
			'…6',
			's line 7',
			's line 8',
			's line 9',
			'r line 10',
			'a line ten',
			's line 11',
			's line 12',
			's line 13',
			'…7'
		]);
		const changed = rows.find((r) => r.kind === 'line' && r.op === 'added');
		expect(changed).toMatchObject({ old: null, new: 10 });
	});

	it('does not fold a run that is barely longer than its context', () => {
		const a = 'a\nb\nc\nd\ne\nf\ng\nh';
		const b = 'A\nb\nc\nd\ne\nf\ng\nH';
		const rows = foldDiff(diffLines(a, b));
		expect(rows.some((r) => r.kind === 'gap')).toBe(false);
		expect(rows).toHaveLength(10);
	});

	it('counts added and removed lines and names the sections that changed', () => {
		const a = '# P\n\n## A {#a}\n\nold\n\n## B {#b}\n\nsame\n\n## C {#c}\n\ngone\n';
		const b = '# P\n\n## A {#a}\n\nnew\nmore\n\n## B {#b}\n\nsame\n\n## D {#d}\n\nfresh\n';
		const diff = planDiff(a, b);
		expect([diff.added, diff.removed]).toEqual([4, 3]);
		expect(diff.sections).toEqual({ added: ['d'], removed: ['c'], changed: ['a'] });
		expect(changedSections(a, a)).toEqual({ added: [], removed: [], changed: [] });
	});

	it('measures only the differing middle of two texts', () => {
		const a = numbered(1000);
		expect(diffCost(a, a)).toBe(0);
		expect(diffCost(a, a.replace('line 500', 'x'))).toBe(1);
		expect(diffCost(numbered(100), numbered(100, 1000))).toBe(10_000);
	});
});
