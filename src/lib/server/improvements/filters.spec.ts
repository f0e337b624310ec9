import { describe, expect, it } from 'vitest';
import { applyFilter, groupItems, isOverdue, isoDay, parseFilter } from './filters';
import { itemFixture } from './testing';

const TODAY = '2026-05-10';

const item = itemFixture;

describe('improvement filters', () => {
	it('reads known values from the query string and ignores the rest', () => {
		const f = parseFilter(
			new URLSearchParams('review=accepted&status=bogus&section=escalation&overdue=1&group=owner')
		);
		expect(f).toEqual({
			review: 'accepted',
			status: null,
			section: 'escalation',
			owner: null,
			session: null,
			overdue: true,
			group: 'owner'
		});
		expect(parseFilter(new URLSearchParams('group=nope')).group).toBe('section');
	});

	it('calls an item overdue only when its due date passed and it is not finished or rejected', () => {
		expect(isOverdue(item({ dueDate: '2026-05-09' }), TODAY)).toBe(true);
		expect(isOverdue(item({ dueDate: '2026-05-10' }), TODAY)).toBe(false);
		expect(isOverdue(item({ dueDate: '2026-05-09', status: 'done' }), TODAY)).toBe(false);
		expect(isOverdue(item({ dueDate: '2026-05-09', review: 'rejected' }), TODAY)).toBe(false);
		expect(isOverdue(item({ dueDate: null }), TODAY)).toBe(false);
		expect(isoDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
	});

	it('filters by owner (any case, or nobody), section, session and overdue together', () => {
		const items = [
			item({ id: 'a', owner: 'Nadia Kowalczyk', dueDate: '2026-01-01' }),
			item({ id: 'b', owner: '', planSection: 'recovery.backups' }),
			item({ id: 'c', owner: 'nadia kowalczyk', sessionId: 's2' })
		];
		const ids = (query: string) =>
			applyFilter(items, parseFilter(new URLSearchParams(query)), TODAY).map((i) => i.id);
		expect(ids('owner=NADIA+KOWALCZYK')).toEqual(['a', 'c']);
		expect(ids('owner=-')).toEqual(['b']);
		expect(ids('section=escalation&session=s2')).toEqual(['c']);
		expect(ids('overdue=1')).toEqual(['a']);
		expect(ids('')).toEqual(['a', 'b', 'c']);
	});

	it('groups by plan section with the items without one last', () => {
		const groups = groupItems(
			[
				item({ id: 'a', planSection: 'recovery.backups' }),
				item({ id: 'b', planSection: null }),
				item({ id: 'c', planSection: 'escalation' }),
				item({ id: 'd', planSection: 'recovery.backups' })
			],
			'section'
		);
		expect(groups.map((g) => [g.label, g.items.map((i) => i.id)])).toEqual([
			['escalation', ['c']],
			['recovery.backups', ['a', 'd']],
			['No plan section', ['b']]
		]);
	});
});
