import { describe, expect, it } from 'vitest';
import { shownOf, summaryOf, teamOf } from './fixtures';
import { SessionRows } from './sessions';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1, 12);
const sessions = Array.from({ length: 5 }, (_, i) =>
	shownOf(
		summaryOf(`s${i + 1}`, START + i * DAY, [
			teamOf('red', 'Red', 50 + i, null, { timeToIdentifyMs: 90_000, outcome: 'good' })
		])
	)
);

function rows(asked?: { page: number; size: number }) {
	const acc = new SessionRows(sessions.length, asked);
	for (const s of sessions) acc.add(s);
	return acc.result();
}

describe('session rows', () => {
	it('lists every session newest first by default', () => {
		const { rows: list, page } = rows();
		expect(list.map((r) => r.id)).toEqual(['s5', 's4', 's3', 's2', 's1']);
		expect(page).toEqual({ page: 1, pages: 1, size: 5, total: 5 });
		expect(list[0]).toMatchObject({
			day: '2026-01-05',
			link: '/sessions/s5/debrief',
			room: { identification: 54, containment: null },
			roomTotal: 54
		});
		expect(list[0].teams[0]).toEqual({
			id: 'red',
			name: 'Red',
			phases: { identification: 54, containment: null },
			total: 54,
			outcome: 'good',
			timeToIdentifyMinutes: 1.5,
			timeToContainMinutes: null
		});
	});

	it('builds one page of rows, clamping the page to those that exist', () => {
		expect(rows({ page: 2, size: 2 }).rows.map((r) => r.id)).toEqual(['s3', 's2']);
		expect(rows({ page: 9, size: 2 })).toMatchObject({
			rows: [{ id: 's1' }],
			page: { page: 3, pages: 3, size: 2, total: 5 }
		});
		expect(rows({ page: Number.NaN, size: 2 }).page.page).toBe(1);
		expect(rows({ page: 1, size: 0 })).toEqual({
			rows: [],
			page: { page: 1, pages: 1, size: 0, total: 5 }
		});
	});
});
