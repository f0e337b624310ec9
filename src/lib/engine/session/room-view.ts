/**
 * What each person sees of the room (room.ts): a trainee their team's and the room's channels,
 * their team's RFIs and incident record, the improvised injects addressed to them and their own
 * feedback; the facilitator everything. Text is rendered through the caller's sanitising
 * Markdown renderer, as inject bodies are.
 */
import type { SessionEvent } from './events';
import type { Scenario } from '../scenario/model';
import {
	CONSOLE_CHAT_TAIL,
	improvisedFor,
	ROOM_CHANNEL,
	roomOf,
	type ChatMessage,
	type Feedback,
	type HotwashNote,
	type Improvised,
	type IncidentRecord,
	type Rfi,
	emptyRecord
} from './room';
import type { SessionState } from './state';
import type { RenderMarkdown } from './trainee-view';

export interface ChatView {
	id: string;
	channel: string;
	/** The writer's name, or "Exercise control". */
	author: string;
	/** The writer's role name (trainees only). */
	roleName?: string;
	/** The writer's team (trainees only): in the room channel it is not the channel's. */
	teamId?: string;
	staff: boolean;
	html: string;
	mentions: string[];
	scenarioMs: number;
	at: number;
}

export interface RfiView {
	id: string;
	teamId: string;
	asker: string;
	text: string;
	scenarioMs: number;
	at: number;
	answer: { html?: string; injectTitle?: string; scenarioMs: number; at: number } | null;
	/** Wall-clock ms from question to first answer. */
	responseMs: number | null;
}

export interface ImprovisedView {
	id: string;
	channel: string;
	from: string;
	title: string;
	html: string;
	question?: string;
	scenarioMs: number;
	at: number;
	/** Trainee view: my answer to the question, if given. */
	myAnswer?: string;
}

export interface RecordView {
	status: IncidentRecord['status'];
	severity: IncidentRecord['severity'];
	summary: string;
	entries: {
		id: string;
		kind: 'timeline' | 'evidence';
		author: string;
		text: string;
		hash?: string;
		custody: { author: string; text: string; scenarioMs: number }[];
		scenarioMs: number;
	}[];
	changes: IncidentRecord['changes'];
}

export interface TraineeRoom {
	channels: { id: string; name: string; messages: ChatView[] }[];
	rfis: RfiView[];
	improvised: ImprovisedView[];
	record: RecordView;
	objectives: { id: string; title: string }[];
	/** My participant feedback form, once sent (not "feedback": that word is the answer key's). */
	myForm: Omit<Feedback, 'participantId'> | null;
}

/** A change to a trainee's room: new messages to append, items to insert or replace by id. */
export interface TraineeRoomPatch {
	messages?: ChatView[];
	rfis?: RfiView[];
	improvised?: ImprovisedView[];
	record?: RecordView;
	myForm?: TraineeRoom['myForm'];
}

function roleName(scenario: Scenario, roleId: string): string {
	return scenario.roles.find((r) => r.id === roleId)?.name ?? roleId;
}

function personName(state: SessionState, participantId: string): string {
	return state.participants[participantId]?.name ?? 'someone who left';
}

/**
 * Rendered messages, by message: every trainee view and every console refresh shows the same
 * messages, and rendering Markdown for hundreds of them each time was most of the cost.
 */
const chatCache = new WeakMap<ChatMessage, { md: RenderMarkdown; view: ChatView }>();

export function chatView(
	scenario: Scenario,
	state: SessionState,
	m: ChatMessage,
	md: RenderMarkdown
): ChatView {
	const cached = chatCache.get(m);
	if (cached && cached.md === md) return cached.view;
	const view = renderChat(scenario, state, m, md);
	chatCache.set(m, { md, view });
	return view;
}

function renderChat(
	scenario: Scenario,
	state: SessionState,
	m: ChatMessage,
	md: RenderMarkdown
): ChatView {
	const p = m.participantId !== undefined ? state.participants[m.participantId] : undefined;
	return {
		id: m.id,
		channel: m.channel,
		author: p ? p.name : m.participantId !== undefined ? 'someone who left' : 'Exercise control',
		...(p && { roleName: roleName(scenario, p.role), teamId: p.teamId }),
		staff: m.participantId === undefined,
		html: md(m.text),
		mentions: m.mentions,
		scenarioMs: m.scenarioMs,
		at: m.at
	};
}

