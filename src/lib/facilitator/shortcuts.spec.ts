import { describe, expect, it } from 'vitest';
import { isTyping, shortcutFor } from './shortcuts';

const press = (key: string, target: unknown = { tagName: 'BODY' }, over = {}) => ({
	key,
	ctrlKey: false,
	metaKey: false,
	altKey: false,
	defaultPrevented: false,
	target,
	...over
});

describe('console shortcuts', () => {
	it('maps n, p, o, r and ? to their actions, upper case too', () => {
		expect(['n', 'P', 'o', 'R', '?', 'x'].map((k) => shortcutFor(press(k)))).toEqual([
			'release',
			'pause',
			'observe',
			'rfis',
			'help',
			null
		]);
	});

	it('never fires while typing in a field or with a modifier', () => {
		for (const target of [
			{ tagName: 'INPUT', type: 'text' },
			{ tagName: 'INPUT' },
			{ tagName: 'TEXTAREA' },
			{ tagName: 'SELECT' },
			{ tagName: 'DIV', isContentEditable: true }
		])
			expect(shortcutFor(press('n', target))).toBeNull();
		expect(shortcutFor(press('n', undefined, { ctrlKey: true }))).toBeNull();
		expect(shortcutFor(press('p', undefined, { defaultPrevented: true }))).toBeNull();
		// A focused button or checkbox does not take typing.
		expect(isTyping({ tagName: 'BUTTON' })).toBe(false);
		expect(isTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
	});
});
