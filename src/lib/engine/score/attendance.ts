/**
 * Who took part in a session (issue 16): each participant's team, role, when they joined and
 * when they last did something the log records. The log has no leave events (a trainee closes
 * the tab, nobody is told), so "last action" is exactly that, never called the time they left.
 * Pure: read from the folded state.
 */
import type { Scenario } from '../scenario/model';
import type { SessionState } from '../session/state';

export interface AttendanceRow {
	participantId: string;
	name: string;
	teamId: string;
	teamName: string;
	roleId: string;
	roleName: string;
	/** Wall-clock ms of joining. */
	joinedAt: number;
	/** Wall-clock ms of their last recorded action; null when they joined and did nothing else. */
	lastActionAt: number | null;
}

/** How the attendance list's last column is to be read, for every place that shows it. */
export const LAST_ACTION_NOTE =
	'The session log records when each participant joined and what they did, not when they left: ' +
	'"last action" is their last recorded answer, decision, message, RFI, record entry or feedback.';

/** The attendance list of a session: participants by team (in the session's order), then joining time. */
export function attendanceOf(scenario: Scenario, state: SessionState): AttendanceRow[] {
	const teamRank = new Map(state.teamOrder.map((id, i) => [id, i]));
	const roleName = (id: string) => scenario.roles.find((r) => r.id === id)?.name ?? id;
	return Object.values(state.participants)
		.map((p) => ({
			participantId: p.id,
			name: p.name,
			teamId: p.teamId,
			teamName: state.teams[p.teamId]?.name ?? p.teamId,
			roleId: p.role,
			roleName: roleName(p.role),
			joinedAt: p.joinedAt,
			lastActionAt: p.lastActionAt ?? null
		}))
		.sort(
			(a, b) =>
				(teamRank.get(a.teamId) ?? Infinity) - (teamRank.get(b.teamId) ?? Infinity) ||
				a.joinedAt - b.joinedAt
		);
}
