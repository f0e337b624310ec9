/**
 * The security lead's dashboard as a pure function of the stored session summaries and the
 * improvement items: sessions with their per-phase scores, trends over time, the scenario
 * comparison, objective ratings, ATT&CK coverage and the state of the improvement plan. One pass
 * over the summaries (plus one sort by date), so it stays fast at tens of thousands of sessions;
 * it never replays a log. Each section is an accumulator in `./dashboard/`; this module feeds
 * them every shown session once and puts their results together.
 */
import type { SessionSummary } from '../engine/score/summary';
import { calendarDay } from './dashboard/calendar';
import { Coverage, type ScenarioTechniques, type TechniqueCoverage } from './dashboard/coverage';
import {
	summariseItems,
	type DashboardItem,
	type ImprovementSummary
} from './dashboard/improvements';
import { PhaseOrder, type PhaseRef } from './dashboard/phases';
import { Ratings, type RatingSummary } from './dashboard/ratings';
import { autoResolution, slotter, type Resolution } from './dashboard/resolution';
import { ScenarioComparisons, type ScenarioComparison } from './dashboard/scenarios';
import {
	anyFilter,
	scopeSessions,
	type DashboardFilters,
	type FilterChoices
} from './dashboard/scope';
import type { Series } from './dashboard/series';
import { SessionRows, type SessionPage, type SessionRow } from './dashboard/sessions';
import { showSession } from './dashboard/shown';
import { TeamNames } from './dashboard/team-names';
import { Timings } from './dashboard/timings';
import { Trainees, type TraineeRow } from './dashboard/trainees';
import { Trends, type PhaseTrend, type TimelineEntry } from './dashboard/trends';

export { calendarDay } from './dashboard/calendar';
export type { ScenarioTechniques, TechniqueCoverage } from './dashboard/coverage';
export {
	ITEM_STATES,
	itemOverdue,
	itemState,
	type DashboardItem,
	type ImprovementSummary,
	type ItemCounts,
	type ItemGroup,
	type ItemState,
	type OverdueItem
} from './dashboard/improvements';
export type { PhaseRef } from './dashboard/phases';
export type { RatingCounts } from './dashboard/ratings';
export { MAX_TREND_POINTS, RESOLUTIONS, type Resolution } from './dashboard/resolution';
export type { ScenarioComparison } from './dashboard/scenarios';
export type { DashboardFilters } from './dashboard/scope';
export type { Point, Series } from './dashboard/series';
export type { SessionRow, TeamRow } from './dashboard/sessions';
export type { TraineeRow } from './dashboard/trainees';
export type { PhaseTrend } from './dashboard/trends';

export const NO_FILTERS: DashboardFilters = {
	scenarios: [],
	teams: [],
	from: null,
	to: null,
	facilitatorId: null
};

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
	sessionPage: SessionPage;
	/** How finely `trends` and `timings` are drawn. */
	resolution: Resolution;
	/** In `session` resolution, the sessions behind the trend points, oldest first; else empty. */
	timeline: TimelineEntry[];
	trends: PhaseTrend[];
	/** Scenario minutes from the start to the milestone, per session. */
	timings: { identify: Series[]; contain: Series[] };
	/** Hardest first (lowest total). */
	scenarios: ScenarioComparison[];
	ratings: RatingSummary;
	/** Never exercised first, then by technique id. */
	coverage: TechniqueCoverage[];
	improvements: ImprovementSummary;
	/** Per trainee name; null when the caller may not see trainees. */
	trainees: TraineeRow[] | null;
	/** Choices for the filter form, from every summary the caller may see. */
	choices: FilterChoices;
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
	const names = new TeamNames();
	const { shown, choices } = scopeSessions(summaries, filters, names, offset);

	const requested = options.resolution ?? 'auto';
	const resolution = requested === 'auto' ? autoResolution(shown.map((x) => x.day)) : requested;
	const slotOf = slotter(resolution);
	const teamFilter = filters.teams.length > 0;
	const organisation = teamFilter ? 'Selected teams' : 'Organisation';

	const phases = new PhaseOrder();
	const rows = new SessionRows(shown.length, options.sessionPage);
	const trends = new Trends(resolution, organisation, names);
	const timings = new Timings(organisation, names);
	const scenarios = new ScenarioComparisons();
	const ratings = new Ratings();
	const coverage = new Coverage(offset, options.scenarios ?? []);
	const trainees = options.trainees ? new Trainees(names, options.pseudonym) : null;

	// Each section called by name (not through a list of Accumulators): one call site per
	// section keeps each call monomorphic, which at 10,000 sessions shows.
	for (const scoped of shown) {
		const session = showSession(scoped, teamFilter, slotOf(scoped.record.sessionId, scoped.day));
		phases.add(session);
		rows.add(session);
		trends.add(session);
		timings.add(session);
		scenarios.add(session);
		ratings.add(session);
		coverage.add(session);
		trainees?.add(session);
	}

	const sessionIds = new Set(shown.map((s) => s.record.sessionId));
	const shownItems = anyFilter(filters) ? items.filter((i) => sessionIds.has(i.sessionId)) : items;
	const phaseOrder = phases.result();
	const page = rows.result();
	const trend = trends.result(phaseOrder);
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
		phases: phaseOrder,
		sessions: page.rows,
		sessionPage: page.page,
		timeline: trend.timeline,
		resolution,
		trends: trend.trends,
		timings: timings.result(),
		scenarios: scenarios.result(),
		ratings: ratings.result(),
		coverage: coverage.result(),
		improvements: summariseItems(shownItems, today),
		trainees: trainees ? trainees.result() : null,
		choices
	};
}
