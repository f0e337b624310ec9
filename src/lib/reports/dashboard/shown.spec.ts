import { describe, expect, it } from 'vitest';
import { shownOf, summaryOf, teamOf } from './fixtures';

const AT = Date.UTC(2026, 0, 10, 15);
const summary = summaryOf('s1', AT, [
	teamOf('red', 'Red', 80, null),
	teamOf('blue', 'Blue', 40, 20),
	teamOf('grey', 'Grey', null, null)
]);

describe('a shown session', () => {
	it('keeps the room as stored when no team filter is set', () => {
		const s = shownOf({ ...summary, room: { identification: 61, containment: null } });
		expect(s.room).toEqual({ identification: 61, containment: null });
		// The total is the mean of the teams' totals (80 and 30), not of the room's phases.
		expect(s.roomTotal).toBe(55);
		expect(s.day).toBe('2026-01-10');
		expect(s.slot).toEqual({ key: 's1', day: '2026-01-10', sessionId: 's1' });
	});

	it('becomes the mean of the selected teams under a team filter', () => {
		const s = shownOf(summary, { teams: ['red', 'grey'] });
		expect(s.room).toEqual({ identification: 80, containment: null });
		expect(s.roomTotal).toBe(80);
		expect(Object.keys(s.room)).toEqual(['identification', 'containment']);
	});

	it('falls on its period in a coarser resolution', () => {
		expect(shownOf(summary, { resolution: 'month' }).slot).toEqual({
			key: '2026-01-01',
			day: '2026-01-01',
			sessionId: null
		});
	});
});
