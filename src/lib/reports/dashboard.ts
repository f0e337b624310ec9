/**
 * The security lead's dashboard as a pure function of the stored session summaries and the
 * improvement items: sessions with their per-phase scores, trends over time, the scenario
 * comparison, objective ratings, ATT&CK coverage and the state of the improvement plan. One pass
 * over the summaries (plus one sort by date), so it stays fast at tens of thousands of sessions;
 * it never replays a log.
 */
import type { Rating } from '../engine/session/events';
import { round } from '../engine/score/scoring';
import type { SessionSummary, TeamSummary } from '../engine/score/summary';

/** What the dashboard is narrowed to; empty lists and nulls mean "all". */
export interface DashboardFilters {
	/** Scenario ids. */
	scenarios: string[];
	/** Team names, matched without regard to case or surrounding spaces. */
	teams: string[];
	/** First and last calendar day (YYYY-MM-DD, inclusive) of the sessions' end. */
	from: string | null;
	to: string | null;
	/** Only this facilitator's sessions (always set for a facilitator). */
	facilitatorId: string | null;
}

export const NO_FILTERS: DashboardFilters = {
	scenarios: [],
	teams: [],
	from: null,
	to: null,
	facilitatorId: null
};

/** The fields of an improvement item the dashboard counts (an ImprovementItem fits). */
export interface DashboardItem {
	id: string;
	sessionId: string;
	issue: string;
	owner: string;
	/** YYYY-MM-DD or null. */
	dueDate: string | null;
	planSection: string | null;
	review: 'pending' | 'accepted' | 'deferred' | 'rejected';
	status: 'open' | 'in-progress' | 'done' | 'verified';
}

/** A scenario of the library with every ATT&CK technique it names (scenario and injects). */
export interface ScenarioTechniques {
	id: string;
	title: string;
	techniques: string[];
}

export interface DashboardOptions {
	/** Every scenario in the library, so that techniques nobody has exercised are listed. */
	scenarios?: ScenarioTechniques[];
	/** Include trainees (leads and admins); facilitators get `trainees: null`. */
	trainees?: boolean;
	/** Replaces every trainee name (pseudonymised exports). */
	pseudonym?: (name: string) => string;
	/** Minutes east of UTC that calendar days (dates, months, "today") are counted in. */
	utcOffsetMinutes?: number;
	/** Trend resolution; `auto` (the default) is per session up to MAX_TREND_POINTS sessions. */
	resolution?: Resolution | 'auto';
	/**
	 * Build the rows of one page of sessions only (newest first; the page is clamped to those
	 * that exist; size 0: no rows); the default is every session. Everything else still counts
	 * them all.
	 */
	sessionPage?: { page: number; size: number };
}

/** Where an improvement item stands: its review, or once accepted its progress. */
export const ITEM_STATES = [
	'pending',
	'open',
	'in-progress',
	'done',
	'verified',
	'deferred',
	'rejected'
] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export type ItemCounts = Record<ItemState, number>;

export interface PhaseRef {
	id: string;
	name: string;
}

export interface TeamRow {
	id: string;
	name: string;
	/** Percent per phase id; null when nothing was at stake for the team in that phase. */
	phases: Record<string, number | null>;
	total: number | null;
	outcome: TeamSummary['outcome'];
	timeToIdentifyMinutes: number | null;
	timeToContainMinutes: number | null;
}

export interface SessionRow {
	id: string;
	title: string;
	scenarioId: string;
	scenarioTitle: string;
	facilitatorId: string;
	/** When it ended (ms), or started or was created when it has no end. */
	at: number;
	/** `at` as a calendar day, YYYY-MM-DD. */
	day: string;
	/** The session's debrief page. */
	link: string;
	/** Mean of the (selected) teams' percent per phase id, in the scenario's phase order. */
	room: Record<string, number | null>;
	roomTotal: number | null;
	teams: TeamRow[];
}