export function rfiView(
	scenario: Scenario,
	state: SessionState,
	r: Rfi,
	md: RenderMarkdown
): RfiView {
	const a = r.answer;
	return {
		id: r.id,
		teamId: r.teamId,
		asker: personName(state, r.participantId),
		text: r.text,
		scenarioMs: r.scenarioMs,
		at: r.at,
		answer: a && {
			...(a.text !== undefined && { html: md(a.text) }),
			...(a.injectId !== undefined && {
				injectTitle: scenario.injectById[a.injectId]?.title ?? a.injectId
			}),
			scenarioMs: a.scenarioMs,
			at: a.at
		},
		responseMs: a ? Math.max(0, a.firstAt - r.at) : null
	};
}

function improvisedView(i: Improvised, md: RenderMarkdown, participantId?: string): ImprovisedView {
	const mine = participantId !== undefined ? i.answers[participantId] : undefined;
	return {
		id: i.id,
		channel: i.channel,
		from: i.from,
		title: i.title,
		html: md(i.body),
		...(i.question !== undefined && { question: i.question }),
		scenarioMs: i.released?.scenarioMs ?? i.dueMs,
		at: i.released?.at ?? i.createdAt,
		...(mine && { myAnswer: mine.text })
	};
}

export function recordView(state: SessionState, record: IncidentRecord): RecordView {
	return {
		status: record.status,
		severity: record.severity,
		summary: record.summary,
		entries: record.entries.map((e) => ({
			id: e.id,
			kind: e.kind,
			author: personName(state, e.participantId),
			text: e.text,
			...(e.hash !== undefined && { hash: e.hash }),
			custody: e.custody.map((c) => ({
				author: personName(state, c.participantId),
				text: c.text,
				scenarioMs: c.scenarioMs
			})),
			scenarioMs: e.scenarioMs
		})),
		changes: record.changes
	};
}

function channelName(state: SessionState, id: string): string {
	return id === ROOM_CHANNEL ? 'Whole room' : (state.teams[id]?.name ?? id);
}

/** The room as trainee `participantId` sees it, or null if they are not in the session. */
export function traineeRoom(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	md: RenderMarkdown
): TraineeRoom | null {
	const me = state.participants[participantId];
	if (!me) return null;
	const room = roomOf(state);
	const channels = [me.teamId, ROOM_CHANNEL].map((id) => ({
		id,
		name: channelName(state, id),
		messages: room.messages
			.filter((m) => m.channel === id)
			.map((m) => chatView(scenario, state, m, md))
	}));
	const feedback = room.feedback[me.id];
	return {
		channels,
		rfis: room.rfis
			.filter((r) => r.teamId === me.teamId)
			.map((r) => rfiView(scenario, state, r, md)),
		improvised: room.improvised
			.filter((i) => i.released && improvisedFor(i, me.teamId, me.role))
			.map((i) => improvisedView(i, md, me.id)),
		record: recordView(state, room.records[me.teamId] ?? emptyRecord()),
		objectives: scenario.objectives.map((o) => ({ id: o.id, title: o.title })),
		myForm: feedback ? withoutParticipant(feedback) : null
	};
}

function withoutParticipant(f: Feedback): Omit<Feedback, 'participantId'> {
	const { participantId: _, ...rest } = f;
	return rest;
}

/**
 * What of trainee `participantId`'s room `events` changed, or null. Another team's messages,
 * RFIs and record never touch it; an improvised inject only when it is addressed to them.
 */
