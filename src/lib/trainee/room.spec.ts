import { describe, expect, it } from 'vitest';
import type { ChatView, RfiView } from '#lib/engine/session/room-view.js';
import { loadRoomSeen, messageCount, openRfis, saveRoomSeen, unread } from './room';

function message(id: string, at: number, mentions: string[] = [], channel = 'team'): ChatView {
	return {
		id,
		channel,
		author: 'Ann',
		staff: false,
		html: `<p>${id}</p>`,
		mentions,
		scenarioMs: at,
		at
	};
}

const room = (team: ChatView[], all: ChatView[]) => ({
	channels: [
		{ id: 'team', name: 'Red', messages: team },
		{ id: 'room', name: 'Whole room', messages: all }
	]
});

class MemoryStorage {
	items = new Map<string, string>();
	getItem(k: string) {
		return this.items.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.items.set(k, v);
	}
}

describe('unread messages', () => {
	const r = room(
		[message('t1', 1), message('t2', 4, ['analyst'])],
		[
			message('r1', 2, [], 'room'),
			message('r2', 3, ['lead'], 'room'),
			message('r3', 5, ['analyst'], 'room')
		]
	);

	it('counts every message of both channels', () => {
		expect(messageCount(r)).toBe(5);
	});

	it('counts the messages after the seen ones, in time order across channels', () => {
		expect(unread(r, 0, 'analyst')).toEqual({ messages: 5, mentions: 2 });
		expect(unread(r, 3, 'analyst')).toEqual({ messages: 2, mentions: 2 });
		expect(unread(r, 4, 'lead')).toEqual({ messages: 1, mentions: 0 });
		expect(unread(r, 5, 'analyst')).toEqual({ messages: 0, mentions: 0 });
	});

	it('never counts below zero when more were seen than there are (another session)', () => {
		expect(unread(r, 50, 'analyst')).toEqual({ messages: 0, mentions: 0 });
	});
});

describe('the seen count in storage', () => {
	it('is remembered per session and participant', () => {
		const storage = new MemoryStorage() as unknown as Storage;
		saveRoomSeen(storage, 's1', 'p1', 7);
		expect(loadRoomSeen(storage, 's1', 'p1')).toBe(7);
		expect(loadRoomSeen(storage, 's1', 'p2')).toBe(0);
		expect(loadRoomSeen(storage, 's2', 'p1')).toBe(0);
	});

	it('is 0 without storage, with garbage, or when storage throws', () => {
		expect(loadRoomSeen(null, 's', 'p')).toBe(0);
		const storage = new MemoryStorage() as unknown as Storage;
		storage.setItem('sandtable:room-seen:s:p', 'many');
		expect(loadRoomSeen(storage, 's', 'p')).toBe(0);
		const broken = {
			getItem: () => {
				throw new Error('denied');
			},
			setItem: () => {
				throw new Error('quota');
			}
		} as unknown as Storage;
		expect(loadRoomSeen(broken, 's', 'p')).toBe(0);
		expect(() => saveRoomSeen(broken, 's', 'p', 3)).not.toThrow();
	});
});

describe('requests for information', () => {
	const rfi = (id: string, answered: boolean): RfiView => ({
		id,
		teamId: 't',
		asker: 'Ann',
		text: '?',
		scenarioMs: 0,
		at: 0,
		answer: answered ? { html: '<p>yes</p>', scenarioMs: 1, at: 1 } : null,
		responseMs: answered ? 1 : null
	});

	it('counts the open ones', () => {
		expect(openRfis({ rfis: [rfi('a', true), rfi('b', false), rfi('c', false)] })).toBe(2);
	});
});
