/**
 * The room (issue 13): what people say and keep during play, beside the script. Team and room
 * chat, requests for information (RFIs) to the exercise control cell, injects the facilitator
 * improvises, each team's incident record (status, severity, timeline, evidence with custody),
 * participant feedback and the facilitator's hot-wash notes.
 *
 * All of it is events in the session's log, folded here into `RoomState`, so it survives a
 * restart, replays, and reaches the debrief. Nothing here is scored by the engine: the
 * facilitator rates the incident record with an observation (`about: 'record'`).
 *
 * Privacy before the reveal: a trainee sees the room channel, their own team's channel, their
 * team's RFIs and record, and improvised injects addressed to them; never another team's.
 */
import type { SessionEventBody } from './events';
import type { Scenario } from '../scenario/model';
import { scenarioTime } from './clock';
import type { Participant, SessionState } from './state';

export const ROOM_CHANNEL = 'room';
export const MAX_CHAT = 2000;
export const MAX_RFI = 1000;
export const MAX_RECORD_TEXT = 2000;
export const MAX_FEEDBACK_TEXT = 4000;
export const MAX_IMPROVISED_BODY = 8000;
export const MAX_TITLE = 200;
/** Chat lines the console's live view carries per channel; the debrief has them all. */
export const CONSOLE_CHAT_TAIL = 200;

export const RECORD_STATUSES = [
	'new',
	'investigating',
	'contained',
	'eradicated',
	'recovered',
	'closed'
] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const HOTWASH_KINDS = ['strength', 'improvement', 'note'] as const;
export type HotwashKind = (typeof HOTWASH_KINDS)[number];
export const IMPROVISED_CHANNELS = [
	'email',
	'chat',
	'call',
	'alert',
	'news',
	'ticket',
	'other'
] as const;
export type ImprovisedChannel = (typeof IMPROVISED_CHANNELS)[number];

/** Who an improvised inject goes to: a team (or every team), optionally one role only. */
export interface Audience {
	teamId?: string;
	role?: string;
}

export interface ChatMessage {
	id: string;
	/** `room`, or a team id. */
	channel: string;
	participantId?: string;
	/** Staff user id, for messages from exercise control. */
	by?: string;
	text: string;
	/** Role ids mentioned as `@role-id`. */
	mentions: string[];
	scenarioMs: number;
	at: number;
	seq: number;
}

export interface Rfi {
	id: string;
	teamId: string;
	participantId: string;
	text: string;
	scenarioMs: number;
	at: number;
	answer: {
		by: string;
		text?: string;
		/** An inject released to the team as the answer. */
		injectId?: string;
		scenarioMs: number;
		at: number;
		/** When the first answer was given: a correction keeps the response time. */
		firstAt: number;
	} | null;
}

export interface Improvised {
	id: string;
	audience: Audience;
	channel: ImprovisedChannel;
	from: string;
	title: string;
	body: string;
	question?: string;
	dueMs: number;
	by: string;
	createdAt: number;
	released: { scenarioMs: number; at: number } | null;
	/** Answers to the question, by participant id (latest counts). */
	answers: Record<string, { text: string; scenarioMs: number; at: number }>;
}

export interface RecordEntry {
	id: string;
	kind: 'timeline' | 'evidence';
	participantId: string;
	text: string;
	/** Evidence: the hash the team recorded (e.g. SHA-256 of an image). */
	hash?: string;
	/** Evidence: chain-of-custody notes, oldest first. */
	custody: { participantId: string; text: string; scenarioMs: number; at: number }[];
	scenarioMs: number;
	at: number;
}

export interface IncidentRecord {
	status: RecordStatus;
	severity: Severity | null;
	summary: string;
	entries: RecordEntry[];
	/** Changes of status and severity, for the debrief. */
	changes: {
		participantId: string;
		status?: RecordStatus;
		severity?: Severity;
		scenarioMs: number;
		at: number;
	}[];
}

export interface Feedback {
	participantId: string;
	strengths: string;
	improvements: string;
	/** Objective id -> 1 (strongly disagree it was met) .. 5 (strongly agree). */
	ratings: Record<string, number>;
	comments: string;
	at: number;
}

export interface HotwashNote {
	id: string;
	by: string;
	kind: HotwashKind;
	objectiveId?: string;
	text: string;
	at: number;
}

