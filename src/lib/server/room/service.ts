/**
 * What routes call for the room (issue 13): chat, requests for information, improvised injects,
 * incident records, participant feedback and hot-wash notes. Shared by form actions and the
 * JSON API. Ids are made here; a trainee's writes are limited in rate per person, so one
 * excited (or scripted) trainee cannot flood a room of two hundred.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as room from '#lib/engine/session/room.js';
import type { Participant } from '#lib/engine/session/state.js';
import type { User } from '../auth/types';
import { RateLimiter } from '../rate-limit';
import type { ExecuteResult, LiveSession } from '../sessions/live';

/** `id`: what a trainee's post is known by (also when a retry found it already recorded). */
export type RoomResult =
	| (Extract<ExecuteResult, { ok: true }> & { id?: string; replayed?: boolean })
	| Extract<ExecuteResult, { ok: false }>
	| { ok: false; status: 429; message: string; retryAfterSeconds: number };

/**
 * Per trainee and minute: 20 chat messages (a lively channel is a few a minute), 10 RFIs, 30
 * record, feedback or improvised-answer changes. The refusal says how long to wait.
 */
const limits = {
	chat: new RateLimiter({ limit: 20, windowMs: 60_000, maxKeys: 50_000 }),
	rfi: new RateLimiter({ limit: 10, windowMs: 60_000, maxKeys: 50_000 }),
	record: new RateLimiter({ limit: 30, windowMs: 60_000, maxKeys: 50_000 })
};

function limited(
	kind: keyof typeof limits,
	session: LiveSession,
	who: Participant
): RoomResult | null {
	const r = limits[kind].check(`${session.id}|${who.id}`);
	if (r.ok) return null;
	const what = kind === 'chat' ? 'messages' : kind === 'rfi' ? 'questions' : 'changes';
	return {
		ok: false,
		status: 429,
		message: `too many ${what} in a minute; wait ${r.retryAfterSeconds} s and send it again`,
		retryAfterSeconds: r.retryAfterSeconds
	};
}

const newId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;

/** The id of a trainee's post: the same client key from the same person gives the same id. */
function keyedId(prefix: string, author: string, key: string | undefined): string {
	if (!key) return newId(prefix);
	return `${prefix}${createHash('sha256').update(`${author}\n${key}`).digest('hex').slice(0, 20)}`;
}

/** A message from a trainee (`who`) or from exercise control (`user`). */
export async function chat(
	session: LiveSession,
	author: { participant: Participant } | { user: User },
	input: { channel: string; text: string; key?: string }
): Promise<RoomResult> {
	const authorId = 'participant' in author ? author.participant.id : author.user.id;
	const messageId = keyedId('m', authorId, input.key);
	// A retried post (double submit, a flaky network) is acknowledged, not recorded twice.
	if (session.state.room.messages.some((m) => m.id === messageId))
		return { ok: true, events: [], id: messageId, replayed: true };
	if ('participant' in author) {
		const over = limited('chat', session, author.participant);
		if (over) return over;
	}
	const result = await session.execute((state, now) =>
		room.postChat(
			session.scenario,
			state,
			{
				messageId,
				channel: input.channel,
				...('participant' in author
					? { participantId: author.participant.id }
					: { by: author.user.id }),
				text: input.text
			},
			now
		)
	);
	return result.ok ? { ...result, id: messageId } : result;
}

export async function askRfi(
	session: LiveSession,
	participant: Participant,
	input: { text: string; key?: string }
): Promise<RoomResult> {
	const rfiId = keyedId('q', participant.id, input.key);
	if (session.state.room.rfis.some((r) => r.id === rfiId))
		return { ok: true, events: [], id: rfiId, replayed: true };
	const over = limited('rfi', session, participant);
	if (over) return over;
	const result = await session.execute((state, now) =>
		room.askRfi(state, { rfiId, participantId: participant.id, text: input.text }, now)
	);
	return result.ok ? { ...result, id: rfiId } : result;
}

export function answerRfi(
	session: LiveSession,
	user: User,
	input: { rfiId: string; text?: string; injectId?: string }
): Promise<RoomResult> {
	return session.execute((state, now) =>
		room.answerRfi(session.scenario, state, { ...input, by: user.id }, now)
	);
}

export function improvise(
	session: LiveSession,
	user: User,
	input: Omit<room.ImprovisedInput, 'improvisedId' | 'by'>
): Promise<RoomResult> {
	const improvisedId = newId('u');
	return session.execute((state, now) =>
		room.improvise(session.scenario, state, { ...input, improvisedId, by: user.id }, now)
	);
}

export async function answerImprovised(
	session: LiveSession,
	participant: Participant,
	input: { improvisedId: string; text: string }
): Promise<RoomResult> {
	const over = limited('record', session, participant);
	if (over) return over;
	return session.execute((state, now) =>
		room.answerImprovised(state, { ...input, participantId: participant.id }, now)
	);
}

export async function updateRecord(
	session: LiveSession,
	participant: Participant,
	input: { status?: string; severity?: string; summary?: string }
): Promise<RoomResult> {
	const over = limited('record', session, participant);
	if (over) return over;
	return session.execute((state, now) =>
		room.updateRecord(state, { ...input, participantId: participant.id }, now)
	);
}

export async function addRecordEntry(
	session: LiveSession,
	participant: Participant,
	input: { kind: string; text: string; hash?: string; key?: string }
): Promise<RoomResult> {
	const entryId = keyedId('e', participant.id, input.key);
	const record = session.state.room.records[participant.teamId];
	if (record?.entries.some((e) => e.id === entryId))
		return { ok: true, events: [], id: entryId, replayed: true };
	const over = limited('record', session, participant);
	if (over) return over;
	return session.execute((state, now) =>
		room.addRecordEntry(state, { ...input, entryId, participantId: participant.id }, now)
	);
}

export async function addCustody(
	session: LiveSession,
	participant: Participant,
	input: { entryId: string; text: string }
): Promise<RoomResult> {
	const over = limited('record', session, participant);
	if (over) return over;
	return session.execute((state, now) =>
		room.addCustody(state, { ...input, participantId: participant.id }, now)
	);
}

export async function submitFeedback(
	session: LiveSession,
	participant: Participant,
	input: {
		strengths?: string;
		improvements?: string;
		ratings: Record<string, number>;
		comments?: string;
	}
): Promise<RoomResult> {
	const over = limited('record', session, participant);
	if (over) return over;
	return session.execute((state) =>
		room.submitFeedback(session.scenario, state, { ...input, participantId: participant.id })
	);
}

export function noteHotwash(
	session: LiveSession,
	user: User,
	input: { kind: string; objectiveId?: string; text: string }
): Promise<RoomResult> {
	const noteId = newId('h');
	return session.execute((state) =>
		room.noteHotwash(session.scenario, state, { ...input, noteId, by: user.id })
	);
}
