/**
 * Anonymising a session's log (issue 17, retention and erasure): every trainee's display name is
 * replaced by a pseudonym stable within the session ("Trainee 1", "Trainee 2", ... in the order
 * they joined), and so is every whole-word mention of a name, or of a part of it of three letters
 * or more, in the free text of the log (chat, RFIs, responses, records, feedback, observations,
 * hot-wash notes, sign-off comments). The log is then re-chained from its genesis, its seals are
 * signed again over the new chain, and a `record.redacted` event (who, why, what was touched, and
 * how the log ended before: its chain hash and its original seals) is appended and sealed, so
 * that `npm run verify` verifies the redacted record and says it was redacted.
 *
 * Pure apart from hashing: the signer and the clock are the caller's.
 */
import type {
	RecordSeal,
	RedactionNote,
	SealedBy,
	SessionEvent
} from '#lib/engine/session/events.js';
import { foldHash, linkHash, sessionGenesis } from './chain';

/** Signs a seal: what `sealer(installationKey)` on the server is. */
export type SealSigner = (unsigned: Omit<RecordSeal, 'signature' | 'keyFingerprint'>) => RecordSeal;

/** Who anonymises when no person does: the retention policy. */
export const RETENTION_ACTOR: SealedBy = { id: 'retention', name: 'Retention policy' };

/** The free-text fields of each event type that may name a trainee. */
const TEXT_FIELDS: Partial<Record<SessionEvent['type'], string[]>> = {
	'response.submitted': ['rationale'],
	'observation.added': ['text'],
	'chat.posted': ['text'],
	'rfi.asked': ['text'],
	'rfi.answered': ['text'],
	'improvised.created': ['title', 'body', 'question'],
	'improvised.answered': ['text'],
	'record.updated': ['summary'],
	'record.entry': ['text'],
	'record.custody': ['text'],
	'feedback.submitted': ['strengths', 'improvements', 'comments'],
	'hotwash.noted': ['text'],
	'decision.overridden': ['reason'],
	'inject.dropped': ['reason'],
	'debrief.signedOff': ['comment']
};

/** A trainee's name and the pseudonym that replaces it. */
export interface Pseudonym {
	participantId: string;
	name: string;
	pseudonym: string;
}

