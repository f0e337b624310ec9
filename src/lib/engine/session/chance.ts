/**
 * Chance that replays: every `roll()` of a session is drawn from a pseudo-random generator seeded
 * by (session seed, team id, roll number), so the same log always gives the same numbers. Rolls a
 * producer evaluates (advance.ts choosing stage.fired or stage.prevented, inject.released or
 * skipped) travel in the event; rolls inside effects are drawn again, identically, by the fold.
 * Every roll is recorded in the team's state (`TeamState.rolls`); its length is the roll number.
 *
 * Hand-written rather than a dependency: the engine imports nothing outside itself, Math.random
 * cannot be seeded, and the numbers must never change between versions (that would change the
 * replay of every stored log). FNV-1a hashes the key to 32 bits; mulberry32 (Tommy Ettinger's
 * small, well-tested 32-bit generator) turns it into dice faces. Do not change either.
 */
import { parseDie, type Die } from '../scenario/dice';

/** One roll as the team's state keeps it, for the debrief and the console. */
export interface RollRecord {
	/** Dice notation, e.g. `d20`. */
	die: string;
	/** The total shown. */
	value: number;
	scenarioMs: number;
	/**
	 * What evaluated it: `inject:<id>` (its `when`), `stage:<id>` (its `unless` or effects),
	 * `option:<inject>/<decision>/<option>` or `timeout:<inject>/<decision>` (effects).
	 */
	source: string;
}

/** A roll carried by an event: what the producer drew. */
export interface EventRoll {
	die: string;
	value: number;
}

/**
 * Where the numbers come from: the total of `die` for roll number `index` of team `teamId` in
 * the session seeded `seed`. The path explorer swaps in its own to branch on every outcome.
 */
export type Dice = (die: Die, seed: string, teamId: string, index: number) => number;

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** mulberry32: a generator of floats in [0, 1) from a 32-bit seed. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The session's dice: deterministic in (seed, team, roll number). */
export const seededDice: Dice = (die, seed, teamId, index) => {
	const next = mulberry32(fnv1a(`${seed}|${teamId}|${index}`));
	let total = 0;
	for (let i = 0; i < die.count; i++) total += 1 + Math.floor(next() * die.sides);
	return total;
};

/** The seed of a session whose log predates seeds: derived from its id, so replays agree. */
export function seedOf(event: { sessionId: string; seed?: string }): string {
	return event.seed ?? `session:${event.sessionId}`;
}

/** Parses dice notation that validation accepted; throws on anything else (a bug upstream). */
export function dieOf(notation: string): Die {
	const die = parseDie(notation);
	if (!die) throw new Error(`not dice notation: '${notation}'`);
	return die;
}