/** How finely trends are drawn: one point per session, or the mean per day, week or month. */
export const RESOLUTIONS = ['session', 'day', 'week', 'month'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Above this many points a trend is drawn one step coarser (`resolution: 'auto'`). */
export const MAX_TREND_POINTS = 120;

export interface Point {
	/** The session's day, or the first day of the day, week (Monday) or month. */
	day: string;
	/** The session (resolution `session`), else null. */
	sessionId: string | null;
	/** The percent or minutes; the mean of the sessions in the period. */
	value: number;
	/** Sessions the value is over. */
	sessions: number;
}

export interface Series {
	/** `organisation`, or `team:<lower-case name>`. */
	key: string;
	label: string;
	kind: 'organisation' | 'team';
	points: Point[];
}

export interface PhaseTrend {
	phase: PhaseRef;
	series: Series[];
}

export interface ScenarioComparison {
	scenarioId: string;
	title: string;
	sessions: number;
	/** Mean over its sessions of the room percent per phase id. */
	phases: Record<string, number | null>;
	total: number | null;
}

export type RatingCounts = Record<Rating | 'unrated', number>;

export interface TechniqueCoverage {
	id: string;
	/** Sessions that exercised it: their teams saw an inject mapped to it, or their scenario names it. */
	exercised: number;
	lastExercised: string | null;
	lastExercisedAt: number | null;
	/** Mean of earned/reachable (percent) over the team results where points were reachable. */
	meanPercent: number | null;
	/** How many team results that mean is over. */
	scored: number;
	never: boolean;
	/** Titles of the scenarios that name it. */
	scenarios: string[];
}

export interface ItemGroup {
	/** Plan section id or owner; null for items without one. */
	key: string | null;
	label: string;
	total: number;
	counts: ItemCounts;
	overdue: number;
}

export interface OverdueItem {
	id: string;
	sessionId: string;
	issue: string;
	owner: string;
	dueDate: string;
	daysOverdue: number;
	planSection: string | null;
	state: ItemState;
}

export interface ImprovementSummary {
	total: number;
	counts: ItemCounts;
	overdue: number;
	/** Overdue items, longest overdue first. */
	overdueItems: OverdueItem[];
	bySection: ItemGroup[];
	byOwner: ItemGroup[];
}

export interface TraineeRow {
	/** The name as last typed, or its pseudonym. */
	name: string;
	sessions: number;
	meanPercent: number | null;
	lastDay: string;
	lastPercent: number | null;
	teams: string[];
}

export interface Dashboard {
	generatedAt: number;
	/** Today as a calendar day (what "overdue" is measured against). */
	today: string;
	filters: DashboardFilters;
	/** Every phase the shown sessions have, in scenario order. */
	phases: PhaseRef[];
	/** Newest first: every session shown, or the page `options.sessionPage` asked for. */
	sessions: SessionRow[];
	/** Which page `sessions` is, and how many sessions the filters matched in all. */
	sessionPage: { page: number; pages: number; size: number; total: number };
	/** How finely `trends` and `timings` are drawn. */
	resolution: Resolution;
	/** In `session` resolution, the sessions behind the trend points, oldest first; else empty. */
	timeline: { sessionId: string; day: string; title: string }[];
	trends: PhaseTrend[];
	/** Scenario minutes from the start to the milestone, per session. */
	timings: { identify: Series[]; contain: Series[] };
	/** Hardest first (lowest total). */
	scenarios: ScenarioComparison[];
	ratings: { total: RatingCounts; byMonth: ({ month: string } & RatingCounts)[] };
	/** Never exercised first, then by technique id. */
	coverage: TechniqueCoverage[];
	improvements: ImprovementSummary;
	/** Per trainee name; null when the caller may not see trainees. */
	trainees: TraineeRow[] | null;
	/** Choices for the filter form, from every summary the caller may see. */
	choices: { scenarios: { id: string; title: string }[]; teams: string[] };
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A calendar day, YYYY-MM-DD, of `ms` at `offsetMinutes` east of UTC. */
export function calendarDay(ms: number, offsetMinutes = 0): string {
	return new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

function teamKey(name: string): string {
	return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

function meanOf(sum: number, n: number): number | null {
	return n === 0 ? null : round(sum / n);
}

function minutes(ms: number | null): number | null {
	return ms === null ? null : round(ms / MINUTE_MS);
}

function emptyItemCounts(): ItemCounts {
	return {
		pending: 0,
		open: 0,
		'in-progress': 0,
		done: 0,
		verified: 0,
		deferred: 0,
		rejected: 0
	};
}

function emptyRatings(): RatingCounts {
	return { P: 0, S: 0, M: 0, U: 0, unrated: 0 };
}

/** An item's one state: pending, deferred or rejected in review, else its progress. */
export function itemState(item: Pick<DashboardItem, 'review' | 'status'>): ItemState {
	return item.review === 'accepted' ? item.status : item.review;
}

/** Past its due date, not done or verified, and not rejected. */
export function itemOverdue(
	item: Pick<DashboardItem, 'dueDate' | 'status' | 'review'>,
	today: string
): boolean {
	if (!item.dueDate || item.review === 'rejected') return false;
	return item.dueDate < today && item.status !== 'done' && item.status !== 'verified';
}

/** A time series keyed by team (or the organisation), filled in date order. */
class SeriesSet {
	private readonly byKey = new Map<string, Series & { period: string; sum: number }>();

	/** Adds a value for the period `period` (periods arrive in date order). */
	add(
		key: string,
		label: string,
		kind: Series['kind'],
		period: string,
		day: string,
		sessionId: string | null,
		value: number
	): void {
		let series = this.byKey.get(key);
		if (!series) {
			series = { key, label, kind, points: [], period: '', sum: 0 };
			this.byKey.set(key, series);
		}
		// Points arrive oldest first, so the last label seen is the most recent spelling.
		series.label = label;
		const last = series.points[series.points.length - 1];
		if (last && series.period === period) {
			series.sum += value;
			last.sessions++;
			last.value = series.sum / last.sessions;
		} else {
			series.period = period;
			series.sum = value;
			series.points.push({ day, sessionId, value, sessions: 1 });
		}
	}

	/** The organisation first, then teams by name; means rounded. */
	list(): Series[] {
		return [...this.byKey.values()]
			.sort(
				(a, b) =>
					Number(b.kind === 'organisation') - Number(a.kind === 'organisation') ||
					a.label.localeCompare(b.label)
			)
			.map(({ key, label, kind, points }) => {
				for (const p of points) if (p.sessions > 1) p.value = round(p.value);
				return { key, label, kind, points };
			});
	}
}

/** The first day of the period `day` (YYYY-MM-DD) falls in. */
export function periodStart(day: string, resolution: Exclude<Resolution, 'session'>): string {
	if (resolution === 'day') return day;
	if (resolution === 'month') return `${day.slice(0, 7)}-01`;
	const ms = Date.parse(day);
	const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
	return new Date(ms - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** The finest resolution that keeps the trends under MAX_TREND_POINTS points. */
function autoResolution(days: readonly string[]): Resolution {
	if (days.length <= MAX_TREND_POINTS) return 'session';
	for (const r of ['day', 'week', 'month'] as const) {
		let count = 0;
		let last = '';
		let lastDay = '';
		for (const day of days) {
			// Days arrive in order; a run of the same day needs one look-up.
			if (day === lastDay) continue;
			lastDay = day;
			const start = periodStart(day, r);
			if (start !== last) {
				count++;
				last = start;
			}
		}
		if (count <= MAX_TREND_POINTS || r === 'month') return r;
	}
	return 'month';
}

/**
 * Adds the phases of `list` not yet in `order`, each just before the next phase of `list` that
 * is, so that scenarios using parts of one phase model merge into that model's order.
 */
function mergePhases(order: PhaseRef[], list: readonly PhaseRef[]): void {
	for (let i = list.length - 1; i >= 0; i--) {
		const p = list[i];
		if (order.some((o) => o.id === p.id)) continue;
		const next = list.slice(i + 1).find((n) => order.some((o) => o.id === n.id));
		const at = next ? order.findIndex((o) => o.id === next.id) : order.length;
		order.splice(at, 0, { id: p.id, name: p.name });
	}
}

interface Scoped {
	summary: SessionSummary;
	at: number;
	day: string;
	teams: TeamSummary[];
}

/** The sessions, trends, comparisons, coverage and improvement counts the dashboard shows. */
export function buildDashboard(
	summaries: readonly SessionSummary[],
	filters: DashboardFilters,
	items: readonly DashboardItem[],
	now: number,
	options: DashboardOptions = {}
): Dashboard {
	const offset = options.utcOffsetMinutes ?? 0;
	const today = calendarDay(now, offset);
	const dayCache = new Map<number, string>();
	const dayOf = (ms: number) => {
		const index = Math.floor((ms + offset * MINUTE_MS) / DAY_MS);
		let day = dayCache.get(index);
		if (day === undefined) dayCache.set(index, (day = calendarDay(ms, offset)));
		return day;
	};
	const scenarioSet = new Set(filters.scenarios);
	const teamSet = new Set(filters.teams.map(teamKey));
	// Team names repeat across thousands of sessions: normalise each spelling once.
	const names = new Map<string, { key: string; series: string; label: string }>();
	const nameOf = (raw: string) => {
		let n = names.get(raw);
		if (!n) {
			const key = teamKey(raw);
			n = { key, series: `team:${key}`, label: raw.trim() };
			names.set(raw, n);
		}
		return n;
	};

	// Filter choices: everything this caller may see, whatever else is selected.
	const choiceScenarios = new Map<string, string>();
	const choiceTeams = new Map<string, string>();

	const shown: Scoped[] = [];
	for (const summary of summaries) {
		if (filters.facilitatorId !== null && summary.facilitatorId !== filters.facilitatorId) continue;
		choiceScenarios.set(summary.scenarioId, summary.scenarioTitle);
		for (const t of summary.teams) {
			const n = nameOf(t.name);
			choiceTeams.set(n.key, n.label);
		}
		if (scenarioSet.size > 0 && !scenarioSet.has(summary.scenarioId)) continue;
		const at = summary.endedAt ?? summary.startedAt ?? summary.createdAt;
		const day = dayOf(at);
		if (filters.from !== null && day < filters.from) continue;
		if (filters.to !== null && day > filters.to) continue;
		const teams =
			teamSet.size === 0
				? summary.teams
				: summary.teams.filter((t) => teamSet.has(nameOf(t.name).key));
		if (teams.length === 0 && teamSet.size > 0) continue;
		shown.push({ summary, at, day, teams });
	}
	shown.sort((a, b) => a.at - b.at || a.summary.sessionId.localeCompare(b.summary.sessionId));

	const phaseOrder: PhaseRef[] = [];
	const knownPhases = new Set<string>();
	const sessionRows: SessionRow[] = [];
	const trendSets = new Map<string, SeriesSet>();
	const identify = new SeriesSet();
	const contain = new SeriesSet();
	const byScenario = new Map<
		string,
		{
			title: string;
			sessions: number;
			phases: Map<string, { sum: number; n: number }>;
			total: { sum: number; n: number };
		}
	>();
	const ratingTotal = emptyRatings();
	const ratingMonths = new Map<string, RatingCounts>();
	const techniques = new Map<
		string,
		{ exercised: number; lastAt: number | null; sum: number; n: number; scenarios: Set<string> }
	>();
	const trainees = new Map<
		string,
		{
			name: string;
			sessions: number;
			sum: number;
			n: number;
			lastDay: string;
			lastPercent: number | null;
			teams: Map<string, string>;
		}
	>();
	const technique = (id: string) => {
		let t = techniques.get(id);
		if (!t) {
			t = { exercised: 0, lastAt: null, sum: 0, n: 0, scenarios: new Set() };
			techniques.set(id, t);
		}
		return t;
	};

	const requested = options.resolution ?? 'auto';
	const resolution = requested === 'auto' ? autoResolution(shown.map((x) => x.day)) : requested;
	const periods = new Map<string, string>();
	const filtered = teamSet.size > 0;
	const orgLabel = filtered ? 'Selected teams' : 'Organisation';

	// Rows are built for one page of the newest-first list only (all of them by default).
	const total = shown.length;
	const size = Math.max(0, Math.floor(options.sessionPage?.size ?? total));
	const pages = size === 0 ? 1 : Math.max(1, Math.ceil(total / size));
	const asked = Math.floor(options.sessionPage?.page ?? 1);
	const page = Number.isFinite(asked) ? Math.min(Math.max(1, asked), pages) : 1;
	const firstRow = (page - 1) * size;

	for (let index = 0; index < total; index++) {
		const { summary: s, at, day, teams } = shown[index];
		const sessionId = resolution === 'session' ? s.sessionId : null;
		let period: string;
		if (resolution === 'session') period = day;
		else {
			let start = periods.get(day);
			if (start === undefined) periods.set(day, (start = periodStart(day, resolution)));
			period = start;
		}
		// In session resolution every session is its own point, keyed by its id.
		const periodKey = sessionId ?? period;
		// Most sessions bring no new phase: check before merging.
		if (s.phases.some((p) => !knownPhases.has(p.id))) {
			mergePhases(phaseOrder, s.phases);
			for (const p of s.phases) knownPhases.add(p.id);
		}

		const rowIndex = total - 1 - index;
		const room: Record<string, number | null> | null =
			rowIndex >= firstRow && rowIndex < firstRow + size ? {} : null;

		let sc = byScenario.get(s.scenarioId);
		if (!sc) {
			sc = { title: s.scenarioTitle, sessions: 0, phases: new Map(), total: { sum: 0, n: 0 } };
			byScenario.set(s.scenarioId, sc);
		}
		sc.title = s.scenarioTitle;
		sc.sessions++;

		// Per phase: the room (all teams, or the mean of the selected ones), the trends and the
		// scenario comparison, where each session counts once with its room percent.
		for (const p of s.phases) {
			let r: number | null;
			if (filtered) {
				let sum = 0;
				let n = 0;
				for (const t of teams) {
					const v = t.phases[p.id]?.percent;
					if (v === null || v === undefined) continue;
					sum += v;
					n++;
				}
				r = meanOf(sum, n);
			} else r = s.room[p.id] ?? null;
			if (room) room[p.id] = r;

			let set = trendSets.get(p.id);
			if (!set) trendSets.set(p.id, (set = new SeriesSet()));
			if (r !== null)
				set.add('organisation', orgLabel, 'organisation', periodKey, period, sessionId, r);
			for (const t of teams) {
				const v = t.phases[p.id]?.percent;
				if (v === null || v === undefined) continue;
				const n = nameOf(t.name);
				set.add(n.series, n.label, 'team', periodKey, period, sessionId, v);
			}

			let acc = sc.phases.get(p.id);
			if (!acc) sc.phases.set(p.id, (acc = { sum: 0, n: 0 }));
			if (r !== null) {
				acc.sum += r;
				acc.n++;
			}
		}

		let totalSum = 0;
		let totalN = 0;
		let identifySum = 0;
		let identifyN = 0;
		let containSum = 0;
		let containN = 0;
		for (const t of teams) {
			if (t.total.percent !== null) {
				totalSum += t.total.percent;
				totalN++;
			}
			const n = nameOf(t.name);
			const tti = minutes(t.timeToIdentifyMs);
			const ttc = minutes(t.timeToContainMs);
			if (tti !== null) {
				identify.add(n.series, n.label, 'team', periodKey, period, sessionId, tti);
				identifySum += tti;
				identifyN++;
			}
			if (ttc !== null) {
				contain.add(n.series, n.label, 'team', periodKey, period, sessionId, ttc);
				containSum += ttc;
				containN++;
			}
		}
		const roomTotal = meanOf(totalSum, totalN);
		const orgIdentify = meanOf(identifySum, identifyN);
		const orgContain = meanOf(containSum, containN);
		if (orgIdentify !== null)
			identify.add(
				'organisation',
				orgLabel,
				'organisation',
				periodKey,
				period,
				sessionId,
				orgIdentify
			);
		if (orgContain !== null)
			contain.add(
				'organisation',
				orgLabel,
				'organisation',
				periodKey,
				period,
				sessionId,
				orgContain
			);
		if (roomTotal !== null) {
			sc.total.sum += roomTotal;
			sc.total.n++;
		}

		if (room) {
			sessionRows.push({
				id: s.sessionId,
				title: s.title,
				scenarioId: s.scenarioId,
				scenarioTitle: s.scenarioTitle,
				facilitatorId: s.facilitatorId,
				at,
				day,
				link: `/sessions/${s.sessionId}/debrief`,
				room,
				roomTotal,
				teams: teams.map<TeamRow>((t) => {
					const phases: Record<string, number | null> = {};
					for (const p of s.phases) phases[p.id] = t.phases[p.id]?.percent ?? null;
					return {
						id: t.id,
						name: t.name,
						phases,
						total: t.total.percent,
						outcome: t.outcome,
						timeToIdentifyMinutes: minutes(t.timeToIdentifyMs),
						timeToContainMinutes: minutes(t.timeToContainMs)
					};
				})
			});
		}

		// Ratings: an objective rated per team counts once per selected team (unrated when that
		// team has none); one rated only room-wide, or not at all, counts once.
		const month = day.slice(0, 7);
		let monthCounts = ratingMonths.get(month);
		if (!monthCounts) ratingMonths.set(month, (monthCounts = emptyRatings()));
		for (const o of s.objectives) {
			let perTeam = false;
			for (const _ in o.byTeam) {
				perTeam = true;
				break;
			}
			if (!perTeam) {
				ratingTotal[o.rating ?? 'unrated']++;
				monthCounts[o.rating ?? 'unrated']++;
				continue;
			}
			for (const t of teams) {
				const r = o.byTeam[t.id] ?? 'unrated';
				ratingTotal[r]++;
				monthCounts[r]++;
			}
		}

		// ATT&CK coverage.
		for (const id in s.techniques) {
			const t = technique(id);
			t.exercised++;
			if (t.lastAt === null || at > t.lastAt) t.lastAt = at;
			t.scenarios.add(s.scenarioTitle);
			const cells = s.techniques[id];
			for (const team of teams) {
				const cell = cells[team.id];
				if (!cell || cell.reachable <= 0) continue;
				t.sum += (100 * Math.max(0, cell.earned)) / cell.reachable;
				t.n++;
			}
		}

		if (options.trainees) {
			for (const p of s.trainees) {
				const team = teams.find((t) => t.id === p.teamId);
				if (team === undefined) continue;
				const teamName = nameOf(team.name);
				const person = nameOf(p.name);
				let row = trainees.get(person.key);
				if (!row) {
					row = {
						name: person.label,
						sessions: 0,
						sum: 0,
						n: 0,
						lastDay: day,
						lastPercent: null,
						teams: new Map()
					};
					trainees.set(person.key, row);
				}
				row.name = person.label;
				row.sessions++;
				row.lastDay = day;
				row.lastPercent = p.percent;
				row.teams.set(teamName.key, teamName.label);
				if (p.percent !== null) {
					row.sum += p.percent;
					row.n++;
				}
			}
		}
	}

	for (const scenario of options.scenarios ?? []) {
		for (const id of scenario.techniques) technique(id).scenarios.add(scenario.title);
	}

	const phases = phaseOrder;

	const coverage = [...techniques.entries()]
		.map<TechniqueCoverage>(([id, t]) => ({
			id,
			exercised: t.exercised,
			lastExercised: t.lastAt === null ? null : calendarDay(t.lastAt, offset),
			lastExercisedAt: t.lastAt,
			meanPercent: meanOf(t.sum, t.n),
			scored: t.n,
			never: t.exercised === 0,
			scenarios: [...t.scenarios].sort((a, b) => a.localeCompare(b))
		}))
		.sort((a, b) => Number(b.never) - Number(a.never) || a.id.localeCompare(b.id));

	const scenarios = [...byScenario.entries()]
		.map<ScenarioComparison>(([scenarioId, sc]) => {
			const phaseMeans: Record<string, number | null> = {};
			for (const [id, acc] of sc.phases) phaseMeans[id] = meanOf(acc.sum, acc.n);
			return {
				scenarioId,
				title: sc.title,
				sessions: sc.sessions,
				phases: phaseMeans,
				total: meanOf(sc.total.sum, sc.total.n)
			};
		})
		.sort(
			(a, b) => (a.total ?? Infinity) - (b.total ?? Infinity) || a.title.localeCompare(b.title)
		);

	const sessionIds = new Set(shown.map((s) => s.summary.sessionId));
	const anyFilter =
		scenarioSet.size > 0 ||
		teamSet.size > 0 ||
		filters.from !== null ||
		filters.to !== null ||
		filters.facilitatorId !== null;
	const shownItems = anyFilter ? items.filter((i) => sessionIds.has(i.sessionId)) : items;

	const pseudonym = options.pseudonym;
	return {
		generatedAt: now,
		today,
		filters: {
			scenarios: [...filters.scenarios],
			teams: [...filters.teams],
			from: filters.from,
			to: filters.to,
			facilitatorId: filters.facilitatorId
		},
		phases,
		sessions: sessionRows.reverse(),
		sessionPage: { page, pages, size, total },
		timeline:
			resolution === 'session'
				? shown.map((x) => ({ sessionId: x.summary.sessionId, day: x.day, title: x.summary.title }))
				: [],
		resolution,
		trends: phases.map((phase) => ({
			phase,
			series: trendSets.get(phase.id)?.list() ?? []
		})),
		timings: { identify: identify.list(), contain: contain.list() },
		scenarios,
		ratings: {
			total: ratingTotal,
			byMonth: [...ratingMonths.entries()]
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([month, counts]) => ({ month, ...counts }))
		},
		coverage,
		improvements: summariseItems(shownItems, today),
		trainees: options.trainees
			? [...trainees.values()]
					.map((t) => ({
						name: pseudonym ? pseudonym(t.name) : t.name,
						sessions: t.sessions,
						meanPercent: meanOf(t.sum, t.n),
						lastDay: t.lastDay,
						lastPercent: t.lastPercent,
						teams: [...t.teams.values()].sort((a, b) => a.localeCompare(b))
					}))
					.sort((a, b) => a.name.localeCompare(b.name))
			: null,
		choices: {
			scenarios: [...choiceScenarios.entries()]
				.map(([id, title]) => ({ id, title }))
				.sort((a, b) => a.title.localeCompare(b.title)),
			teams: [...choiceTeams.values()].sort((a, b) => a.localeCompare(b))
		}
	};
}

/** Improvement items counted by state, overdue, and grouped by plan section and by owner. */
export function summariseItems(items: readonly DashboardItem[], today: string): ImprovementSummary {
	const counts = emptyItemCounts();
	const sections = new Map<string, ItemGroup>();
	const owners = new Map<string, ItemGroup>();
	const overdueItems: OverdueItem[] = [];
	const group = (map: Map<string, ItemGroup>, key: string | null, label: string) => {
		let g = map.get(key ?? '');
		if (!g)
			map.set(key ?? '', (g = { key, label, total: 0, counts: emptyItemCounts(), overdue: 0 }));
		return g;
	};
	for (const item of items) {
		const state = itemState(item);
		const late = itemOverdue(item, today);
		counts[state]++;
		const section = item.planSection?.trim() || null;
		const owner = item.owner.trim() || null;
		for (const g of [
			group(sections, section, section ?? 'No plan section'),
			group(owners, owner?.toLowerCase() ?? null, owner ?? 'No owner yet')
		]) {
			g.total++;
			g.counts[state]++;
			if (late) g.overdue++;
		}
		if (late) {
			overdueItems.push({
				id: item.id,
				sessionId: item.sessionId,
				issue: item.issue,
				owner: item.owner,
				dueDate: item.dueDate!,
				daysOverdue: daysBetween(item.dueDate!, today),
				planSection: item.planSection,
				state
			});
		}
	}
	const ordered = (map: Map<string, ItemGroup>) =>
		[...map.values()].sort((a, b) =>
			a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label)
		);
	return {
		total: items.length,
		counts,
		overdue: overdueItems.length,
		overdueItems: overdueItems.sort(
			(a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id)
		),
		bySection: ordered(sections),
		byOwner: ordered(owners)
	};
}

/** Days between two calendar days (YYYY-MM-DD), `to` minus `from`. */
function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}
