import { describe, expect, it } from 'vitest';
import { itemFor, rightsOn, visibleTo } from './access';
import { itemFixture } from './testing';

const item = itemFixture;

describe('who may see and change an item', () => {
	const lead = { id: 'l', email: 'l@x', name: 'Lead', role: 'lead' as const };
	const fac = { id: 'f', email: 'f@x', name: 'Fac', role: 'facilitator' as const };
	const other = { id: 'o', email: 'o@x', name: 'Other', role: 'facilitator' as const };
	const owners = new Map([['s1', 'f']]);

	it('shows a facilitator only the items of the sessions they ran', () => {
		const items = [item({ id: 'mine' }), item({ id: 'theirs', sessionId: 's9' })];
		expect(visibleTo(fac, items, owners).map((i) => i.id)).toEqual(['mine']);
		expect(visibleTo(other, items, owners)).toEqual([]);
		expect(visibleTo(lead, items, owners)).toHaveLength(2);
	});

	it('lets the facilitator fill in a pending item but never review or track it', () => {
		expect(rightsOn(fac, item({}), owners)).toEqual({
			review: false,
			owner: true,
			dueDate: true,
			correctiveAction: true,
			status: false,
			planSection: false
		});
		expect(Object.values(rightsOn(fac, item({ review: 'accepted' }), owners))).not.toContain(true);
		expect(rightsOn(lead, item({ review: 'accepted' }), owners)).toMatchObject({
			review: false,
			status: true,
			planSection: false
		});
		expect(rightsOn(lead, item({ review: 'deferred' }), owners)).toMatchObject({
			review: true,
			status: false
		});
	});

	it('answers 404 for an item the user may not see, as for one that does not exist', () => {
		expect(itemFor(fac, item({}), owners).id).toBe('i1');
		expect(() => itemFor(other, item({}), owners)).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(() => itemFor(lead, undefined, owners)).toThrow(
			expect.objectContaining({ status: 404 })
		);
	});
});
