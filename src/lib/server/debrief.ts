/**
 * The debrief of a session as the server assembles it: the engine's `buildDebrief` plus what
 * lives outside the session log: the facilitator's edits of the strengths and areas for
 * improvement (a `DebriefEditStore` record per session), the retests of earlier
 * improvement items that touched this scenario's IR-plan sections, and this session's rows of
 * the improvement plan (its stored items once it has ended, the drafts before).
 */
import { error, type Cookies } from '@sveltejs/kit';
import { debriefMarkdown, scoresCsv } from '#lib/reports/debrief-export.js';
import { buildAarDocx, type AarPlanRow } from '#lib/reports/aar-docx.js';
import {
	buildDebrief,
	type CapabilityElement,
	type Debrief,
	type DebriefEdits,
	type RetestLine
} from '#lib/engine/score/debrief.js';
import { decisionMembers } from '#lib/engine/session/commands.js';
import type { Rating, ResponseValue } from '#lib/engine/session/events.js';
import { decisionKey, type Decision, type Scenario } from '#lib/engine/scenario/model.js';
import { decisionBestTotal } from '#lib/engine/score/points.js';
import { scoreAnswer } from '#lib/engine/score/scoring.js';
import { scoreSession, type SessionScores } from '#lib/engine/score/session-score.js';
import { answerKey, type SessionState } from '#lib/engine/session/state.js';
import type { SessionSummary } from '#lib/engine/score/summary.js';
import type { DebriefRoom } from '#lib/engine/score/debrief-room.js';
import { improvements, summaries } from './app';
import { getAuth } from './auth';
import { storage } from './app-storage';
import type { User } from './auth/types';
import type { ImprovementItem, ItemStatus, ReviewState } from './improvements/store';
import { staffSession, traineeToken } from './sessions/access';
import type { LiveSession } from './sessions/live';
import type { DebriefEditStore, StoredEdits } from './storage/debrief-edits';

/** What a debrief is built from: a session's id, scenario and folded state. */
export type DebriefSource = Pick<LiveSession, 'id' | 'scenario' | 'state'>;

/** Limits on the facilitator's findings (the form and the API share them). */
export const MAX_FINDINGS = 100;
export const MAX_FINDING_LENGTH = 1000;

/** One row of the improvement plan: a stored item, or a draft while none is stored. */
export interface PlanRow {
	/** The improvement item's id (link to /improvements/[id]); null for a draft. */
	id: string | null;
	draftKey: string | null;
	issue: string;
	correctiveAction: string;
	planSection: string | null;
	capabilityElement: CapabilityElement;
	owner: string;
	dueDate: string | null;
	status: ItemStatus | null;
	review: ReviewState | 'draft';
	teamId: string | null;
	objectiveId: string | null;
}

/** A member's own answer to an individual decision, as the decision log lists it. */
export interface MemberAnswer {
	participantId: string;
	name: string;
	answer: string;
	earned: number;
	max: number;
	late: boolean;
	/** full: every point; partial: some; none: nothing; unscored: no points at stake or no mark yet. */
	verdict: 'full' | 'partial' | 'none' | 'unscored';
}

/** Everything the debrief page, the exports and the API show. */
export interface DebriefBundle {
	debrief: Debrief;
	items: PlanRow[];
	/** Team id -> `${injectId}/${decisionId}` -> each member's answer to an individual decision. */
	answers: Record<string, Record<string, MemberAnswer[]>>;
	/** Set when the facilitator has edited the findings. */
	edited: { at: number; by: string } | null;
}

/**
 * The facilitator's edited findings over a `DebriefEditStore`: what is kept of them (trimmed,
 * bounded) and that "restore the drafts" keeps who did it.
 */
export class EditedFindings {
	constructor(readonly store: DebriefEditStore) {}

	/** The stored edits of a session, or null when the drafts stand. */
	async get(sessionId: string): Promise<StoredEdits | null> {
		const edits = await this.store.get(sessionId);
		return edits && (edits.strengths !== null || edits.improvements !== null) ? edits : null;
	}