export interface RoomState {
	messages: ChatMessage[];
	rfis: Rfi[];
	improvised: Improvised[];
	records: Record<string, IncidentRecord>;
	feedback: Record<string, Feedback>;
	hotwash: HotwashNote[];
}

export function emptyRoom(): RoomState {
	return { messages: [], rfis: [], improvised: [], records: {}, feedback: {}, hotwash: [] };
}

export function emptyRecord(): IncidentRecord {
	return { status: 'new', severity: null, summary: '', entries: [], changes: [] };
}

/** The room of a state (states folded by builds before issue 13 have none). */
export function roomOf(state: SessionState): RoomState {
	return (state.room ??= emptyRoom());
}

export type RoomEvent = Extract<
	SessionEventBody,
	{
		type:
			| 'chat.posted'
			| 'rfi.asked'
			| 'rfi.answered'
			| 'improvised.created'
			| 'improvised.released'
			| 'improvised.answered'
			| 'record.updated'
			| 'record.entry'
			| 'record.custody'
			| 'feedback.submitted'
			| 'hotwash.noted';
	}
>;

const ROOM_TYPES = new Set<string>([
	'chat.posted',
	'rfi.asked',
	'rfi.answered',
	'improvised.created',
	'improvised.released',
	'improvised.answered',
	'record.updated',
	'record.entry',
	'record.custody',
	'feedback.submitted',
	'hotwash.noted'
]);

export function isRoomEvent(e: { type: string }): e is RoomEvent {
	return ROOM_TYPES.has(e.type);
}

/** Folds one room event into the state (called by `applyEvent`). */
export function applyRoomEvent(
	state: SessionState,
	e: RoomEvent & { seq: number; at: number }
): void {
	const room = roomOf(state);
	switch (e.type) {
		case 'chat.posted':
			room.messages.push({
				id: e.messageId,
				channel: e.channel,
				...(e.participantId !== undefined && { participantId: e.participantId }),
				...(e.by !== undefined && { by: e.by }),
				text: e.text,
				mentions: e.mentions ?? [],
				scenarioMs: e.scenarioMs,
				at: e.at,
				seq: e.seq
			});
			break;
		case 'rfi.asked':
			room.rfis.push({
				id: e.rfiId,
				teamId: e.teamId,
				participantId: e.participantId,
				text: e.text,
				scenarioMs: e.scenarioMs,
				at: e.at,
				answer: null
			});
			break;
		case 'rfi.answered': {
			const rfi = room.rfis.find((r) => r.id === e.rfiId);
			if (rfi)
				rfi.answer = {
					by: e.by,
					...(e.text !== undefined && { text: e.text }),
					...(e.injectId !== undefined && { injectId: e.injectId }),
					scenarioMs: e.scenarioMs,
					at: e.at,
					firstAt: rfi.answer?.firstAt ?? e.at
				};
			break;
		}
		case 'improvised.created':
			room.improvised.push({
				id: e.improvisedId,
				audience: e.audience,
				channel: e.channel,
				from: e.from,
				title: e.title,
				body: e.body,
				...(e.question !== undefined && { question: e.question }),
				dueMs: e.dueMs,
				by: e.by,
				createdAt: e.at,
				released: null,
				answers: {}
			});
			break;
		case 'improvised.released': {
			const item = room.improvised.find((i) => i.id === e.improvisedId);
			if (item) item.released = { scenarioMs: e.scenarioMs, at: e.at };
			break;
		}
		case 'improvised.answered': {
			const item = room.improvised.find((i) => i.id === e.improvisedId);
			if (item)
				item.answers[e.participantId] = { text: e.text, scenarioMs: e.scenarioMs, at: e.at };
			break;
		}
		case 'record.updated': {
			const record = (room.records[e.teamId] ??= emptyRecord());
			if (e.status !== undefined) record.status = e.status;
			if (e.severity !== undefined) record.severity = e.severity;
			if (e.summary !== undefined) record.summary = e.summary;
			if (e.status !== undefined || e.severity !== undefined) {
				record.changes.push({
					participantId: e.participantId,
					...(e.status !== undefined && { status: e.status }),
					...(e.severity !== undefined && { severity: e.severity }),
					scenarioMs: e.scenarioMs,
					at: e.at
				});
			}
			break;
		}
		case 'record.entry': {
			const record = (room.records[e.teamId] ??= emptyRecord());
			record.entries.push({
				id: e.entryId,
				kind: e.kind,
				participantId: e.participantId,
				text: e.text,
				...(e.hash !== undefined && { hash: e.hash }),
				custody: [],
				scenarioMs: e.scenarioMs,
				at: e.at
			});
			break;
		}
		case 'record.custody': {
			const entry = room.records[e.teamId]?.entries.find((x) => x.id === e.entryId);
			if (entry)
				entry.custody.push({
					participantId: e.participantId,
					text: e.text,
					scenarioMs: e.scenarioMs,
					at: e.at
				});
			break;
		}
		case 'feedback.submitted':
			room.feedback[e.participantId] = {
				participantId: e.participantId,
				strengths: e.strengths,
				improvements: e.improvements,
				ratings: e.ratings,
				comments: e.comments,
				at: e.at
			};
			break;
		case 'hotwash.noted':
			room.hotwash.push({
				id: e.noteId,
				by: e.by,
				kind: e.kind,
				...(e.objectiveId !== undefined && { objectiveId: e.objectiveId }),
				text: e.text,
				at: e.at
			});
			break;
	}
}

