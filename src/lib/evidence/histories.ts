/**
 * Hash chains over the other records an auditor asks about (issue 16): each improvement item's
 * history (one chain per item) and the IR plan's revisions (one chain). Same rule as the session
 * log (chain.ts): every line or revision carries `prev`, the hash of all before it. Lines written
 * before chaining have none and are reported as not chained.
 */
import { checkChain, foldHash, genesis, type ChainBreak, type Linked } from './chain';

/** The start of an improvement item's history chain. */
export function itemGenesis(itemId: string): string {
	return genesis('improvement-item', itemId);
}

/** The start of the plan's revision chain. */
export const PLAN_GENESIS = genesis('plan');

/** `entry` with `prev` set to the hash of `before` (the chain it is appended to), from `start`. */
export function linkedAfter<T extends Linked>(
	start: string,
	before: readonly Linked[],
	entry: T
): T {
	return { ...entry, prev: foldHash(start, before) };
}

/** What checking a history found, in words: nothing when it is intact. */
export interface HistoryCheck {
	ok: boolean;
	problems: string[];
	/** 1-based number of the first chained entry; null when none is chained. */
	chainedFrom: number | null;
}

function describe(what: string, b: ChainBreak): string {
	switch (b.problem) {
		case 'altered':
			return `${what} was altered or removed: the link after it does not match`;
		case 'link-altered':
			return `${what} has an altered link (prev)`;
		case 'missing-link':
			return `${what} has no link (prev) although the entries before it are chained`;
	}
}

function check(
	start: string,
	entries: readonly Linked[],
	name: (i: number) => string
): HistoryCheck {
	const { chainedFrom, breaks } = checkChain(start, entries);
	return {
		ok: breaks.length === 0,
		problems: breaks.map((b) => describe(name(b.index), b)),
		chainedFrom: chainedFrom < entries.length ? chainedFrom + 1 : null
	};
}

/**
 * Checks an improvement item's history chain, naming the line that was altered. A change to the
 * last line shows only against a hash kept elsewhere (an export's signature), as in any chain.
 */
export function checkItemHistory(item: {
	id: string;
	history: readonly { change: string }[];
}): HistoryCheck {
	return check(
		itemGenesis(item.id),
		item.history,
		(i) => `history line ${i + 1} of item ${item.id} ("${item.history[i]?.change ?? ''}")`
	);
}

/** Checks the plan's revision chain, naming the revision that was altered. */
export function checkPlanRevisions(revisions: readonly { rev: number }[]): HistoryCheck {
	return check(PLAN_GENESIS, revisions, (i) => `plan revision ${revisions[i]?.rev ?? i + 1}`);
}
