/**
 * The room (issue 13) in the after-action report: every channel's transcript, each team's
 * requests for information with their response times, the injects exercise control improvised,
 * each team's incident record with the facilitator's ratings of it, the participants' HSEEP-style
 * feedback and the facilitator's hot-wash notes. Pure, over the folded session state, like the
 * rest of the debrief. Text stays as written (Markdown for chat, answers and inject bodies): the
 * page renders it through the server's sanitising renderer, the Markdown export quotes it.
 *
 * Everything here is staff-only: the debrief is refused to trainees, and each team's part is
 * keyed by team so a page or a test can show (or check) one team without another's.
 */
import type { Scenario } from '../scenario/model';
import {
	emptyRecord,
	emptyRoom,
	improvisedFor,
	ROOM_CHANNEL,
	type HotwashKind,
	type Improvised,
	type RecordStatus,
	type RoomState,
	type Severity
} from '../session/room';
import type { Rating } from '../session/events';
import type { SessionState } from '../session/state';

/** One line of a channel, as written. */
export interface DebriefChatLine {
	id: string;
	/** The writer's name, "Exercise control" for staff, "someone who left" for a lost trainee. */
	author: string;
	/** The writer's role name; null for exercise control. */
	roleName: string | null;
	/** The writer's team; null for exercise control. */
	teamId: string | null;
	teamName: string | null;
	staff: boolean;
	/** Raw Markdown, as the writer typed it. */
	text: string;
	mentions: string[];
	scenarioMs: number;
	at: number;
}

export interface DebriefChannel {
	/** `room`, or a team id. */
	id: string;
	/** The team of a team channel; null for the room channel. */
	teamId: string | null;
	name: string;
	messages: DebriefChatLine[];
}

export interface DebriefRfi {
	id: string;
	teamId: string;
	asker: string;
	askerRole: string | null;
	/** The question, as asked (plain text). */
	text: string;
	scenarioMs: number;
	at: number;
	answer: {
		/** Raw Markdown of a written answer; null when the answer was only an inject. */
		text: string | null;
		/** The scripted inject released to the team as the answer. */
		injectId: string | null;
		injectTitle: string | null;
		scenarioMs: number;
		at: number;
	} | null;
	/** Real (wall-clock) ms from the question to its answer; null while unanswered. */
	responseMs: number | null;
}

export interface RfiFigures {
	asked: number;
	answered: number;
	/** Asked and never answered. */
	open: number;
	medianResponseMs: number | null;
	longestResponseMs: number | null;
}

export interface DebriefImprovised {
	id: string;
	title: string;
	channel: string;
	from: string;
	/** Raw Markdown of the inject's text. */
	body: string;
	audience: { teamId?: string; role?: string };
	/** Who it was for, in words: "Red team", "every team", "Incident commander in every team". */
	audienceText: string;
	/** The teams it reached: a member of the team matched the audience when it went out. */
	teamIds: string[];
	released: boolean;
	/** Scenario time it went out at (or was due at, when the session ended first). */
	scenarioMs: number;
	/** Wall-clock time it went out; null when it never did. */
	at: number | null;
	question: string | null;
	answers: {
		participantId: string;
		name: string;
		teamId: string | null;
		teamName: string | null;
		roleName: string | null;
		text: string;
		scenarioMs: number;
	}[];
}

export interface DebriefRecord {
	status: RecordStatus;
	severity: Severity | null;
	summary: string;
	/** True when the team wrote anything in its record (a change, a summary or an entry). */
	kept: boolean;
	changes: {
		by: string;
		status: RecordStatus | null;
		severity: Severity | null;
		scenarioMs: number;
		at: number;
	}[];
	timeline: { id: string; by: string; text: string; scenarioMs: number; at: number }[];
	evidence: {
		id: string;
		by: string;
		text: string;
		hash: string | null;
		custody: { by: string; text: string; scenarioMs: number; at: number }[];
		scenarioMs: number;
		at: number;
	}[];
	/** The facilitator's observations about this record (`about: 'record'`), oldest first. */
	ratings: {
		id: string;
		objectiveId: string | null;
		objectiveTitle: string | null;
		rating: Rating | null;
		text: string;
		scenarioMs: number;
		at: number;
	}[];
}

