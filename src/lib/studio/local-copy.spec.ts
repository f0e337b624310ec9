import { describe, expect, it } from 'vitest';
import { dropLocalCopy, readLocalCopy, recoveryOf, writeLocalCopy } from './local-copy';

class MemoryStorage implements Storage {
	private map = new Map<string, string>();
	get length() {
		return this.map.size;
	}
	clear() {
		this.map.clear();
	}
	getItem(k: string) {
		return this.map.get(k) ?? null;
	}
	key(i: number) {
		return [...this.map.keys()][i] ?? null;
	}
	removeItem(k: string) {
		this.map.delete(k);
	}
	setItem(k: string, v: string) {
		this.map.set(k, v);
	}
}

describe('local copy', () => {
	it('round-trips and is dropped', () => {
		const s = new MemoryStorage();
		writeLocalCopy(s, 'd1', { yaml: 'a', revision: 3, at: 10 });
		expect(readLocalCopy(s, 'd1')).toEqual({ yaml: 'a', revision: 3, at: 10 });
		expect(readLocalCopy(s, 'd2')).toBeNull();
		dropLocalCopy(s, 'd1');
		expect(readLocalCopy(s, 'd1')).toBeNull();
	});
	it('ignores damaged entries and missing storage', () => {
		const s = new MemoryStorage();
		s.setItem('sandtable.studio.d1', '{not json');
		expect(readLocalCopy(s, 'd1')).toBeNull();
		expect(readLocalCopy(undefined, 'd1')).toBeNull();
	});
	it('restores unsaved text of the stored revision and never overwrites a newer one', () => {
		const server = { yaml: 'saved', revision: 4 };
		expect(recoveryOf(null, server)).toBe('none');
		expect(recoveryOf({ yaml: 'saved', revision: 2, at: 0 }, server)).toBe('none');
		expect(recoveryOf({ yaml: 'typed', revision: 4, at: 0 }, server)).toBe('restore');
		expect(recoveryOf({ yaml: 'typed', revision: 3, at: 0 }, server)).toBe('diverged');
	});
});