/** True when an improvised inject reaches a participant of `teamId` with `role`. */
export function improvisedFor(item: Improvised, teamId: string, role: string): boolean {
	return (
		(item.audience.teamId === undefined || item.audience.teamId === teamId) &&
		(item.audience.role === undefined || item.audience.role === role)
	);
}

/** Improvised injects scheduled for later and not yet out, earliest first. */
export function improvisedDue(state: SessionState): Improvised[] {
	return (state.room?.improvised ?? [])
		.filter((i) => i.released === null)
		.sort((a, b) => a.dueMs - b.dueMs);
}

// ---------------------------------------------------------------------------------------------
// Commands: checks and the events to record. The server limits how often a trainee may post.

export type RoomCommandResult =
	| { ok: true; events: SessionEventBody[] }
	| { ok: false; status: 400 | 403 | 404 | 409; message: string };

const refuse = (status: 400 | 403 | 404 | 409, message: string): RoomCommandResult => ({
	ok: false,
	status,
	message
});
const ok = (...events: SessionEventBody[]): RoomCommandResult => ({ ok: true, events });

/** Trims and bounds a required text; a refusal message when it is empty or too long. */
function text(raw: unknown, max: number, what: string): string | RoomCommandResult {
	const t = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
	if (!t) return refuse(400, `the ${what} is empty`);
	if (t.length > max)
		return refuse(400, `the ${what} is longer than ${max} characters (${t.length})`);
	return t;
}

/** Trims and bounds an optional text: '' when absent. */
function optionalText(raw: unknown, max: number, what: string): string | RoomCommandResult {
	const t = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
	if (t.length > max)
		return refuse(400, `the ${what} is longer than ${max} characters (${t.length})`);
	return t;
}

function isRefusal(x: unknown): x is RoomCommandResult {
	return typeof x === 'object' && x !== null && 'ok' in x;
}

/** The session accepts room writes while it runs or waits (the lobby chat), not once ended. */
function open(state: SessionState): RoomCommandResult | null {
	return state.status === 'ended' ? refuse(409, 'the session has ended') : null;
}

/** The trainee writing, while the session takes room writes; else the refusal. */
function openTo(state: SessionState, participantId: string): Participant | RoomCommandResult {
	const closed = open(state);
	if (closed) return closed;
	return state.participants[participantId] ?? refuse(403, 'you are not in this session');
}

/** Role ids named as `@role-id` in a message (only the scenario's roles count). */
export function mentionsIn(scenario: Scenario, message: string): string[] {
	const ids = new Set(scenario.roles.map((r) => r.id));
	const found: string[] = [];
	for (const m of message.matchAll(/(?:^|[^\w@])@([A-Za-z][\w-]*)/g)) {
		if (ids.has(m[1]) && !found.includes(m[1])) found.push(m[1]);
	}
	return found;
}

/**
 * A message in a channel. A trainee may write in the room channel and their own team's; staff
 * (exercise control) anywhere.
 */