export interface DebriefRoomTeam {
	teamId: string;
	name: string;
	rfis: DebriefRfi[];
	rfiFigures: RfiFigures;
	record: DebriefRecord;
}

/** A participant's feedback line: team and role, not the name (HSEEP feedback is anonymous). */
export interface FeedbackLine {
	teamId: string | null;
	teamName: string | null;
	roleName: string | null;
	text: string;
	at: number;
}

export interface ObjectiveFeedback {
	id: string;
	title: string;
	/** Mean of the ratings 1 (strongly disagree it was met) .. 5 (strongly agree); null if none. */
	mean: number | null;
	count: number;
	/** How many gave 1, 2, 3, 4 and 5. */
	distribution: [number, number, number, number, number];
	byTeam: Record<string, { mean: number | null; count: number }>;
}

export interface DebriefFeedback {
	/** Forms received (one per participant; a later form replaces an earlier one). */
	forms: number;
	participants: number;
	objectives: ObjectiveFeedback[];
	strengths: FeedbackLine[];
	improvements: FeedbackLine[];
	comments: FeedbackLine[];
}

export interface DebriefHotwashNote {
	id: string;
	kind: HotwashKind;
	objectiveId: string | null;
	objectiveTitle: string | null;
	text: string;
	at: number;
}

export interface DebriefRoom {
	/** The room channel first, then each team's channel in team order. */
	channels: DebriefChannel[];
	/** Per team, in team order: its RFIs and their figures, its incident record. */
	teams: DebriefRoomTeam[];
	rfiTotals: RfiFigures;
	/** Improvised injects, in the order they went out (unsent ones last, by due time). */
	improvised: DebriefImprovised[];
	feedback: DebriefFeedback;
	hotwash: DebriefHotwashNote[];
}

const STAFF = 'Exercise control';
const LEFT = 'someone who left';

/** The room of a state without touching it (states folded before issue 13 have none). */
function roomState(state: SessionState): RoomState {
	return state.room ?? emptyRoom();
}

function roleNameOf(scenario: Scenario, roleId: string): string {
	return scenario.roles.find((r) => r.id === roleId)?.name ?? roleId;
}

function objectiveTitle(scenario: Scenario, id: string | undefined): string | null {
	if (!id) return null;
	return scenario.objectives.find((o) => o.id === id)?.title ?? id;
}

/** Who a participant was: name, role and team, or "someone who left". */
function who(scenario: Scenario, state: SessionState, participantId: string) {
	const p = state.participants[participantId];
	return p
		? {
				name: p.name,
				roleName: roleNameOf(scenario, p.role),
				teamId: p.teamId,
				teamName: state.teams[p.teamId]?.name ?? p.teamId
			}
		: { name: LEFT, roleName: null, teamId: null, teamName: null };
}

/** "Red team", unless the team's name already says team ("Blue Team"). */
export function teamWords(name: string): string {
	return /\bteam$/i.test(name.trim()) ? name : `${name} team`;
}

/** Who an improvised inject was for, in words. */
export function audienceText(
	scenario: Scenario,
	state: SessionState,
	audience: { teamId?: string; role?: string }
): string {
	const team =
		audience.teamId === undefined
			? 'every team'
			: teamWords(state.teams[audience.teamId]?.name ?? audience.teamId);
	return audience.role === undefined ? team : `${roleNameOf(scenario, audience.role)} in ${team}`;
}

