/**
 * The exported record of a session (issue 16) and its offline check. The record holds the frozen
 * scenario and its hash, every event with its `prev`, the seal among the events, the public key
 * and a signature over the export's final hash: everything in the file is covered by a hash that
 * is signed. `verifyRecord` needs nothing but the file (and, to pin it, the expected key).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '#lib/engine/scenario/canonical.js';
import type {
	RecordSeal,
	RedactionNote,
	SealedBy,
	SessionEvent
} from '#lib/engine/session/events.js';
import { checkChain, linkHash, sessionGenesis, type ChainBreak } from './chain';
import { exportText, fingerprintOf, sealText, signatureValid } from './signing';

export const RECORD_FORMAT = 'sandtable.record';
export const RECORD_VERSION = 1;

/** A session's exported record, as downloaded and as `npm run verify` reads it. */
export interface SignedRecord {
	format: typeof RECORD_FORMAT;
	version: typeof RECORD_VERSION;
	sessionId: string;
	title: string;
	scenarioHash: string;
	/** The scenario exactly as the session froze it (its canonical JSON hashes to scenarioHash). */
	scenario: unknown;
	events: SessionEvent[];
	/** The chain hash after the last event. */
	finalHash: string;
	exportedAt: number;
	exportedBy: SealedBy;
	/** The installation's public key (SPKI PEM) and its fingerprint. */
	publicKey: string;
	keyFingerprint: string;
	/**
	 * Public keys (SPKI PEM) by fingerprint of retired keys that made seals in this record (after
	 * a key rotation). Each must hash to its fingerprint, which the signed seal names.
	 */
	sealKeys?: Record<string, string>;
	/** Ed25519 (base64) over `exportText(signedPart(record))`. */
	signature: string;
}

/** The fields of a record its signature covers: the final hash stands for every event. */
export function signedPart(record: Omit<SignedRecord, 'signature'>) {
	return {
		format: record.format,
		version: record.version,
		sessionId: record.sessionId,
		title: record.title,
		scenarioHash: record.scenarioHash,
		eventCount: record.events.length,
		finalHash: record.finalHash,
		exportedAt: record.exportedAt,
		exportedBy: record.exportedBy,
		keyFingerprint: record.keyFingerprint
	};
}

/** The record as a file: indented JSON, one field per line, so a reader can see what changed. */
export function serializeRecord(record: SignedRecord): string {
	return `${JSON.stringify(record, null, '\t')}\n`;
}

