import { describe, expect, it } from 'vitest';
import type { ScenarioVersion } from '../storage/studio';
import { diffVersions } from './history';

const v = (version: number, yaml: string): ScenarioVersion => ({
	scenarioId: 'demo',
	version,
	yaml,
	hash: '',
	by: { id: 'u', name: 'Ana' },
	at: 0,
	draftId: 'abcdefgh12345678'
});

describe('diffVersions', () => {
	it('lists removed and added lines with their numbers, and context', () => {
		const a = v(1, 'id: demo\ntitle: Old\nversion: 1.0.0\n');
		const b = v(2, 'id: demo\ntitle: New\nversion: 1.0.0\nextra: <b>x</b>\n');
		const d = diffVersions(a, b);
		expect(d).toMatchObject({ from: 1, to: 2, added: 2, removed: 1 });
		expect(d.lines).toEqual([
			{ kind: 'same', old: 1, new: 1, text: 'id: demo' },
			{ kind: 'remove', old: 2, new: null, text: 'title: Old' },
			{ kind: 'add', old: null, new: 2, text: 'title: New' },
			{ kind: 'same', old: 3, new: 3, text: 'version: 1.0.0' },
			{ kind: 'add', old: null, new: 4, text: 'extra: <b>x</b>' }
		]);
	});
	it('is empty between equal texts and marks gaps between distant hunks', () => {
		expect(diffVersions(v(1, 'a\n'), v(2, 'a\n')).lines).toEqual([]);
		const many = Array.from({ length: 30 }, (_, i) => `line ${i}`);
		const changed = [...many];
		changed[2] = 'first change';
		changed[25] = 'second change';
		const d = diffVersions(v(1, many.join('\n')), v(2, changed.join('\n')), 1);
		expect(d.lines.filter((l) => l.kind === 'gap')).toHaveLength(2);
		expect(d.added).toBe(2);
	});
});
