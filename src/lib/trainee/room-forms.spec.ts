import { describe, expect, it } from 'vitest';
import { roomDone, roomProblem, waited } from './room-forms';

describe('what a room form was told', () => {
	const refused = {
		room: { action: 'custody', message: 'Too long.', values: { entryId: 'e1', text: 'x' } }
	};

	it('finds the refusal of the form that was sent', () => {
		expect(roomProblem(refused, 'custody', { entryId: 'e1' })).toEqual({
			message: 'Too long.',
			values: { entryId: 'e1', text: 'x' }
		});
		expect(roomProblem(refused, 'custody', { entryId: 'e2' })).toBeNull();
		expect(roomProblem(refused, 'chat')).toBeNull();
		expect(roomProblem(null, 'chat')).toBeNull();
		expect(roomProblem({ respond: {} }, 'chat')).toBeNull();
	});

	it('says when an action was taken', () => {
		expect(roomDone({ room: { action: 'record', done: true } }, 'record')).toBe(true);
		expect(roomDone({ room: { action: 'record', done: true } }, 'entry')).toBe(false);
		expect(roomDone(refused, 'custody')).toBe(false);
		expect(roomDone(undefined, 'record')).toBe(false);
	});
});

describe('response times', () => {
	it('says how long an answer took in words', () => {
		expect(waited(12_000)).toBe('under a minute');
		expect(waited(4 * 60_000 + 59_000)).toBe('4 min');
		expect(waited(65 * 60_000)).toBe('1 h 05 min');
		expect(waited(-5)).toBe('under a minute');
	});
});