	/** Replaces the findings (an absent list keeps the drafted one) and writes them durably. */
	async save(sessionId: string, edits: DebriefEdits, by: Pick<User, 'name'>): Promise<void> {
		await this.store.put({
			version: 1,
			sessionId,
			strengths: edits.strengths ? cleanFindings(edits.strengths) : null,
			improvements: edits.improvements ? cleanFindings(edits.improvements) : null,
			updatedAt: Date.now(),
			updatedBy: by.name
		});
	}

	/** Forgets the edits: the page shows the drafted findings again. */
	async restoreDrafts(sessionId: string, by: Pick<User, 'name'>): Promise<void> {
		await this.save(sessionId, {}, by);
	}
}

/** Trims each finding, drops blank ones and enforces the limits. */
export function cleanFindings(lines: readonly string[]): string[] {
	return lines
		.map((l) => l.trim().slice(0, MAX_FINDING_LENGTH))
		.filter((l) => l.length > 0)
		.slice(0, MAX_FINDINGS);
}

/** A textarea's value as findings: one per line. */
export function findingsFromText(text: string): string[] {
	return cleanFindings(text.split(/\r?\n/));
}

/** The IR-plan sections a scenario refers to: objectives' debrief sections, decisions, options. */
export function planSectionsOf(scenario: Scenario): Set<string> {
	const sections = new Set<string>();
	for (const o of scenario.objectives)
		for (const s of o.debrief?.planSections ?? []) sections.add(s);
	for (const d of Object.values(scenario.decisionByKey)) {
		if (d.plan) sections.add(d.plan);
		for (const o of d.options) if (o.plan) sections.add(o.plan);
	}
	return sections;
}

function describeAnswer(decision: Decision, value: ResponseValue): string {
	const label = (id: string) => decision.options.find((o) => o.id === id)?.label ?? id;
	switch (value.kind) {
		case 'single':
			return label(value.optionId);
		case 'multiple':
			return value.optionIds.length ? value.optionIds.map(label).join('; ') : 'none of these';
		case 'indicators':
			return value.lines.length
				? `flagged line${value.lines.length === 1 ? '' : 's'} ${[...value.lines]
						.sort((a, b) => a - b)
						.map((n) => n + 1)
						.join(', ')}`
				: 'flagged nothing';
		case 'text':
			return value.text.length > 300 ? `${value.text.slice(0, 299)}…` : value.text;
	}
}

/**
 * What each member answered to the individual decisions (those without `team:`) their team met,
 * with the points it earned: the decision log shows these where a team decision shows its lock.
 */
export function memberAnswers(scenario: Scenario, state: SessionState): DebriefBundle['answers'] {
	const out: DebriefBundle['answers'] = {};
	for (const teamId of state.teamOrder) {
		const team = state.teams[teamId];
		const byDecision: Record<string, MemberAnswer[]> = {};
		for (const injectId of team.releaseOrder) {
			const members = decisionMembers(scenario, state, teamId, injectId);
			for (const decision of scenario.injectById[injectId].decisions) {
				if (decision.team) continue;
				const max = decisionBestTotal(decision);
				const answers: MemberAnswer[] = [];
				for (const m of members) {
					const i = state.latest[answerKey(m.id, injectId, decision.id)];
					if (i === undefined) continue;
					const r = state.responses[i];
					const mark = state.textScores[r.responseId]?.points;
					const earned = r.late
						? 0
						: Object.values(scoreAnswer(decision, r.value, mark)).reduce((a, b) => a + b, 0);
					const unmarked = decision.kind === 'text' && mark === undefined && !r.late;
					answers.push({
						participantId: m.id,
						name: m.name,
						answer: describeAnswer(decision, r.value),
						earned,
						max,
						late: r.late,
						verdict:
							max <= 0 || unmarked
								? 'unscored'
								: earned >= max
									? 'full'
									: earned > 0
										? 'partial'
										: 'none'
					});
				}
				byDecision[decisionKey(injectId, decision.id)] = answers;
			}
		}
		out[teamId] = byDecision;
	}
	return out;
}

