/**
 * Small hand-made summaries for the dashboard section specs: two phases, teams with a percent
 * per phase, and a session shown the way `buildDashboard` shows it.
 */
import { SCORING_VERSION, type PhaseScore } from '../../engine/score/session-score';
import type { SessionSummary, TeamSummary } from '../../engine/score/summary';
import { compactSummary, dayOf } from './compact';
import type { DashboardItem } from './improvements';
import { slotter, type Resolution } from './resolution';
import { ScopedSession } from './scope';
import { showSession, type ShownSession } from './shown';

export const PHASES = [
	{ id: 'identification', name: 'Identification' },
	{ id: 'containment', name: 'Containment' }
];

function score(percent: number | null): PhaseScore {
	return percent === null
		? { earned: 0, reachable: 0, percent: null }
		: { earned: percent, reachable: 100, percent };
}

/** A team with these percents for identification and containment (total: their mean). */
export function teamOf(
	id: string,
	name: string,
	identification: number | null,
	containment: number | null,
	more: Partial<TeamSummary> = {}
): TeamSummary {
	const values = [identification, containment].filter((v) => v !== null);
	const total = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
	return {
		id,
		name,
		members: 1,
		phases: { identification: score(identification), containment: score(containment) },
		total: score(total),
		timeToIdentifyMs: null,
		timeToContainMs: null,
		endingId: null,
		outcome: null,
		timeouts: 0,
		participation: 1,
		stagesFired: [],
		...more
	};
}

/** An ended session of scenario `phish` with these teams; the room is the teams' mean. */
export function summaryOf(
	id: string,
	endedAt: number,
	teams: TeamSummary[],
	more: Partial<SessionSummary> = {}
): SessionSummary {
	const room: Record<string, number | null> = {};
	for (const p of PHASES) {
		const values = teams.map((t) => t.phases[p.id].percent).filter((v) => v !== null);
		room[p.id] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
	}
	return {
		scoringVersion: SCORING_VERSION,
		sessionId: id,
		title: `Drill ${id}`,
		scenarioId: 'phish',
		scenarioTitle: 'Phish',
		scenarioHash: 'h',
		facilitatorId: 'fran',
		createdAt: endedAt - 3_600_000,
		startedAt: endedAt - 3_000_000,
		endedAt,
		phases: PHASES,
		teams,
		room,
		objectives: [],
		techniques: {},
		trainees: [],
		planSections: [],
		...more
	};
}

/** `summary` as shown in UTC: every team selected unless `teams` narrows them. */
export function shownOf(
	summary: SessionSummary,
	options: { teams?: string[]; resolution?: Resolution } = {}
): ShownSession {
	const record = compactSummary(summary);
	const day = dayOf(record, 0);
	const selected = options.teams
		? record.allTeams.filter((i) => options.teams!.includes(record.teams[i].id))
		: record.allTeams;
	const slot = slotter(options.resolution ?? 'session')(summary.sessionId, day);
	return showSession(new ScopedSession(record, day, selected), options.teams !== undefined, slot);
}

/** An accepted, open item of session `s1` with no owner, due date or plan section. */
export function itemOf(over: Partial<DashboardItem> & { id: string }): DashboardItem {
	return {
		sessionId: 's1',
		issue: `Issue ${over.id}`,
		owner: '',
		dueDate: null,
		planSection: null,
		review: 'accepted',
		status: 'open',
		...over
	};
}