/** The median of some numbers (the mean of the middle two for an even count); null if none. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function mean(values: readonly number[]): number | null {
	return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function rfiFigures(rfis: readonly DebriefRfi[]): RfiFigures {
	const times = rfis.flatMap((r) => (r.responseMs === null ? [] : [r.responseMs]));
	return {
		asked: rfis.length,
		answered: times.length,
		open: rfis.length - times.length,
		medianResponseMs: median(times),
		longestResponseMs: times.length > 0 ? Math.max(...times) : null
	};
}

function channels(scenario: Scenario, state: SessionState, room: RoomState): DebriefChannel[] {
	const byChannel = new Map<string, DebriefChatLine[]>();
	for (const m of room.messages) {
		const p = m.participantId !== undefined ? who(scenario, state, m.participantId) : null;
		const line: DebriefChatLine = {
			id: m.id,
			author: p ? p.name : STAFF,
			roleName: p?.roleName ?? null,
			teamId: p?.teamId ?? null,
			teamName: p?.teamName ?? null,
			staff: m.participantId === undefined,
			text: m.text,
			mentions: m.mentions,
			scenarioMs: m.scenarioMs,
			at: m.at
		};
		const list = byChannel.get(m.channel);
		if (list) list.push(line);
		else byChannel.set(m.channel, [line]);
	}
	return [
		{
			id: ROOM_CHANNEL,
			teamId: null,
			name: 'Whole room',
			messages: byChannel.get(ROOM_CHANNEL) ?? []
		},
		...state.teamOrder.map((id) => ({
			id,
			teamId: id,
			name: `${teamWords(state.teams[id].name)} channel`,
			messages: byChannel.get(id) ?? []
		}))
	];
}

function rfisOf(
	scenario: Scenario,
	state: SessionState,
	room: RoomState,
	teamId: string
): DebriefRfi[] {
	return room.rfis
		.filter((r) => r.teamId === teamId)
		.map((r) => {
			const asker = who(scenario, state, r.participantId);
			const a = r.answer;
			return {
				id: r.id,
				teamId: r.teamId,
				asker: asker.name,
				askerRole: asker.roleName,
				text: r.text,
				scenarioMs: r.scenarioMs,
				at: r.at,
				answer: a && {
					text: a.text ?? null,
					injectId: a.injectId ?? null,
					injectTitle:
						a.injectId === undefined
							? null
							: (scenario.injectById[a.injectId]?.title ?? a.injectId),
					scenarioMs: a.scenarioMs,
					at: a.at
				},
				responseMs: a ? Math.max(0, a.firstAt - r.at) : null
			};
		});
}

function recordOf(
	scenario: Scenario,
	state: SessionState,
	room: RoomState,
	teamId: string
): DebriefRecord {
	const record = room.records[teamId] ?? emptyRecord();
	const name = (id: string) => who(scenario, state, id).name;
	return {
		status: record.status,
		severity: record.severity,
		summary: record.summary,
		kept: record.summary !== '' || record.changes.length > 0 || record.entries.length > 0,
		changes: record.changes.map((c) => ({
			by: name(c.participantId),
			status: c.status ?? null,
			severity: c.severity ?? null,
			scenarioMs: c.scenarioMs,
			at: c.at
		})),
		timeline: record.entries
			.filter((e) => e.kind === 'timeline')
			.map((e) => ({
				id: e.id,
				by: name(e.participantId),
				text: e.text,
				scenarioMs: e.scenarioMs,
				at: e.at
			})),
		evidence: record.entries
			.filter((e) => e.kind === 'evidence')
			.map((e) => ({
				id: e.id,
				by: name(e.participantId),
				text: e.text,
				hash: e.hash ?? null,
				custody: e.custody.map((c) => ({
					by: name(c.participantId),
					text: c.text,
					scenarioMs: c.scenarioMs,
					at: c.at
				})),
				scenarioMs: e.scenarioMs,
				at: e.at
			})),
		ratings: state.observations
			.filter((o) => o.about === 'record' && o.teamId === teamId)
			.map((o) => ({
				id: o.id,
				objectiveId: o.objectiveId ?? null,
				objectiveTitle: objectiveTitle(scenario, o.objectiveId),
				rating: o.rating ?? null,
				text: o.text,
				scenarioMs: o.scenarioMs,
				at: o.at
			}))
	};
}

/** The teams an improvised inject reached: those with a member its audience matched. */
function reachedTeams(state: SessionState, item: Improvised): string[] {
	if (!item.released) return [];
	const members = Object.values(state.participants);
	return state.teamOrder.filter((teamId) =>
		members.some((p) => p.teamId === teamId && improvisedFor(item, teamId, p.role))
	);
}

