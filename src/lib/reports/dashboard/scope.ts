/**
 * Which sessions the dashboard counts: the caller's own (a facilitator's), narrowed by the
 * filters, oldest first; and the choices the filter form offers, from everything the caller may
 * see whatever else is selected.
 */
import type { SessionSummary, TeamSummary } from '../../engine/score/summary';
import { compactSummary, dayOf, type CompactSummary } from './compact';
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
export class ScopedSession {
	constructor(
		/** The session's summary as the dashboard reads it. */
		readonly record: CompactSummary,
		/** `at` as a calendar day, YYYY-MM-DD. */
		readonly day: string,
		/** Indices of the teams the filters select (every team without a team filter). */
		readonly selected: readonly number[]
	) {}

	get summary(): SessionSummary {
		return this.record.summary;
	}

	/** When it ended (ms), or started or was created when it has no end. */
	get at(): number {
		return this.record.at;
	}

	/** The teams the filters select (every team without a team filter). */
	get teams(): TeamSummary[] {
		return this.selected.map((i) => this.record.teams[i].summary);
	}
}

export interface FilterChoices {
	scenarios: { id: string; title: string }[];
	teams: string[];
}

/**
 * The sessions that pass `filters`, oldest first, and the filter form's choices. `names` is not
 * read: names arrive normalised in each summary's compact record (kept for callers).
 */
export function scopeSessions(
	summaries: readonly SessionSummary[],
	filters: DashboardFilters,
	_names: TeamNames,
	utcOffsetMinutes: number
): { shown: ScopedSession[]; choices: FilterChoices } {
	const scenarioSet = new Set(filters.scenarios);
	const teamSet = new Set(filters.teams.map(teamKey));
	const choiceScenarios = new Map<string, string>();
	const choiceTeams = new Map<string, string>();

	const shown: ScopedSession[] = [];
	for (const summary of summaries) {
		if (filters.facilitatorId !== null && summary.facilitatorId !== filters.facilitatorId) continue;
		const record = compactSummary(summary);
		choiceScenarios.set(record.scenarioId, record.scenarioTitle);
		for (const t of record.teams) choiceTeams.set(t.name.key, t.name.label);
		if (scenarioSet.size > 0 && !scenarioSet.has(record.scenarioId)) continue;
		const day = dayOf(record, utcOffsetMinutes);
		if (filters.from !== null && day < filters.from) continue;
		if (filters.to !== null && day > filters.to) continue;
		let selected = record.allTeams;
		if (teamSet.size > 0) {
			selected = [];
			for (let i = 0; i < record.teams.length; i++) {
				if (teamSet.has(record.teams[i].name.key)) (selected as number[]).push(i);
			}
			if (selected.length === 0) continue;
		}
		shown.push(new ScopedSession(record, day, selected));
	}
	// Ties in time are rare: the ids' comparison (as before, localeCompare) runs for those only.
	shown.sort(
		(a, b) => a.record.at - b.record.at || a.record.sessionId.localeCompare(b.record.sessionId)
	);

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
