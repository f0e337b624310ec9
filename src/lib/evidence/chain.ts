/**
 * Hash chains for tamper-evident records (issue 16): a session's event log, an improvement item's
 * history and the plan's revisions. Each link stores `prev`, the hash of everything before it, so
 * altering, removing or reordering one entry breaks the link after it.
 *
 * The chain is computed here, in the app layer, and stored as an ordinary field of each entry, so
 * every storage backend (files today, PostgreSQL later) keeps it without knowing about it.
 *
 * `hash_n = sha256(hash_{n-1} + "\n" + canonicalJson(entry_n without prev))`, with a fixed
 * genesis value before the first entry. The hash folds over every entry, also entries written
 * before chaining existed (they have no `prev`), so a seal or an export signed over the last hash
 * covers the whole log; only the links that catch a change entry by entry start where `prev` does.
 *
 * Uses node:crypto: the verifier runs in Node (the CLI and the server behind the verify page).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '#lib/engine/scenario/canonical.js';

/**
 * Something that can be chained: any JSON object; its `prev` field (a string) is its link. Typed
 * as `object` so that interfaces and event unions both fit.
 */
export type Linked = object;

const prevOf = (entry: Linked): unknown => (entry as { prev?: unknown }).prev;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The value before the first entry of a chain, tied to what the chain is about. */
export function genesis(kind: string, ...parts: string[]): string {
	return sha256(['sandtable-chain-v1', kind, ...parts].join('\n'));
}

/** The genesis of a session's event log: its id and the hash of the scenario it froze. */
export function sessionGenesis(sessionId: string, scenarioHash: string): string {
	return genesis('session', sessionId, scenarioHash);
}

/** The hash of `entry` (its `prev` left out) after the chain reached `prev`. */
export function linkHash(prev: string, entry: Linked): string {
	const { prev: _own, ...body } = entry as { prev?: unknown };
	return sha256(`${prev}\n${canonicalJson(body)}`);
}

/** The hash after every entry of `entries`, starting from `start`. */
export function foldHash(start: string, entries: readonly Linked[]): string {
	let hash = start;
	for (const entry of entries) hash = linkHash(hash, entry);
	return hash;
}

/**
 * Returns `entries` with `prev` set on each, chained on from `start` (the hash of what comes
 * before them), and the hash after the last.
 */
export function link<T extends Linked>(
	start: string,
	entries: readonly T[]
): { entries: T[]; last: string } {
	let hash = start;
	const out = entries.map((entry) => {
		const linked = { ...entry, prev: hash };
		hash = linkHash(hash, linked);
		return linked;
	});
	return { entries: out, last: hash };
}

/** One broken link, by the entry it names (0-based index) and what is wrong with it. */
export interface ChainBreak {
	index: number;
	problem: 'altered' | 'link-altered' | 'missing-link';
}

/** What checking a chain found: where linking starts, the last hash and any breaks. */
export interface ChainCheck {
	/** Index of the first entry with `prev`; entries.length when none has one. */
	chainedFrom: number;
	/** The hash after the last entry, as recomputed. */
	last: string;
	breaks: ChainBreak[];
}

/**
 * Checks every `prev` of `entries` against the hashes recomputed from `start`. When a link does
 * not match, checking goes on from the stored value, so that each change is found on its own:
 * an entry whose content changed breaks only the link after it (named: that entry, 'altered');
 * a changed `prev` breaks its own link and the next ('link-altered', naming the entry holding
 * it). `expectedLast`, when known (a seal or a signature covers it), checks the last entry too.
 * Entries before the first `prev` are not checked link by link (older data); an entry without
 * `prev` after one with it is a break.
 */
export function checkChain(
	start: string,
	entries: readonly Linked[],
	expectedLast?: string
): ChainCheck {
	const chainedFrom = entries.findIndex((e) => typeof prevOf(e) === 'string');
	const from = chainedFrom === -1 ? entries.length : chainedFrom;
	const mismatch: boolean[] = [];
	const breaks: ChainBreak[] = [];
	let hash = start;
	let recomputed = start;
	for (let i = 0; i < entries.length; i++) {
		const entry = entries[i];
		const prev = prevOf(entry);
		if (i >= from) {
			if (typeof prev !== 'string') {
				breaks.push({ index: i, problem: 'missing-link' });
				mismatch[i] = false;
			} else {
				mismatch[i] = prev !== hash;
				if (mismatch[i]) hash = prev;
			}
		}
		hash = linkHash(hash, entry);
		recomputed = linkHash(recomputed, entry);
	}
	if (expectedLast !== undefined) mismatch[entries.length] = hash !== expectedLast;
	for (let i = from; i <= entries.length; i++) {
		if (!mismatch[i]) continue;
		if (mismatch[i + 1] && i < entries.length) {
			breaks.push({ index: i, problem: 'link-altered' });
			mismatch[i + 1] = false;
		} else if (i > 0) {
			breaks.push({ index: i - 1, problem: 'altered' });
		} else {
			breaks.push({ index: 0, problem: 'link-altered' });
		}
	}
	breaks.sort((a, b) => a.index - b.index);
	return { chainedFrom: from, last: recomputed, breaks };
}
