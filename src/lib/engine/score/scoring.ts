/**
 * Scoring of single answers against the answer key. Aggregates (per trainee, per team, per
 * phase, over the path played) build on these.
 */
import type { ResponseValue } from '../session/events';
import type { Decision } from '../scenario/model';

/** Precision, recall and F1 of flagged lines against the indicator lines. */
export function indicatorMatch(flagged: readonly number[], indicators: readonly number[]) {
	const expected = new Set(indicators);
	const hits = new Set(flagged.filter((n) => expected.has(n))).size;
	const precision = flagged.length === 0 ? 0 : hits / new Set(flagged).size;
	const recall = expected.size === 0 ? 0 : hits / expected.size;
	const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
	const missed = indicators.filter((n) => !flagged.includes(n));
	const falsePositives = flagged.filter((n) => !expected.has(n));
	return { precision, recall, f1, hits, missed, falsePositives };
}

/**
 * Points an answer earns per phase. `textPoints` is the facilitator's mark for a free-text
 * answer (none yet: nothing earned). Multiple choice never goes below zero in total.
 */
export function scoreAnswer(
	decision: Decision,
	value: ResponseValue,
	textPoints?: number
): Record<string, number> {
	const out: Record<string, number> = {};
	const add = (phase: string | undefined, points: number) => {
		if (phase && points !== 0) out[phase] = (out[phase] ?? 0) + points;
	};
	switch (value.kind) {
		case 'single': {
			const option = decision.options.find((o) => o.id === value.optionId);
			for (const [phase, points] of Object.entries(option?.scores ?? {})) add(phase, points);
			return out;
		}
		case 'multiple': {
			for (const id of value.optionIds) {
				const option = decision.options.find((o) => o.id === id);
				for (const [phase, points] of Object.entries(option?.scores ?? {})) add(phase, points);
			}
			const total = Object.values(out).reduce((a, b) => a + b, 0);
			if (total < 0) return {};
			// Negative phases are kept only as far as the total stays positive.
			for (const phase of Object.keys(out)) if (out[phase] < 0) delete out[phase];
			const positive = Object.values(out).reduce((a, b) => a + b, 0);
			const scale = positive === 0 ? 0 : total / positive;
			for (const phase of Object.keys(out)) out[phase] = out[phase] * scale;
			return out;
		}
		case 'indicators':
			add(
				decision.phase,
				decision.points * indicatorMatch(value.lines, decision.indicatorLines).f1
			);
			return out;
		case 'text':
			if (decision.scored && textPoints !== undefined) add(decision.phase, textPoints);
			return out;
	}
}