/** What checking a record found. `ok` only when every check passed; `problems` say which not. */
export interface Verdict {
	ok: boolean;
	/** One line: "verified: ..." or "NOT verified: <first problem>". */
	summary: string;
	problems: string[];
	/** Things that pass but an auditor should know (an older log not chained from the start). */
	notes: string[];
	events: number;
	keyFingerprint: string | null;
	seal: RecordSeal | null;
	/** The redaction note when the record was anonymised (issue 17), else null. */
	redacted: (RedactionNote & { at: number }) | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const when = (ms: number) => new Date(ms).toISOString();

/** Names an event for people: "event 12 (response.submitted)". */
function named(event: SessionEvent | undefined, index: number): string {
	const type = event && typeof event.type === 'string' ? event.type : 'unknown type';
	const seq = event && typeof event.seq === 'number' ? event.seq : index + 1;
	return `event ${seq} (${type})`;
}

function describeBreak(b: ChainBreak, events: SessionEvent[]): string {
	const name = named(events[b.index], b.index);
	switch (b.problem) {
		case 'altered':
			return `${name} was altered: its hash no longer matches the link stored after it`;
		case 'link-altered':
			return `${name} has an altered link (prev): it does not match the event before it`;
		case 'missing-link':
			return `${name} has no link (prev) although the events before it are chained`;
	}
}

/** The public key (PEM) with `wanted` as its fingerprint: the record's, or a retired one it carries. */
function keyFor(record: SignedRecord, wanted: string, recordKey: string): string | null {
	if (wanted === recordKey) return record.publicKey;
	const pem = isObject(record.sealKeys) ? record.sealKeys[wanted] : undefined;
	if (typeof pem !== 'string') return null;
	try {
		return fingerprintOf(pem) === wanted ? pem : null;
	} catch {
		return null;
	}
}

/**
 * Checks a parsed record file: its shape, the scenario hash, every link of the event chain, each
 * seal and the export's signature; with `expectedKey` (PEM), that the record's key is that one.
 */
export function verifyRecord(input: unknown, options: { expectedKey?: string } = {}): Verdict {
	const problems: string[] = [];
	const notes: string[] = [];
	const fail = (problem: string, events = 0, fingerprint: string | null = null): Verdict => ({
		ok: false,
		summary: `NOT verified: ${problem}`,
		problems: [problem],
		notes,
		events,
		keyFingerprint: fingerprint,
		seal: null,
		redacted: null
	});
	if (!isObject(input) || input.format !== RECORD_FORMAT)
		return fail(`not a Sandtable record (format "${RECORD_FORMAT}" expected)`);
	if (input.version !== RECORD_VERSION)
		return fail(`record version ${String(input.version)} is not one this verifier knows`);
	for (const field of [
		'sessionId',
		'title',
		'scenarioHash',
		'finalHash',
		'publicKey',
		'keyFingerprint',
		'signature'
	]) {
		if (typeof input[field] !== 'string') return fail(`the record has no "${field}"`);
	}
	if (typeof input.exportedAt !== 'number' || !isObject(input.exportedBy))
		return fail('the record does not say when and by whom it was exported');
	if (!Array.isArray(input.events) || input.events.length === 0)
		return fail('the record has no events');
	const record = input as unknown as SignedRecord;
	const events = record.events;
	for (let i = 0; i < events.length; i++) {
		if (!isObject(events[i]) || typeof events[i].type !== 'string')
			return fail(`event at position ${i + 1} is not an event object`, events.length);
	}

	let fingerprint: string;
	try {
		fingerprint = fingerprintOf(record.publicKey);
	} catch {
		return fail('the public key in the record cannot be read', events.length);
	}
	if (fingerprint !== record.keyFingerprint)
		problems.push(`the key fingerprint ${record.keyFingerprint} is not that of the record's key`);
	if (options.expectedKey !== undefined) {
		let expected: string | null = null;
		try {
			expected = fingerprintOf(options.expectedKey);
		} catch {
			problems.push('the expected key given cannot be read as a public key');
		}
		if (expected && expected !== fingerprint)
			problems.push(`signed by key ${fingerprint}, not by the expected key ${expected}`);
	}

	if (sha256(canonicalJson(record.scenario)) !== record.scenarioHash)
		problems.push('the scenario snapshot was altered: its hash is not the recorded scenarioHash');

	// Positions first: a removed, added or moved event shows as a seq out of place.
	for (let i = 0; i < events.length; i++) {
		if (events[i].seq !== i + 1) {
			problems.push(
				`position ${i + 1} holds ${named(events[i], i)}: event ${i + 1} was removed, or events were added or reordered`
			);
			break;
		}
	}
	const first = events[0];
	if (first.type !== 'session.created') {
		problems.push(`${named(first, 0)} is not the session.created event a log starts with`);
	} else if (first.sessionId !== record.sessionId || first.scenarioHash !== record.scenarioHash) {
		problems.push(`${named(first, 0)} was altered: it names another session or scenario`);
	}

	const chain = checkChain(
		sessionGenesis(record.sessionId, record.scenarioHash),
		events,
		record.finalHash
	);
	for (const b of chain.breaks) problems.push(describeBreak(b, events));
	if (chain.breaks.length === 0 && chain.last !== record.finalHash)
		problems.push('the final hash does not match the events');
	if (chain.chainedFrom > 0 && chain.chainedFrom < events.length)
		notes.push(
			`not chained before event ${events[chain.chainedFrom].seq}: this log was recorded before hash chaining; the export signature covers it as it was at export`
		);
	else if (chain.chainedFrom >= events.length)
		notes.push('not chained: this log was recorded before hash chaining');

	// The hash after each event, for the seals.
	const after: string[] = [];
	let hash = sessionGenesis(record.sessionId, record.scenarioHash);
	for (const event of events) after.push((hash = linkHash(hash, event)));
	let seal: RecordSeal | null = null;
	for (let i = 0; i < events.length; i++) {
		const event = events[i];
		if (event.type !== 'record.sealed') continue;
		const s = event.seal;
		const name = named(event, i);
		if (!isObject(s) || typeof s.signature !== 'string') {
			problems.push(`${name}: the seal is malformed`);
			continue;
		}
		seal = s;
		if (s.sessionId !== record.sessionId || s.scenarioHash !== record.scenarioHash)
			problems.push(`${name}: the seal names another session or scenario`);
		if (!(s.upToSeq >= 1 && s.upToSeq < event.seq) || s.finalHash !== after[s.upToSeq - 1])
			problems.push(
				`${name}: the seal's final hash does not match the log up to event ${s.upToSeq}`
			);
		const sealKey = keyFor(record, s.keyFingerprint, fingerprint);
		if (!sealKey) {
			problems.push(`${name}: sealed by key ${s.keyFingerprint}, not the record's key`);
		} else if (!signatureValid(sealKey, sealText(s), s.signature)) {
			problems.push(`${name}: the seal's signature does not match its content`);
		} else if (sealKey !== record.publicKey) {
			notes.push(`${name} was sealed with the retired key ${s.keyFingerprint}`);
		}
	}
	let redacted: Verdict['redacted'] = null;
	for (let i = 0; i < events.length; i++) {
		const event = events[i];
		if (event.type !== 'record.redacted') continue;
		const name = named(event, i);
		if (!isObject(event.by) || !isObject(event.previous) || !Array.isArray(event.previous.seals)) {
			problems.push(`${name}: the redaction note is malformed`);
			continue;
		}
		redacted = event;
		const by = event.by.name || event.by.id;
		notes.push(
			`anonymised at ${when(event.at)} by ${by} (${event.reason === 'retention' ? 'retention period' : 'by hand'}): ` +
				`${event.participants} trainee name(s) replaced by pseudonyms in ${event.fields.join(', ') || 'no field'}; ` +
				`before, the log had ${event.previous.events} events ending at chain hash ${event.previous.finalHash}`
		);
		for (const s of event.previous.seals) {
			const key = isObject(s) ? keyFor(record, s.keyFingerprint, fingerprint) : null;
			if (!key) {
				notes.push(
					`${name}: an earlier seal's key ${String(s?.keyFingerprint)} is not in the record`
				);
			} else if (!signatureValid(key, sealText(s), s.signature)) {
				problems.push(`${name}: an earlier seal it keeps does not match its signature`);
			} else {
				notes.push(
					`${name}: the earlier seal is genuine: the original log up to event ${s.upToSeq} hashed to ${s.finalHash}`
				);
			}
		}
	}
	if (!seal) {
		const end = events.findIndex((e) => e.type === 'session.ended');
		notes.push(
			end === -1
				? 'not sealed: the session had not ended when it was exported'
				: `not sealed: the session ended at ${named(events[end], end)} without a seal (before sealing existed, or signing failed then)`
		);
	}

	if (!signatureValid(record.publicKey, exportText(signedPart(record)), record.signature))
		problems.push("the export's signature does not match its content");

	const ok = problems.length === 0;
	const by = seal?.endedBy ? `${seal.endedBy.name || seal.endedBy.id}` : 'nobody named';
	const anonymised = redacted ? `, anonymised (${redacted.reason}) at ${when(redacted.at)}` : '';
	const summary = ok
		? `verified: ${events.length} events, ${seal ? `sealed by ${by} at ${when(seal.sealedAt)}` : 'not sealed'}${anonymised}, key fingerprint ${fingerprint}`
		: `NOT verified: ${problems[0]}`;
	return {
		ok,
		summary,
		problems,
		notes,
		events: events.length,
		keyFingerprint: fingerprint,
		seal,
		redacted
	};
}