export function postChat(
	scenario: Scenario,
	state: SessionState,
	input: { messageId: string; channel: string; participantId?: string; by?: string; text: string },
	now: number
): RoomCommandResult {
	const closed = open(state);
	if (closed) return closed;
	// The same id again (a retried post racing the first): recorded once.
	if (roomOf(state).messages.some((m) => m.id === input.messageId)) return ok();
	if (input.channel !== ROOM_CHANNEL && !state.teams[input.channel])
		return refuse(404, `no channel '${input.channel}' in this session`);
	if (input.participantId !== undefined) {
		const me = state.participants[input.participantId];
		if (!me) return refuse(403, 'you are not in this session');
		if (input.channel !== ROOM_CHANNEL && input.channel !== me.teamId)
			return refuse(403, "you can only write in your team's channel and the room's");
	} else if (!input.by) return refuse(403, 'who is writing?');
	const body = text(input.text, MAX_CHAT, 'message');
	if (isRefusal(body)) return body;
	const mentions = mentionsIn(scenario, body);
	return ok({
		type: 'chat.posted',
		messageId: input.messageId,
		channel: input.channel,
		...(input.participantId !== undefined
			? { participantId: input.participantId }
			: { by: input.by }),
		text: body,
		...(mentions.length > 0 && { mentions }),
		scenarioMs: scenarioTime(state.clock, now)
	});
}

/** A trainee asks exercise control a question for their team. */
export function askRfi(
	state: SessionState,
	input: { rfiId: string; participantId: string; text: string },
	now: number
): RoomCommandResult {
	const me = openTo(state, input.participantId);
	if (isRefusal(me)) return me;
	if (roomOf(state).rfis.some((r) => r.id === input.rfiId)) return ok();
	const body = text(input.text, MAX_RFI, 'question');
	if (isRefusal(body)) return body;
	return ok({
		type: 'rfi.asked',
		rfiId: input.rfiId,
		participantId: me.id,
		teamId: me.teamId,
		text: body,
		scenarioMs: scenarioTime(state.clock, now)
	});
}

/**
 * Exercise control answers an RFI: in words, by releasing an inject of the script to the team,
 * or both. Answering again replaces the answer (a correction), keeping the first response time.
 */
export function answerRfi(
	scenario: Scenario,
	state: SessionState,
	input: { rfiId: string; by: string; text?: string; injectId?: string },
	now: number
): RoomCommandResult {
	const closed = open(state);
	if (closed) return closed;
	const rfi = roomOf(state).rfis.find((r) => r.id === input.rfiId);
	if (!rfi) return refuse(404, 'no such request for information');
	const answer = optionalText(input.text, MAX_RFI * 4, 'answer');
	if (isRefusal(answer)) return answer;
	const injectId = input.injectId || undefined;
	if (!answer && !injectId) return refuse(400, 'write an answer or choose an inject to release');
	const scenarioMs = scenarioTime(state.clock, now);
	const events: SessionEventBody[] = [];
	if (injectId) {
		if (!scenario.injectById[injectId])
			return refuse(404, `no inject '${injectId}' in this scenario`);
		const team = state.teams[rfi.teamId];
		if (team.ending) return refuse(409, `${team.name} has finished`);
		if (injectId in team.released)
			return refuse(409, `'${injectId}' was already released to ${team.name}`);
		if (injectId in team.dropped) return refuse(409, `'${injectId}' was dropped for ${team.name}`);
		if (state.status === 'lobby')
			return refuse(409, 'start the session before releasing an inject');
		events.push({
			type: 'inject.released',
			teamId: team.id,
			injectId,
			cause: 'facilitator',
			scenarioMs
		});
	}
	events.push({
		type: 'rfi.answered',
		rfiId: rfi.id,
		by: input.by,
		...(answer && { text: answer }),
		...(injectId && { injectId }),
		scenarioMs
	});
	return ok(...events);
}

export interface ImprovisedInput {
	improvisedId: string;
	by: string;
	audience: Audience;
	channel: string;
	from: string;
	title: string;
	body: string;
	question?: string;
	/** Scenario ms to send it at; absent or past: now. */
	atMs?: number;
}

