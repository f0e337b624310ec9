import { describe, expect, it } from 'vitest';
import { phishFile } from '../testing';
import { compileScenario } from './compile';
import type { ScenarioFile } from './schema';

type OptionFiles = NonNullable<
	NonNullable<ScenarioFile['injects'][number]['decisions']>[number]['options']
>;

/** Phish with the briefing's question replaced by one of `kind` with these options. */
function expected(kind: 'single' | 'multiple', options: OptionFiles) {
	const file = phishFile();
	const briefing = file.injects[0];
	briefing.decisions = [{ ...briefing.decisions![0], kind, options }];
	const decision = compileScenario(file).injects[0].decisions[0];
	return decision.options.filter((o) => o.correct).map((o) => o.id);
}

describe('the expected answer of a question', () => {
	const options: OptionFiles = [
		{ id: 'best', label: 'Best', scores: { preparation: 5, identification: 3 } },
		{ id: 'good', label: 'Good', scores: { preparation: 4 } },
		{ id: 'bad', label: 'Bad', scores: { preparation: -2 } }
	];

	it('is only the best-total option of a single choice, not every positive one', () => {
		expect(expected('single', options)).toEqual(['best']);
	});

	it('is every best-total option of a single choice when they tie', () => {
		const tie = [...options, { id: 'also', label: 'Also', scores: { identification: 8 } }];
		expect(expected('single', tie)).toEqual(['best', 'also']);
	});

	it('is none when no option of a single choice scores above zero', () => {
		const none: OptionFiles = [
			{ id: 'a', label: 'A', scores: { preparation: 0 } },
			{ id: 'b', label: 'B', scores: { preparation: -1 } }
		];
		expect(expected('single', none)).toEqual([]);
	});

	it('keeps an explicit correct as written, and then leaves unwritten options unexpected', () => {
		const written = [
			{ ...options[0] },
			{ ...options[1], correct: true },
			{ ...options[2], correct: false }
		];
		expect(expected('single', written)).toEqual(['good']);
		const both = [{ ...options[0], correct: true }, { ...options[1], correct: true }, options[2]];
		expect(expected('single', both)).toEqual(['best', 'good']);
		const denied = [{ ...options[0], correct: false }, options[1], options[2]];
		expect(expected('single', denied)).toEqual([]);
	});

	it('is every positive-total option of a multiple choice', () => {
		expect(expected('multiple', options)).toEqual(['best', 'good']);
	});
});
