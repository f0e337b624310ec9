import { describe, expect, it } from 'vitest';
import { checkChain, foldHash, genesis, link, linkHash } from './chain';

type Entry = { n: number; text?: string; prev?: string };

const start = genesis('test', 'one');
const entries = () =>
	link(
		start,
		[1, 2, 3, 4, 5].map((n): Entry => ({ n, text: `entry ${n}` }))
	);

describe('a hash chain', () => {
	it('links each entry to the hash of everything before it', () => {
		const { entries: linked, last } = entries();
		expect(linked[0].prev).toBe(start);
		expect(linked[1].prev).toBe(linkHash(start, linked[0]));
		expect(last).toBe(foldHash(start, linked));
		expect(checkChain(start, linked, last)).toEqual({ chainedFrom: 0, last, breaks: [] });
	});

	it('does not depend on key order or on the entry own prev', () => {
		expect(linkHash(start, { a: 1, b: 2 } as object)).toBe(
			linkHash(start, { b: 2, a: 1, prev: 'x' } as object)
		);
	});

	it('names the entry whose content changed, in the middle and at the end', () => {
		const { entries: linked, last } = entries();
		linked[2] = { ...linked[2], text: 'entry 3!' };
		expect(checkChain(start, linked, last).breaks).toEqual([{ index: 2, problem: 'altered' }]);
		const again = entries();
		again.entries[4] = { ...again.entries[4], n: 6 };
		expect(checkChain(start, again.entries, again.last).breaks).toEqual([
			{ index: 4, problem: 'altered' }
		]);
	});

	it('names an entry whose link changed apart from one whose content changed', () => {
		const { entries: linked, last } = entries();
		const prev = linked[3].prev!;
		linked[3] = { ...linked[3], prev: `${prev[0] === '0' ? '1' : '0'}${prev.slice(1)}` };
		expect(checkChain(start, linked, last).breaks).toEqual([{ index: 3, problem: 'link-altered' }]);
	});

	it('finds a removed entry and entries in another order', () => {
		const { entries: linked, last } = entries();
		const removed = [...linked.slice(0, 2), ...linked.slice(3)];
		expect(checkChain(start, removed, last).breaks.length).toBeGreaterThan(0);
		const swapped = [linked[0], linked[2], linked[1], linked[3], linked[4]];
		expect(checkChain(start, swapped, last).breaks.length).toBeGreaterThan(0);
	});

	it('accepts older entries without links before the first linked one, and says where linking starts', () => {
		const old: Entry[] = [{ n: 1 }, { n: 2 }];
		const { entries: newer, last } = link(foldHash(start, old), [{ n: 3 }, { n: 4 }] as Entry[]);
		const check = checkChain(start, [...old, ...newer], last);
		expect(check).toEqual({ chainedFrom: 2, last, breaks: [] });
		// An entry losing its link after linking started is a break.
		const unlinked: Entry = { n: newer[1].n };
		expect(checkChain(start, [...old, newer[0], unlinked], last).breaks).toContainEqual({
			index: 3,
			problem: 'missing-link'
		});
	});
});