function improvised(scenario: Scenario, state: SessionState, room: RoomState) {
	const teamIndex = (id: string | null) => (id === null ? Infinity : state.teamOrder.indexOf(id));
	const items = room.improvised.map<DebriefImprovised>((i) => ({
		id: i.id,
		title: i.title,
		channel: i.channel,
		from: i.from,
		body: i.body,
		audience: { ...i.audience },
		audienceText: audienceText(scenario, state, i.audience),
		teamIds: reachedTeams(state, i),
		released: i.released !== null,
		scenarioMs: i.released?.scenarioMs ?? i.dueMs,
		at: i.released?.at ?? null,
		question: i.question ?? null,
		answers: Object.entries(i.answers)
			.map(([participantId, a]) => {
				const p = who(scenario, state, participantId);
				return {
					participantId,
					name: p.name,
					teamId: p.teamId,
					teamName: p.teamName,
					roleName: p.roleName,
					text: a.text,
					scenarioMs: a.scenarioMs
				};
			})
			.sort((a, b) => teamIndex(a.teamId) - teamIndex(b.teamId) || a.scenarioMs - b.scenarioMs)
	}));
	// Sent ones by the time they went out, then those the session ended before.
	return items.sort(
		(a, b) => Number(b.released) - Number(a.released) || a.scenarioMs - b.scenarioMs
	);
}

function feedback(scenario: Scenario, state: SessionState, room: RoomState): DebriefFeedback {
	const teamIndex = (id: string | null) => (id === null ? Infinity : state.teamOrder.indexOf(id));
	// Team by team (in team order), then in the order the forms came in.
	const forms = Object.values(room.feedback)
		.map((f) => ({ f, p: who(scenario, state, f.participantId) }))
		.sort((a, b) => teamIndex(a.p.teamId) - teamIndex(b.p.teamId) || a.f.at - b.f.at);
	const lines = (key: 'strengths' | 'improvements' | 'comments'): FeedbackLine[] =>
		forms
			.filter(({ f }) => f[key].trim() !== '')
			.map(({ f, p }) => ({
				teamId: p.teamId,
				teamName: p.teamName,
				roleName: p.roleName,
				text: f[key],
				at: f.at
			}));
	return {
		forms: forms.length,
		participants: Object.keys(state.participants).length,
		objectives: scenario.objectives.map((o) => {
			const rated = forms.flatMap(({ f, p }) => {
				const r = f.ratings[o.id];
				return Number.isInteger(r) && r >= 1 && r <= 5 ? [{ r, teamId: p.teamId }] : [];
			});
			const distribution: ObjectiveFeedback['distribution'] = [0, 0, 0, 0, 0];
			for (const { r } of rated) distribution[r - 1] += 1;
			return {
				id: o.id,
				title: o.title,
				mean: mean(rated.map((x) => x.r)),
				count: rated.length,
				distribution,
				byTeam: Object.fromEntries(
					state.teamOrder.map((teamId) => {
						const mine = rated.filter((x) => x.teamId === teamId).map((x) => x.r);
						return [teamId, { mean: mean(mine), count: mine.length }];
					})
				)
			};
		}),
		strengths: lines('strengths'),
		improvements: lines('improvements'),
		comments: lines('comments')
	};
}

