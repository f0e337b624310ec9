import { describe, expect, it } from 'vitest';
import { itemOf } from './fixtures';
import { itemOverdue, itemState, summariseItems } from './improvements';

const item = itemOf;

const TODAY = '2026-03-01';

describe('improvement items', () => {
	it('tells an item’s state from its review, and its progress once accepted', () => {
		expect(itemState({ review: 'pending', status: 'done' })).toBe('pending');
		expect(itemState({ review: 'accepted', status: 'done' })).toBe('done');
		expect(itemOverdue(item({ id: 'a', dueDate: '2026-02-28' }), TODAY)).toBe(true);
		expect(itemOverdue(item({ id: 'b', dueDate: TODAY }), TODAY)).toBe(false);
		expect(itemOverdue(item({ id: 'c', dueDate: '2026-02-28', status: 'verified' }), TODAY)).toBe(
			false
		);
		expect(itemOverdue(item({ id: 'd', dueDate: '2026-02-28', review: 'rejected' }), TODAY)).toBe(
			false
		);
	});

	it('groups by section and by owner (case-blind), the unassigned last; longest overdue first', () => {
		const summary = summariseItems(
			[
				item({ id: 'a', owner: 'Dana', planSection: ' comms ', dueDate: '2026-02-20' }),
				item({ id: 'b', owner: 'dana ', planSection: 'access', dueDate: '2026-01-31' }),
				item({ id: 'c', review: 'deferred' }),
				item({
					id: 'd',
					owner: 'Ines',
					planSection: 'comms',
					status: 'done',
					dueDate: '2026-01-01'
				})
			],
			TODAY
		);
		expect(summary.total).toBe(4);
		expect(summary.counts).toMatchObject({ open: 2, deferred: 1, done: 1, pending: 0 });
		expect(summary.overdueItems.map((i) => [i.id, i.daysOverdue])).toEqual([
			['b', 29],
			['a', 9]
		]);
		expect(summary.bySection.map((g) => [g.key, g.total, g.overdue])).toEqual([
			['access', 1, 1],
			['comms', 2, 1],
			[null, 1, 0]
		]);
		expect(summary.byOwner.map((g) => [g.key, g.label, g.total])).toEqual([
			['dana', 'Dana', 2],
			['ines', 'Ines', 1],
			[null, 'No owner yet', 1]
		]);
	});
});