const RATING_RANK: Record<Rating, number> = { P: 0, S: 1, M: 2, U: 3 };

/**
 * The room's rating of an objective: the one given for the whole room, else the weakest of the
 * teams' (a room is as ready as its least ready team).
 */
function roomRating(o: { rating: Rating | null; byTeam: Record<string, Rating> }): Rating | null {
	if (o.rating) return o.rating;
	const teams = Object.values(o.byTeam);
	if (teams.length === 0) return null;
	return teams.reduce((a, b) => (RATING_RANK[b] > RATING_RANK[a] ? b : a));
}

function sameName(a: string, b: string): boolean {
	return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Retest lines for this session: one per improvement item that is done or verified, came from
 * an earlier session, and names an IR-plan section this scenario refers to. Each compares the
 * item's objective phase score and rating then and now: for the item's team when a team of the
 * same name played both times, else the room average both times (so a team is never compared
 * with a room). `improved` is percent now > before, or a better rating when a percent is missing.
 */
export function retestLines(
	scenario: Scenario,
	state: SessionState,
	scores: SessionScores,
	items: readonly ImprovementItem[],
	summaryOf: (sessionId: string) => SessionSummary | undefined
): RetestLine[] {
	const sections = planSectionsOf(scenario);
	const lines: RetestLine[] = [];
	for (const item of items) {
		if (item.status !== 'done' && item.status !== 'verified') continue;
		if (item.sessionId === state.sessionId || !item.planSection) continue;
		if (!sections.has(item.planSection)) continue;
		const before = summaryOf(item.sessionId);
		const beforeAt = before ? (before.startedAt ?? before.createdAt) : item.createdAt;
		if (beforeAt >= (state.startedAt ?? state.createdAt)) continue;

		const beforeTeam = before?.teams.find((t) => t.id === item.teamId);
		const nowTeam = beforeTeam
			? scores.teams.find((t) => sameName(t.name, beforeTeam.name))
			: undefined;
		const objective = scenario.objectives.find((o) => o.id === item.objectiveId);
		const phases = (item.phases.length > 0 ? item.phases : (objective?.phases ?? [])).filter((p) =>
			scores.phases.some((x) => x.id === p)
		);
		const percentThen = (phase: string) =>
			nowTeam && beforeTeam
				? (beforeTeam.phases[phase]?.percent ?? null)
				: (before?.room[phase] ?? null);
		const percentNow = (phase: string) =>
			nowTeam ? (nowTeam.phases[phase]?.percent ?? null) : (scores.room[phase] ?? null);
		// The first of the objective's phases scored in both sessions, else the first scored now.
		const phase =
			phases.find((p) => percentThen(p) !== null && percentNow(p) !== null) ??
			phases.find((p) => percentNow(p) !== null) ??
			phases[0] ??
			null;

		const beforeObjective = before?.objectives.find((o) => o.id === item.objectiveId);
		const nowObjective = scores.objectives.find((o) => o.objectiveId === item.objectiveId);
		const ratingThen =
			(nowTeam && beforeTeam
				? beforeObjective?.byTeam[beforeTeam.id]
				: beforeObjective && roomRating(beforeObjective)) ?? null;
		const ratingNow =
			(nowTeam ? nowObjective?.byTeam[nowTeam.teamId] : nowObjective && roomRating(nowObjective)) ??
			null;

		const then = phase === null ? null : percentThen(phase);
		const now = phase === null ? null : percentNow(phase);
		let improved: boolean | null = null;
		if (then !== null && now !== null) improved = now > then;
		else if (ratingThen && ratingNow) improved = RATING_RANK[ratingNow] < RATING_RANK[ratingThen];

		lines.push({
			itemId: item.id,
			issue: item.issue,
			planSection: item.planSection,
			objectiveId: item.objectiveId,
			objectiveTitle: objective?.title ?? beforeObjective?.title ?? null,
			phase,
			before: {
				sessionId: item.sessionId,
				title: before?.title ?? item.sessionTitle,
				percent: then,
				rating: ratingThen
			},
			now: { percent: now, rating: ratingNow },
			improved
		});
	}
	return lines;
}

function rowOfItem(item: ImprovementItem): PlanRow {
	return {
		id: item.id,
		draftKey: item.draftKey,
		issue: item.issue,
		correctiveAction: item.correctiveAction,
		planSection: item.planSection,
		capabilityElement: item.capabilityElement,
		owner: item.owner,
		dueDate: item.dueDate,
		status: item.status,
		review: item.review,
		teamId: item.teamId,
		objectiveId: item.objectiveId
	};
}

/** A plan row's state in words: the review until accepted, then the progress. */
export function rowState(row: PlanRow): string {
	if (row.review === 'draft') return 'draft';
	if (row.review === 'pending') return 'pending review';
	if (row.review === 'accepted') return row.status ?? 'open';
	return row.review;
}

/** What the debrief reads outside the session; the app's stores by default. */
export interface DebriefDeps {
	edits: EditedFindings;
	summaryOf: (sessionId: string) => Promise<SessionSummary | undefined>;
	items: () => Promise<readonly ImprovementItem[]>;
	now?: () => number;
}

/** Assembles debriefs from a session and the stores around it. */
export class Debriefs {
	constructor(readonly deps: DebriefDeps) {}

	/** The debrief of a session, as of now (figures so far while it runs). */
	async debriefFor(session: DebriefSource): Promise<DebriefBundle> {
		const { scenario, state } = session;
		const now = this.deps.now?.() ?? Date.now();
		const [edits, all] = await Promise.all([this.deps.edits.get(session.id), this.deps.items()]);
		const candidates = all.filter(
			(i) => (i.status === 'done' || i.status === 'verified') && i.sessionId !== session.id
		);
		const earlier = new Map<string, SessionSummary | undefined>();
		for (const id of new Set(candidates.map((i) => i.sessionId)))
			earlier.set(id, await this.deps.summaryOf(id));
		const scores = scoreSession(scenario, state);
		const retests = retestLines(scenario, state, scores, candidates, (id) => earlier.get(id));
		const debrief = buildDebrief(scenario, state, now, {
			edits: edits
				? {
						strengths: edits.strengths ?? undefined,
						improvements: edits.improvements ?? undefined
					}
				: undefined,
			retests
		});
		const stored = all.filter((i) => i.sessionId === session.id);
		// Until the session has ended (and its drafts are proposed) the plan shows the drafts.
		const items =
			state.status === 'ended' && stored.length > 0
				? stored.map(rowOfItem)
				: debrief.improvementDrafts.map<PlanRow>((d) => ({
						id: null,
						draftKey: d.key,
						issue: d.issue,
						correctiveAction: d.correctiveAction,
						planSection: d.planSection,
						capabilityElement: d.capabilityElement,
						owner: '',
						dueDate: null,
						status: null,
						review: 'draft',
						teamId: d.teamId,
						objectiveId: d.objectiveId
					}));
		return {
			debrief,
			items,
			answers: memberAnswers(scenario, state),
			edited: edits ? { at: edits.updatedAt, by: edits.updatedBy } : null
		};
	}
}

/** The room's Markdown (chat, RFI answers, improvised inject bodies) as sanitised HTML, by id. */
export interface RoomHtml {
	chat: Record<string, string>;
	rfiAnswers: Record<string, string>;
	improvised: Record<string, string>;
}

/**
 * Renders what people wrote in the room for the debrief page, through the sanitising renderer
 * (`render` is renderMarkdown; passed in so this module stays free of the DOM library).
 * The page shows these with {@html}; nothing else of the room is HTML.
 */
export function roomHtml(room: DebriefRoom, render: (markdown: string) => string): RoomHtml {
	const html: RoomHtml = { chat: {}, rfiAnswers: {}, improvised: {} };
	for (const c of room.channels) for (const m of c.messages) html.chat[m.id] = render(m.text);
	for (const t of room.teams)
		for (const r of t.rfis) if (r.answer?.text) html.rfiAnswers[r.id] = render(r.answer.text);
	for (const i of room.improvised) html.improvised[i.id] = render(i.body);
	return html;
}

let appDebriefs: Debriefs | undefined;

/** The debriefs over the app's data folder and stores. */
export function debriefs(): Debriefs {
	appDebriefs ??= new Debriefs({
		edits: new EditedFindings(storage.debriefEdits),
		summaryOf: (id) => summaries.get(id),
		items: async () => (await improvements()).list()
	});
	return appDebriefs;
}

/** The debrief of a session over the app's stores. */
export function debriefFor(session: DebriefSource): Promise<DebriefBundle> {
	return debriefs().debriefFor(session);
}

export type DebriefFormat = 'json' | 'md' | 'csv';

/** A debrief export as a download: JSON (the Debrief and its items), Markdown or CSV of scores. */
export function exportResponse(
	bundle: DebriefBundle,
	format: DebriefFormat,
	options: { download: boolean }
): Response {
	const { debrief, items } = bundle;
	const base = `debrief-${slug(debrief.overview.title)}-${debrief.overview.sessionId}`;
	let body: string;
	let type: string;
	if (format === 'md') {
		body = debriefMarkdown(debrief, planLines(items));
		type = 'text/markdown; charset=utf-8';
	} else if (format === 'csv') {
		body = scoresCsv(debrief);
		type = 'text/csv; charset=utf-8';
	} else {
		body = JSON.stringify(
			{ ...debrief, items, answers: bundle.answers, edited: bundle.edited },
			null,
			2
		);
		type = 'application/json; charset=utf-8';
	}
	const name = format === 'csv' ? `${base}-scores.csv` : `${base}.${format}`;
	const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
	if (options.download) headers['content-disposition'] = `attachment; filename="${name}"`;
	return new Response(body, { headers });
}

/** The improvement plan rows as the report builders take them (state in words). */
export function planLines(items: readonly PlanRow[]): AarPlanRow[] {
	return items.map((i) => ({
		issue: i.issue,
		correctiveAction: i.correctiveAction,
		planSection: i.planSection,
		capabilityElement: i.capabilityElement,
		owner: i.owner || undefined,
		dueDate: i.dueDate ?? undefined,
		status: rowState(i)
	}));
}

/** The name of the staff account `id` (the session's facilitator), or the id if it is gone. */
export async function accountName(id: string): Promise<string> {
	await getAuth();
	return (await storage.accounts.findUser(id))?.name ?? id;
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The HSEEP AAR/IP of a session as a .docx download (issue 16). */
export async function aarDocxResponse(
	session: Pick<LiveSession, 'meta'>,
	bundle: DebriefBundle
): Promise<Response> {
	const { debrief, items } = bundle;
	const bytes = await buildAarDocx({
		debrief,
		items: planLines(items),
		facilitator: await accountName(session.meta.facilitatorId)
	});
	const name = `aar-ip-${slug(debrief.overview.title)}-${debrief.overview.sessionId}.docx`;
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': DOCX_TYPE,
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'no-store'
		}
	});
}

function slug(text: string): string {
	return (
		text
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40) || 'session'
	);
}

/**
 * Refuses a trainee (their session cookie or a `Bearer stp_` token, without a staff sign-in) with
 * 403: the debrief holds everyone's answers and scores; trainees have their own results page.
 */
export function refuseTrainees(
	event: { locals: App.Locals; request: Request; cookies: Cookies },
	id: string
): void {
	if (!event.locals.user && traineeToken(event, id)) {
		error(403, 'The debrief is for facilitators and leads; trainees see their own results.');
	}
}

/** The session for staff who may view (or edit) its debrief, or 401/403/404. */
export async function debriefSession(
	event: { locals: App.Locals; request: Request; cookies: Cookies },
	id: string,
	need: 'view' | 'control' = 'view'
): Promise<{ session: LiveSession; user: User }> {
	refuseTrainees(event, id);
	return staffSession(event.locals, id, need);
}