/** The facilitator writes an inject on the fly, for now or for a scenario time to come. */
export function improvise(
	scenario: Scenario,
	state: SessionState,
	input: ImprovisedInput,
	now: number
): RoomCommandResult {
	const closed = open(state);
	if (closed) return closed;
	if (state.status === 'lobby') return refuse(409, 'start the session before sending an inject');
	const { teamId, role } = input.audience;
	if (teamId !== undefined && !state.teams[teamId])
		return refuse(404, `no team '${teamId}' in this session`);
	if (role !== undefined && !scenario.roles.some((r) => r.id === role))
		return refuse(404, `no role '${role}' in this scenario`);
	if (!(IMPROVISED_CHANNELS as readonly string[]).includes(input.channel))
		return refuse(400, `the channel must be one of ${IMPROVISED_CHANNELS.join(', ')}`);
	const title = text(input.title, MAX_TITLE, 'title');
	if (isRefusal(title)) return title;
	const from = optionalText(input.from, MAX_TITLE, 'sender');
	if (isRefusal(from)) return from;
	const body = text(input.body, MAX_IMPROVISED_BODY, 'message');
	if (isRefusal(body)) return body;
	const question = optionalText(input.question, MAX_RFI, 'question');
	if (isRefusal(question)) return question;
	const nowMs = scenarioTime(state.clock, now);
	if (input.atMs !== undefined && !(Number.isFinite(input.atMs) && input.atMs >= 0))
		return refuse(400, 'the time to send it at is not a time');
	const dueMs = input.atMs !== undefined && input.atMs > nowMs ? Math.round(input.atMs) : nowMs;
	const events: SessionEventBody[] = [
		{
			type: 'improvised.created',
			improvisedId: input.improvisedId,
			audience: { ...(teamId !== undefined && { teamId }), ...(role !== undefined && { role }) },
			channel: input.channel as ImprovisedChannel,
			from: from || 'Exercise control',
			title,
			body,
			...(question && { question }),
			dueMs,
			by: input.by
		}
	];
	if (dueMs <= nowMs)
		events.push({
			type: 'improvised.released',
			improvisedId: input.improvisedId,
			scenarioMs: nowMs
		});
	return ok(...events);
}

/** A trainee answers the question of an improvised inject that reached them. */
export function answerImprovised(
	state: SessionState,
	input: { improvisedId: string; participantId: string; text: string },
	now: number
): RoomCommandResult {
	const me = openTo(state, input.participantId);
	if (isRefusal(me)) return me;
	const item = roomOf(state).improvised.find((i) => i.id === input.improvisedId);
	if (!item || !item.released || !improvisedFor(item, me.teamId, me.role))
		return refuse(404, 'no such inject');
	if (!item.question) return refuse(409, 'this inject asks no question');
	const body = text(input.text, MAX_FEEDBACK_TEXT, 'answer');
	if (isRefusal(body)) return body;
	return ok({
		type: 'improvised.answered',
		improvisedId: item.id,
		participantId: me.id,
		text: body,
		scenarioMs: scenarioTime(state.clock, now)
	});
}

/** A trainee sets their team's incident status, severity or summary. */
export function updateRecord(
	state: SessionState,
	input: { participantId: string; status?: string; severity?: string; summary?: string },
	now: number
): RoomCommandResult {
	const me = openTo(state, input.participantId);
	if (isRefusal(me)) return me;
	const record = roomOf(state).records[me.teamId] ?? emptyRecord();
	const status = input.status || undefined;
	const severity = input.severity || undefined;
	if (status !== undefined && !(RECORD_STATUSES as readonly string[]).includes(status))
		return refuse(400, `the status must be one of ${RECORD_STATUSES.join(', ')}`);
	if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity))
		return refuse(400, `the severity must be one of ${SEVERITIES.join(', ')}`);
	let summary: string | undefined;
	if (input.summary !== undefined) {
		const s = optionalText(input.summary, MAX_RECORD_TEXT, 'summary');
		if (isRefusal(s)) return s;
		summary = s;
	}
	const change = {
		...(status !== undefined && status !== record.status && { status: status as RecordStatus }),
		...(severity !== undefined &&
			severity !== record.severity && { severity: severity as Severity }),
		...(summary !== undefined && summary !== record.summary && { summary })
	};
	if (Object.keys(change).length === 0) return refuse(409, 'nothing changed');
	return ok({
		type: 'record.updated',
		teamId: me.teamId,
		participantId: me.id,
		...change,
		scenarioMs: scenarioTime(state.clock, now)
	});
}

const HASH = /^[A-Fa-f0-9]{32,128}$/;

