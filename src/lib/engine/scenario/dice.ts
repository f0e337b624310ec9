/**
 * Dice notation for `roll()` in expressions: `d20`, `2d6`, `d100` (count 1-10, sides 2-100).
 * Pure: parsing, and the exact distribution of a roll's total (the path explorer branches on it).
 * Drawing the numbers is the session's business (`session/chance.ts`).
 */

export interface Die {
	/** The notation as written, normalised: `d20`, `2d6`. */
	notation: string;
	count: number;
	sides: number;
}

const DIE_PATTERN = /^(\d{1,2})?d(\d{1,3})$/;

/** Parses `d20`, `2d6`, `d100`; null when it is not dice notation or out of range. */
export function parseDie(text: string): Die | null {
	const m = DIE_PATTERN.exec(text.trim());
	if (!m) return null;
	const count = m[1] === undefined ? 1 : Number(m[1]);
	const sides = Number(m[2]);
	if (count < 1 || count > 10 || sides < 2 || sides > 100) return null;
	return { notation: `${count === 1 ? '' : count}d${sides}`, count, sides };
}

const distributionCache = new Map<string, [number, number][]>();

/**
 * Every total the die can show with its probability, lowest first: `2d6` gives 2..12 with
 * 1/36, 2/36, ... (the sum of `count` fair dice). The probabilities add up to 1.
 */
export function distribution(die: Die): [value: number, probability: number][] {
	const cached = distributionCache.get(die.notation);
	if (cached) return cached;
	// Ways to reach each total, one die at a time.
	let ways = new Map<number, number>([[0, 1]]);
	for (let i = 0; i < die.count; i++) {
		const next = new Map<number, number>();
		for (const [total, n] of ways) {
			for (let face = 1; face <= die.sides; face++)
				next.set(total + face, (next.get(total + face) ?? 0) + n);
		}
		ways = next;
	}
	const all = die.sides ** die.count;
	const out = [...ways.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([v, n]) => [v, n / all] as [number, number]);
	distributionCache.set(die.notation, out);
	return out;
}
