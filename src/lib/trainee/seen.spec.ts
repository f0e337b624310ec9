import { describe, expect, it } from 'vitest';
import { loadSeen, saveSeen, withIds, withoutId } from './seen';

function memoryStorage(): Storage {
	const data = new Map<string, string>();
	return {
		get length() {
			return data.size;
		},
		clear: () => data.clear(),
		getItem: (k) => data.get(k) ?? null,
		key: (i) => [...data.keys()][i] ?? null,
		removeItem: (k) => void data.delete(k),
		setItem: (k, v) => void data.set(k, String(v))
	};
}

describe('seen injects', () => {
	it('remembers ids per session and participant', () => {
		const storage = memoryStorage();
		saveSeen(storage, 's1', 'p1', new Set(['a', 'b']));
		expect([...loadSeen(storage, 's1', 'p1')]).toEqual(['a', 'b']);
		expect(loadSeen(storage, 's1', 'p2').size).toBe(0);
		expect(loadSeen(storage, 's2', 'p1').size).toBe(0);
	});

	it('treats garbage or missing storage as nothing seen', () => {
		const storage = memoryStorage();
		storage.setItem('sandtable:seen:s1:p1', '{not json');
		expect(loadSeen(storage, 's1', 'p1').size).toBe(0);
		storage.setItem('sandtable:seen:s1:p1', JSON.stringify({ a: 1 }));
		expect(loadSeen(storage, 's1', 'p1').size).toBe(0);
		expect(loadSeen(null, 's1', 'p1').size).toBe(0);
		expect(() => saveSeen(null, 's1', 'p1', new Set(['a']))).not.toThrow();
	});

	it('builds new sets instead of changing the old ones', () => {
		const a = withIds(new Set(['x']), ['y']);
		const b = withoutId(a, 'x');
		expect([...a]).toEqual(['x', 'y']);
		expect([...b]).toEqual(['y']);
	});
});