export function traineeRoomPatch(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	events: readonly SessionEvent[],
	md: RenderMarkdown
): TraineeRoomPatch | null {
	const me = state.participants[participantId];
	if (!me) return null;
	const room = roomOf(state);
	const patch: TraineeRoomPatch = {};
	const rfis = new Set<string>();
	const improvised = new Set<string>();
	for (const e of events) {
		switch (e.type) {
			case 'chat.posted':
				if (e.channel === ROOM_CHANNEL || e.channel === me.teamId) {
					const m = room.messages.find((x) => x.seq === e.seq);
					if (m) (patch.messages ??= []).push(chatView(scenario, state, m, md));
				}
				break;
			case 'rfi.asked':
				if (e.teamId === me.teamId) rfis.add(e.rfiId);
				break;
			case 'rfi.answered':
				if (room.rfis.find((r) => r.id === e.rfiId)?.teamId === me.teamId) rfis.add(e.rfiId);
				break;
			case 'improvised.released':
				improvised.add(e.improvisedId);
				break;
			case 'improvised.answered':
				if (e.participantId === me.id) improvised.add(e.improvisedId);
				break;
			case 'record.updated':
			case 'record.entry':
			case 'record.custody':
				if (e.teamId === me.teamId)
					patch.record = recordView(state, room.records[me.teamId] ?? emptyRecord());
				break;
			case 'feedback.submitted':
				if (e.participantId === me.id) {
					const f = room.feedback[me.id];
					patch.myForm = f ? withoutParticipant(f) : null;
				}
				break;
			case 'participant.joined':
				// A name in the record or an RFI may now resolve; nothing to resend.
				break;
		}
	}
	if (rfis.size > 0)
		patch.rfis = room.rfis
			.filter((r) => rfis.has(r.id))
			.map((r) => rfiView(scenario, state, r, md));
	const mine = room.improvised.filter(
		(i) => improvised.has(i.id) && i.released && improvisedFor(i, me.teamId, me.role)
	);
	if (mine.length > 0) patch.improvised = mine.map((i) => improvisedView(i, md, me.id));
	return Object.keys(patch).length > 0 ? patch : null;
}

/** True when the room part of `events` is personal to `participantId` (their own answers). */
export function roomPatchIsPersonal(
	events: readonly SessionEvent[],
	participantId: string
): boolean {
	return events.some(
		(e) =>
			(e.type === 'feedback.submitted' || e.type === 'improvised.answered') &&
			e.participantId === participantId
	);
}

export interface FacilitatorRoom {
	channels: { id: string; name: string; messages: ChatView[]; total: number }[];
	rfis: RfiView[];
	openRfis: number;
	improvised: (ImprovisedView & {
		/** The Markdown as written, so the console can offer it back as scenario YAML. */
		body: string;
		audience: { teamId?: string; role?: string };
		dueMs: number;
		released: boolean;
		answers: { participant: string; teamId: string; text: string }[];
	})[];
	records: Record<string, RecordView>;
	feedback: {
		participant: string;
		teamId: string;
		strengths: string;
		improvements: string;
		ratings: Record<string, number>;
		comments: string;
	}[];
	hotwash: HotwashNote[];
}

/** The room as exercise control sees it: every channel (the latest lines), RFI and record. */
export function facilitatorRoom(
	scenario: Scenario,
	state: SessionState,
	md: RenderMarkdown,
	tail = CONSOLE_CHAT_TAIL
): FacilitatorRoom {
	const room = roomOf(state);
	const byChannel = new Map<string, ChatMessage[]>();
	for (const m of room.messages) {
		const list = byChannel.get(m.channel);
		if (list) list.push(m);
		else byChannel.set(m.channel, [m]);
	}
	const channelIds = [ROOM_CHANNEL, ...state.teamOrder];
	const rfis = room.rfis.map((r) => rfiView(scenario, state, r, md));
	return {
		channels: channelIds.map((id) => {
			const all = byChannel.get(id) ?? [];
			return {
				id,
				name: channelName(state, id),
				messages: all.slice(-tail).map((m) => chatView(scenario, state, m, md)),
				total: all.length
			};
		}),
		rfis,
		openRfis: rfis.filter((r) => r.answer === null).length,
		improvised: room.improvised.map((i) => ({
			...improvisedView(i, md),
			body: i.body,
			audience: i.audience,
			dueMs: i.dueMs,
			released: i.released !== null,
			answers: Object.entries(i.answers).map(([id, a]) => ({
				participant: personName(state, id),
				teamId: state.participants[id]?.teamId ?? '',
				text: a.text
			}))
		})),
		records: Object.fromEntries(
			state.teamOrder.map((id) => [id, recordView(state, room.records[id] ?? emptyRecord())])
		),
		feedback: Object.values(room.feedback).map((f) => ({
			participant: personName(state, f.participantId),
			teamId: state.participants[f.participantId]?.teamId ?? '',
			strengths: f.strengths,
			improvements: f.improvements,
			ratings: f.ratings,
			comments: f.comments
		})),
		hotwash: room.hotwash
	};
}
