/**
 * Issue 18: an exercise ended early says so. A team still playing when the session ends has
 * reached no outcome ("ended before an outcome", never the scenario's fallback ending); the
 * phases none of whose injects reached the team are "not reached"; and a team's progress counts
 * what it played, not the time that passed.
 */
import { decisionKey, type Scenario } from '../scenario/model';
import { pending } from './advance';
import { decisionMembers } from './commands';
import { answerKey, type SessionState, type TeamState } from './state';

export const ENDED_EARLY_TITLE = 'Ended before an outcome';
export const ENDED_EARLY_SUMMARY =
	'The exercise was ended before your team reached an outcome. What you decided so far is in the debrief; nothing after this point was played.';

/** True when the session ended before the team reached an outcome. */
export function endedEarly(team: Pick<TeamState, 'ending'>): boolean {
	return team.ending?.reason === 'ended-early';
}

/**
 * The phases the team did not reach: phases of the scenario's injects none of which was
 * released to the team. (A phase no inject belongs to is not "not reached": nothing could.)
 */
export function unreachedPhases(scenario: Scenario, team: TeamState): Set<string> {
	const phases = new Set(scenario.injects.map((i) => i.phase));
	for (const id of team.releaseOrder) phases.delete(scenario.injectById[id]?.phase);
	return phases;
}

/**
 * A team's progress 0..1: what it played (released or skipped injects, resolved attacker stages,
 * closed decisions) over all that is known of its exercise (that plus the open decisions and the
 * releases and stages still to come). A team with an ending is done; a team ended early shows
 * how far it got, and nothing below an ending ever shows 1 while something is open or to come.
 */
export function teamProgress(scenario: Scenario, state: SessionState, team: TeamState): number {
	if (team.ending && !endedEarly(team)) return 1;
	let played =
		team.releaseOrder.length +
		Object.keys(team.skipped).length +
		Object.values(team.dropped).filter((d) => !d.released).length +
		Object.keys(team.stages).length;
	let open = 0;
	for (const d of Object.values(team.decisions)) {
		const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
		// An individual decision stays open to its deadline: it is played once everyone answered.
		if (d.status !== 'open' || (!decision?.team && answeredByAll(scenario, state, team, d)))
			played++;
		else open++;
	}
	// Stages and releases still to come (a team ended early keeps what was pending at the end).
	for (const item of pending(scenario, { ...team, ending: null })) {
		if (item.kind !== 'deadline') open++;
	}
	const known = played + open;
	if (known === 0) return 0;
	return open > 0 ? Math.min(played / known, 0.99) : 1;
}

function answeredByAll(
	scenario: Scenario,
	state: SessionState,
	team: TeamState,
	d: { injectId: string; decisionId: string }
): boolean {
	const members = decisionMembers(scenario, state, team.id, d.injectId);
	return (
		members.length > 0 &&
		members.every((m) => state.latest[answerKey(m.id, d.injectId, d.decisionId)] !== undefined)
	);
}
