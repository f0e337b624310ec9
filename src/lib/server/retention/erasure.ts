/**
 * Retention and erasure (issue 17): anonymising an ended session (its trainees' names replaced
 * by pseudonyms in its log, summary, debrief edits and improvement items; the log re-chained and
 * re-sealed, see #lib/evidence/redact.ts) and deleting one from every store. Both are refused
 * (409) for a session that has not ended. Each writes an audit entry of its own naming the
 * session's title, besides the entry of the request that asked for it.
 */
import type { SealedBy } from '#lib/engine/session/events.js';
import { nameScrubber, pseudonymsOf, redactLog, type SealSigner } from '#lib/evidence/redact.js';
import { storage } from '../app-storage';
import { afterEndSettled, improvements, summaries } from '../app';
import { installationKey, sealer } from '../evidence/installation';
import { log } from '../log';
import { forgetDeliveries } from '../outbound/app-webhook';
import { hub } from '../sessions/hub';
import { WriteConflictError } from '../storage/errors';
import { summariseSession } from '../summaries';
import type { AuditDraft } from '../storage/audit';

export type ErasureResult =
	| { ok: true; sessionId: string; title: string }
	| { ok: false; status: 404 | 409; message: string };

/** Who asks: an admin (named in the record and the audit log) or the retention policy. */
export interface Eraser {
	by: SealedBy;
	/** The account, for the audit entry; null for the retention policy. */
	actor: AuditDraft['actor'];
}

const sign: SealSigner = (unsigned) => sealer(installationKey)(unsigned);

/** The session's durable copy, or a refusal when it is missing or has not ended. */
async function endedSession(id: string) {
	const session = await hub.get(id);
	if (!session) return { ok: false as const, status: 404 as const, message: 'No such session.' };
	await session.settled();
	// The summary and items of a session that just ended are written first, then erased.
	await afterEndSettled(id);
	const stored = await storage.sessions.load(id);
	if (!stored) return { ok: false as const, status: 404 as const, message: 'No such session.' };
	if (stored.meta.status !== 'ended')
		return {
			ok: false as const,
			status: 409 as const,
			message: 'This session has not ended: end it first.'
		};
	return { ok: true as const, stored };
}

async function audit(
	who: Eraser,
	action: string,
	id: string,
	detail: AuditDraft['detail']
): Promise<void> {
	try {
		await storage.audit.append({
			at: Date.now(),
			actor: who.actor,
			address: null,
			action,
			target: { id },
			detail,
			status: 200,
			outcome: 'ok',
			requestId: null
		});
	} catch (err) {
		log.error({ err, session: id, action }, 'audit entry not saved');
	}
}

/**
 * Anonymises an ended session: pseudonyms in its log (re-chained, re-sealed, with a
 * `record.redacted` event), its trainee tokens dropped, then its summary, debrief edits and
 * improvement items rewritten with the pseudonyms. 409 when it was anonymised before.
 */
export async function anonymiseSession(
	id: string,
	who: Eraser,
	reason: 'manual' | 'retention',
	now = Date.now()
): Promise<ErasureResult> {
	const found = await endedSession(id);
	if (!found.ok) return found;
	const { stored } = found;
	if (
		stored.meta.anonymisedAt !== undefined ||
		stored.events.some((e) => e.type === 'record.redacted')
	)
		return { ok: false, status: 409, message: 'This session was anonymised already.' };
	const events = redactLog({
		sessionId: id,
		scenarioHash: stored.meta.scenarioHash,
		events: stored.events,
		reason,
		by: who.by,
		now,
		sign
	});
	const meta = { ...stored.meta, anonymisedAt: now };
	try {
		// Trainee tokens go: a trainee's results page would show only pseudonyms now.
		await storage.sessions.replace(
			{ meta, scenario: stored.scenario, tokens: {}, events },
			stored.events.length
		);
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return { ok: false, status: 409, message: 'The session changed meanwhile: try again.' };
	}
	hub.forget(id);
	const scrub = nameScrubber(pseudonymsOf(stored.events));
	const session = await hub.get(id);
	if (session) await summariseSession(summaries, session);
	const edits = await storage.debriefEdits.get(id);
	if (edits) {
		const clean = (list: string[] | null) => list?.map(scrub) ?? null;
		await storage.debriefEdits.put({
			...edits,
			strengths: clean(edits.strengths),
			improvements: clean(edits.improvements)
		});
	}
	await (await improvements()).scrubSession(id, scrub, who.by);
	await audit(who, 'ANONYMISE session', id, { title: stored.meta.title, reason });
	log.info({ session: id, reason }, 'session anonymised');
	return { ok: true, sessionId: id, title: stored.meta.title };
}

/**
 * Deletes an ended session from every store: its log, summary, debrief edits, improvement items
 * and the webhook deliveries about them. The audit log keeps that it was deleted, by whom, and
 * its id and title.
 */
export async function deleteSession(id: string, who: Eraser): Promise<ErasureResult> {
	const found = await endedSession(id);
	if (!found.ok) return found;
	const { title } = found.stored.meta;
	try {
		if (!(await storage.sessions.remove(id)))
			return { ok: false, status: 404, message: 'No such session.' };
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return { ok: false, status: 409, message: 'This session has not ended: end it first.' };
	}
	hub.forget(id);
	await summaries.remove(id);
	await storage.debriefEdits.remove(id);
	const items = await (await improvements()).removeSession(id);
	await forgetDeliveries(new Set(items));
	await audit(who, 'DELETE session', id, { title, items: items.length });
	log.info({ session: id }, 'session deleted');
	return { ok: true, sessionId: id, title };
}
