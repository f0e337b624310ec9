/**
 * Which sessions the dashboard counts: the caller's own (a facilitator's), narrowed by the
 * filters, oldest first; and the choices the filter form offers, from everything the caller may
 * see whatever else is selected.
 */
import type { SessionSummary, TeamSummary } from '../../engine/score/summary';
import { dayCounter } from './calendar';
import { teamKey, type TeamNames } from './team-names';

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

/** A session the filters let through. */
export interface ScopedSession {
	summary: SessionSummary;
	/** When it ended (ms), or started or was created when it has no end. */
	at: number;
	/** `at` as a calendar day, YYYY-MM-DD. */
	day: string;
	/** The teams the filters select (every team without a team filter). */
	teams: TeamSummary[];
}

export interface FilterChoices {
	scenarios: { id: string; title: string }[];
	teams: string[];
}

/** The sessions that pass `filters`, oldest first, and the filter form's choices. */
export function scopeSessions(
	summaries: readonly SessionSummary[],
	filters: DashboardFilters,
	names: TeamNames,
	utcOffsetMinutes: number
): { shown: ScopedSession[]; choices: FilterChoices } {
	const dayOf = dayCounter(utcOffsetMinutes);
	const scenarioSet = new Set(filters.scenarios);
	const teamSet = new Set(filters.teams.map(teamKey));
	const choiceScenarios = new Map<string, string>();
	const choiceTeams = new Map<string, string>();

	const shown: ScopedSession[] = [];
	for (const summary of summaries) {
		if (filters.facilitatorId !== null && summary.facilitatorId !== filters.facilitatorId) continue;
		choiceScenarios.set(summary.scenarioId, summary.scenarioTitle);
		for (const t of summary.teams) {
			const n = names.of(t.name);
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
				: summary.teams.filter((t) => teamSet.has(names.of(t.name).key));
		if (teams.length === 0 && teamSet.size > 0) continue;
		shown.push({ summary, at, day, teams });
	}
	shown.sort((a, b) => a.at - b.at || a.summary.sessionId.localeCompare(b.summary.sessionId));

	return {
		shown,
		choices: {
			scenarios: [...choiceScenarios.entries()]
				.map(([id, title]) => ({ id, title }))
				.sort((a, b) => a.title.localeCompare(b.title)),
			teams: [...choiceTeams.values()].sort((a, b) => a.localeCompare(b))
		}
	};
}

/** Whether any filter is set (a facilitator's own-sessions filter counts). */
export function anyFilter(filters: DashboardFilters): boolean {
	return (
		filters.scenarios.length > 0 ||
		filters.teams.length > 0 ||
		filters.from !== null ||
		filters.to !== null ||
		filters.facilitatorId !== null
	);
}