/** The room of a session for its debrief. */
export function debriefRoom(scenario: Scenario, state: SessionState): DebriefRoom {
	const room = roomState(state);
	const teams = state.teamOrder.map<DebriefRoomTeam>((teamId) => {
		const rfis = rfisOf(scenario, state, room, teamId);
		return {
			teamId,
			name: state.teams[teamId].name,
			rfis,
			rfiFigures: rfiFigures(rfis),
			record: recordOf(scenario, state, room, teamId)
		};
	});
	return {
		channels: channels(scenario, state, room),
		teams,
		rfiTotals: rfiFigures(teams.flatMap((t) => t.rfis)),
		improvised: improvised(scenario, state, room),
		feedback: feedback(scenario, state, room),
		hotwash: room.hotwash.map((h) => ({
			id: h.id,
			kind: h.kind,
			objectiveId: h.objectiveId ?? null,
			objectiveTitle: objectiveTitle(scenario, h.objectiveId),
			text: h.text,
			at: h.at
		}))
	};
}

/**
 * Free text as finding lines: one per line of the text (list markers dropped), whitespace
 * collapsed. Findings are edited one per line, so a finding must never hold a line break.
 */
/** Longest drafted finding line: the findings form keeps lines to 1,000 characters. */
const FINDING_LINE = 900;

function findingLines(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((l) =>
			l
				.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '')
				.replace(/\s+/g, ' ')
				.trim()
		)
		.filter((l) => l.length > 0)
		.map((l) => (l.length > FINDING_LINE ? `${l.slice(0, FINDING_LINE - 1)}…` : l));
}

/**
 * The drafted findings with the room's added: the hot wash's strengths and areas for
 * improvement, then the participants', each marked with where it came from, after the lines
 * drafted from the scores and without repeating a line (case and spacing aside).
 */
export function withRoomFindings(
	drafted: { strengths: string[]; improvements: string[] },
	room: Pick<DebriefRoom, 'hotwash' | 'feedback'>
): { strengths: string[]; improvements: string[] } {
	const merge = (base: readonly string[], extra: readonly string[]) => {
		const key = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
		const seen = new Set(base.map(key));
		const out = [...base];
		for (const line of extra) {
			if (seen.has(key(line))) continue;
			seen.add(key(line));
			out.push(line);
		}
		return out;
	};
	const hotwash = (kind: HotwashKind) =>
		room.hotwash
			.filter((h) => h.kind === kind)
			.flatMap((h) =>
				findingLines(h.text).map(
					(l) => `Hot wash: ${l}${h.objectiveTitle ? ` (${h.objectiveTitle})` : ''}`
				)
			);
	const participants = (lines: readonly FeedbackLine[]) =>
		lines.flatMap((f) => findingLines(f.text).map((l) => `Participant feedback: ${l}`));
	return {
		strengths: merge(drafted.strengths, [
			...hotwash('strength'),
			...participants(room.feedback.strengths)
		]),
		improvements: merge(drafted.improvements, [
			...hotwash('improvement'),
			...participants(room.feedback.improvements)
		])
	};
}

/** A row of a team's timeline: a scripted decision, or an improvised inject that reached it. */
export type TimelineRow<Entry> =
	| { kind: 'scripted'; scenarioMs: number; entry: Entry }
	| { kind: 'unscripted'; scenarioMs: number; item: DebriefImprovised };

/**
 * A team's decision log with the improvised injects that reached it, in time order; at the same
 * time the scripted entry comes first (an inject improvised in answer to what just happened).
 */
export function teamTimeline<Entry extends { scenarioMs: number }>(
	log: readonly Entry[],
	items: readonly DebriefImprovised[],
	teamId: string
): TimelineRow<Entry>[] {
	const rows: TimelineRow<Entry>[] = log.map((entry) => ({
		kind: 'scripted',
		scenarioMs: entry.scenarioMs,
		entry
	}));
	for (const item of items) {
		if (item.released && item.teamIds.includes(teamId))
			rows.push({ kind: 'unscripted', scenarioMs: item.scenarioMs, item });
	}
	// Stable: scripted rows keep their order, and come before an unscripted one at the same time.
	return rows.sort((a, b) => a.scenarioMs - b.scenarioMs);
}

/** The answers to an improvised inject given by one team's members. */
export function answersOfTeam(item: DebriefImprovised, teamId: string) {
	return item.answers.filter((a) => a.teamId === teamId);
}
