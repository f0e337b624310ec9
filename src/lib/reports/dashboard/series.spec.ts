import { describe, expect, it } from 'vitest';
import { SeriesSet } from './series';

const slot = (key: string, day = key) => ({ key, day, sessionId: null });

describe('trend series', () => {
	it('means the values that share a slot and starts a point per new slot', () => {
		const set = new SeriesSet();
		set.add('team:red', 'Red', 'team', slot('2026-03-02'), 50);
		set.add('team:red', 'Red', 'team', slot('2026-03-02'), 60);
		set.add('team:red', 'Red', 'team', slot('2026-03-02'), 61);
		set.add('team:red', 'Red', 'team', slot('2026-03-09'), 10);
		expect(set.list()).toEqual([
			{
				key: 'team:red',
				label: 'Red',
				kind: 'team',
				points: [
					{ day: '2026-03-02', sessionId: null, value: 57, sessions: 3 },
					{ day: '2026-03-09', sessionId: null, value: 10, sessions: 1 }
				]
			}
		]);
	});

	it('keeps means at full precision and lists the organisation first, then teams by name', () => {
		const set = new SeriesSet();
		set.add('team:zed', 'Zed', 'team', slot('d'), 1);
		set.add('team:amy', 'amy', 'team', slot('d'), 1);
		set.add('team:amy', 'Amy', 'team', slot('d'), 2);
		set.add('team:amy', 'Amy', 'team', slot('d'), 2);
		set.add('organisation', 'Organisation', 'organisation', slot('d'), 3);
		const list = set.list();
		expect(list.map((s) => s.label)).toEqual(['Organisation', 'Amy', 'Zed']);
		expect(list[1].points[0].value).toBe(5 / 3);
	});
});