/** The pseudonym of every trainee of `events`, in the order they joined: "Trainee 1", ... */
export function pseudonymsOf(events: readonly SessionEvent[]): Pseudonym[] {
	const out: Pseudonym[] = [];
	for (const e of events) {
		if (e.type !== 'participant.joined') continue;
		if (out.some((p) => p.participantId === e.participantId)) continue;
		out.push({
			participantId: e.participantId,
			name: e.name,
			pseudonym: `Trainee ${out.length + 1}`
		});
	}
	return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function replacing, in one pass, each whole-word mention (any case) of a trainee's full name
 * with their pseudonym, and of a part of a name (three letters or more) with the pseudonym of the
 * one trainee it belongs to, or "[trainee]" when it belongs to several.
 */
export function nameScrubber(pseudonyms: readonly Pseudonym[]): (text: string) => string {
	const byToken = new Map<string, string>();
	const parts = new Map<string, Set<string>>();
	for (const p of pseudonyms) {
		const full = p.name.trim().toLowerCase();
		if (full) byToken.set(full, p.pseudonym);
		for (const part of full.split(/[^\p{L}\p{N}'-]+/u)) {
			if ([...part].length < 3 || part === full) continue;
			(parts.get(part) ?? parts.set(part, new Set()).get(part)!).add(p.pseudonym);
		}
	}
	for (const [part, owners] of parts) {
		if (!byToken.has(part)) byToken.set(part, owners.size === 1 ? [...owners][0] : '[trainee]');
	}
	if (byToken.size === 0) return (text) => text;
	const tokens = [...byToken.keys()].sort((a, b) => b.length - a.length).map(escape);
	const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${tokens.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
	return (text) => text.replace(pattern, (m) => byToken.get(m.toLowerCase()) ?? m);
}

/**
 * `events` with every trainee's name replaced by their pseudonym, and the fields where something
 * was replaced ("type.field"). `prev` links are kept as they were (re-chain afterwards).
 */
export function pseudonymiseEvents(
	events: readonly SessionEvent[],
	pseudonyms: readonly Pseudonym[] = pseudonymsOf(events)
): { events: SessionEvent[]; fields: string[] } {
	const scrub = nameScrubber(pseudonyms);
	const byId = new Map(pseudonyms.map((p) => [p.participantId, p.pseudonym]));
	const fields = new Set<string>();
	const out = events.map((event) => {
		const copy = structuredClone(event) as SessionEvent & Record<string, unknown>;
		if (copy.type === 'participant.joined') {
			const pseudonym = byId.get(copy.participantId);
			if (pseudonym !== undefined && copy.name !== pseudonym) {
				copy.name = pseudonym;
				fields.add('participant.joined.name');
			}
		}
		if (copy.type === 'response.submitted' && copy.value.kind === 'text') {
			const text = scrub(copy.value.text);
			if (text !== copy.value.text) {
				copy.value = { kind: 'text', text };
				fields.add('response.submitted.value.text');
			}
		}
		for (const field of TEXT_FIELDS[copy.type] ?? []) {
			const value = copy[field];
			if (typeof value !== 'string') continue;
			const text = scrub(value);
			if (text === value) continue;
			copy[field] = text;
			fields.add(`${copy.type}.${field}`);
		}
		return copy;
	});
	return { events: out, fields: [...fields].sort() };
}

/** What anonymising a log needs besides the log. */
export interface RedactionInput {
	sessionId: string;
	scenarioHash: string;
	events: readonly SessionEvent[];
	reason: RedactionNote['reason'];
	by: SealedBy;
	now: number;
	sign: SealSigner;
}

/**
 * The anonymised log: names replaced, every event re-chained from the genesis, each earlier seal
 * signed again over the new chain (its time and who ended kept), then a `record.redacted` event
 * and a seal over the whole. Throws when the log was anonymised before.
 */
export function redactLog(input: RedactionInput): SessionEvent[] {
	const { sessionId, scenarioHash, events, now, sign } = input;
	if (events.some((e) => e.type === 'record.redacted'))
		throw new Error(`session ${sessionId} was anonymised already`);
	const start = sessionGenesis(sessionId, scenarioHash);
	const seals = events.flatMap((e) => (e.type === 'record.sealed' ? [e.seal] : []));
	const { events: renamed, fields } = pseudonymiseEvents(events);
	const out: SessionEvent[] = [];
	let hash = start;
	const push = (event: SessionEvent) => {
		const linked = { ...event, prev: hash } as SessionEvent;
		hash = linkHash(hash, linked);
		out.push(linked);
	};
	for (const event of renamed) {
		if (event.type === 'record.sealed') {
			const { signature: _s, keyFingerprint: _k, ...was } = event.seal;
			const upTo = out[was.upToSeq - 1] ? hashAfter(start, out, was.upToSeq) : hash;
			push({ ...event, seal: sign({ ...was, finalHash: upTo }) });
		} else {
			push(event);
		}
	}
	const note: RedactionNote = {
		reason: input.reason,
		by: input.by,
		participants: pseudonymsOf(events).length,
		fields,
		previous: { events: events.length, finalHash: foldHash(start, events), seals }
	};
	push({ type: 'record.redacted', ...note, seq: out.length + 1, at: now });
	const last = seals.at(-1);
	push({
		type: 'record.sealed',
		seal: sign({
			sessionId,
			upToSeq: out.length,
			finalHash: hash,
			scenarioHash,
			sealedAt: now,
			endedBy: last?.endedBy ?? null
		}),
		seq: out.length + 1,
		at: now
	});
	return out;
}

/** The chain hash after the first `count` events of `linked`. */
function hashAfter(start: string, linked: readonly SessionEvent[], count: number): string {
	return foldHash(start, linked.slice(0, count));
}