/** A trainee adds a timeline entry or an evidence item to their team's record. */
export function addRecordEntry(
	state: SessionState,
	input: { entryId: string; participantId: string; kind: string; text: string; hash?: string },
	now: number
): RoomCommandResult {
	const me = openTo(state, input.participantId);
	if (isRefusal(me)) return me;
	if (roomOf(state).records[me.teamId]?.entries.some((e) => e.id === input.entryId)) return ok();
	if (input.kind !== 'timeline' && input.kind !== 'evidence')
		return refuse(400, 'an entry is a timeline entry or an evidence item');
	const body = text(
		input.text,
		MAX_RECORD_TEXT,
		input.kind === 'evidence' ? 'evidence description' : 'entry'
	);
	if (isRefusal(body)) return body;
	const hash = (input.hash ?? '').trim();
	if (hash && input.kind !== 'evidence') return refuse(400, 'only evidence items carry a hash');
	if (hash && !HASH.test(hash))
		return refuse(400, 'the hash must be hexadecimal (an MD5, SHA-1 or SHA-256 digest)');
	return ok({
		type: 'record.entry',
		entryId: input.entryId,
		teamId: me.teamId,
		participantId: me.id,
		kind: input.kind,
		text: body,
		...(hash && { hash: hash.toLowerCase() }),
		scenarioMs: scenarioTime(state.clock, now)
	});
}

/** A trainee adds a chain-of-custody note to one of their team's evidence items. */
export function addCustody(
	state: SessionState,
	input: { entryId: string; participantId: string; text: string },
	now: number
): RoomCommandResult {
	const me = openTo(state, input.participantId);
	if (isRefusal(me)) return me;
	const entry = roomOf(state).records[me.teamId]?.entries.find((e) => e.id === input.entryId);
	if (!entry || entry.kind !== 'evidence')
		return refuse(404, 'no such evidence item in your record');
	const body = text(input.text, MAX_RECORD_TEXT, 'custody note');
	if (isRefusal(body)) return body;
	return ok({
		type: 'record.custody',
		teamId: me.teamId,
		entryId: entry.id,
		participantId: me.id,
		text: body,
		scenarioMs: scenarioTime(state.clock, now)
	});
}

/**
 * A trainee's participant feedback (HSEEP style): strengths, areas for improvement, a rating of
 * each objective from 1 to 5, comments. Open once play has started; sending it again replaces it.
 */
export function submitFeedback(
	scenario: Scenario,
	state: SessionState,
	input: {
		participantId: string;
		strengths?: string;
		improvements?: string;
		ratings: Record<string, number>;
		comments?: string;
	}
): RoomCommandResult {
	if (state.status === 'lobby') return refuse(409, 'feedback opens once the exercise has started');
	const me = state.participants[input.participantId];
	if (!me) return refuse(403, 'you are not in this session');
	const fields: Record<'strengths' | 'improvements' | 'comments', string> = {
		strengths: '',
		improvements: '',
		comments: ''
	};
	for (const key of ['strengths', 'improvements', 'comments'] as const) {
		const t = optionalText(input[key], MAX_FEEDBACK_TEXT, key);
		if (isRefusal(t)) return t;
		fields[key] = t;
	}
	const ratings: Record<string, number> = {};
	for (const [id, value] of Object.entries(input.ratings)) {
		if (!scenario.objectives.some((o) => o.id === id)) return refuse(404, `no objective '${id}'`);
		if (!Number.isInteger(value) || value < 1 || value > 5)
			return refuse(400, 'each rating is a whole number from 1 to 5');
		ratings[id] = value;
	}
	if (
		!fields.strengths &&
		!fields.improvements &&
		!fields.comments &&
		Object.keys(ratings).length === 0
	)
		return refuse(400, 'the feedback form is empty');
	return ok({ type: 'feedback.submitted', participantId: me.id, ...fields, ratings });
}

/** The facilitator's hot-wash note: a strength, an area for improvement, or a note. */
export function noteHotwash(
	scenario: Scenario,
	state: SessionState,
	input: { noteId: string; by: string; kind: string; objectiveId?: string; text: string }
): RoomCommandResult {
	if (state.status === 'lobby') return refuse(409, 'the hot wash comes after play has started');
	if (!(HOTWASH_KINDS as readonly string[]).includes(input.kind))
		return refuse(400, `the kind must be one of ${HOTWASH_KINDS.join(', ')}`);
	const objectiveId = input.objectiveId || undefined;
	if (objectiveId && !scenario.objectives.some((o) => o.id === objectiveId))
		return refuse(404, `no objective '${objectiveId}'`);
	const body = text(input.text, MAX_FEEDBACK_TEXT, 'note');
	if (isRefusal(body)) return body;
	return ok({
		type: 'hotwash.noted',
		noteId: input.noteId,
		by: input.by,
		kind: input.kind as HotwashKind,
		...(objectiveId && { objectiveId }),
		text: body
	});
}
