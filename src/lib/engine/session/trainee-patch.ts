/**
 * The live protocol to a trainee: after events are applied, only the parts of their view the
 * events touched (clock, team, changed injects), or the whole view at the reveal; and a key that
 * lets the server build one patch for everyone who would get the same one.
 */
import type { SessionEvent } from './events';
import { decisionKey, type Scenario } from '../scenario/model';
import type { ClockState } from './clock';
import { roomPatchIsPersonal, traineeRoomPatch, type TraineeRoomPatch } from './room-view';
import { answerKey, type SessionState, type SessionStatus } from './state';
import {
	addressedTo,
	teamPart,
	traineeInject,
	traineeView,
	type RenderMarkdown,
	type TraineeInject,
	type TraineeView
} from './trainee-view';

/** A change to a trainee's view: only the parts that `events` touched. */
export interface TraineePatch {
	seq: number;
	status?: SessionStatus;
	revealed?: boolean;
	clock?: ClockState;
	team?: TraineeView['team'];
	/** Injects added or changed, to insert or replace by id (in release order). */
	injects?: TraineeInject[];
	/** Room changes: new messages, RFIs, improvised injects, the record, my feedback. */
	room?: TraineeRoomPatch;
	/** The whole view, when too much changed to patch (the reveal). */
	view?: TraineeView;
}

interface PatchScope {
	clock: boolean;
	team: boolean;
	/** Injects the trainee sees whose content changed, in release order. */
	injects: string[];
}

/** Which parts of a trainee's view `events` touched. */
function patchScope(
	scenario: Scenario,
	state: SessionState,
	me: { id: string; teamId: string; role: string },
	events: readonly SessionEvent[]
): PatchScope {
	const team = state.teams[me.teamId];
	const scope: PatchScope = { clock: false, team: false, injects: [] };
	const touched = new Set<string>();
	for (const e of events) {
		if (e.type.startsWith('clock.') || e.type === 'session.ended') {
			scope.clock = true;
			continue;
		}
		if (!('teamId' in e) || e.teamId !== team.id) continue;
		switch (e.type) {
			case 'participant.joined':
				scope.team = true;
				// Team decisions list every member's proposal.
				for (const id of team.releaseOrder) {
					if (scenario.injectById[id].decisions.some((d) => d.team)) touched.add(id);
				}
				break;
			case 'team.completed':
				scope.team = true;
				break;
			case 'inject.released':
			case 'inject.dropped':
			case 'decision.answered':
			case 'decision.locked':
			case 'decision.overridden':
			case 'deadline.expired':
				touched.add(e.injectId);
				break;
			case 'response.submitted': {
				const decision = scenario.decisionByKey[decisionKey(e.injectId, e.decisionId)];
				if (decision?.team || e.participantId === me.id) touched.add(e.injectId);
				break;
			}
		}
	}
	scope.injects = team.releaseOrder.filter(
		(id) => touched.has(id) && addressedTo(scenario.injectById[id], me.role)
	);
	return scope;
}

/**
 * What a trainee must be told about `events` (already applied to `state`), or null if nothing
 * they can see changed. Events of other teams and other people's individual answers touch
 * nothing; the reveal sends the whole view.
 */
export function traineePatch(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	events: readonly SessionEvent[],
	md: RenderMarkdown
): TraineePatch | null {
	const me = state.participants[participantId];
	if (!me) return null;
	const seq = state.seq;
	if (events.some((e) => e.type === 'answers.revealed')) {
		return { seq, view: traineeView(scenario, state, participantId, md)! };
	}
	const team = state.teams[me.teamId];
	const scope = patchScope(scenario, state, me, events);
	const patch: TraineePatch = { seq };
	if (scope.clock) {
		patch.clock = state.clock;
		patch.status = state.status;
	}
	if (scope.team) patch.team = teamPart(scenario, state, team, md);
	if (scope.injects.length > 0) {
		patch.injects = scope.injects.map((id) =>
			traineeInject(scenario, state, team, me.id, scenario.injectById[id], md)
		);
	}
	const room = traineeRoomPatch(scenario, state, participantId, events, md);
	if (room) patch.room = room;
	return Object.keys(patch).length > 1 ? patch : null;
}

/**
 * A key such that two trainees with the same key get the same patch for `events`: team, role
 * and what changed, plus the trainee's own id only when the patch carries their own answers
 * (or, after the reveal, their own points). Lets the server build one patch per team and role
 * when an inject goes out to a room.
 */
export function traineePatchKey(
	scenario: Scenario,
	state: SessionState,
	participantId: string,
	events: readonly SessionEvent[]
): string | null {
	const me = state.participants[participantId];
	if (!me) return null;
	if (events.some((e) => e.type === 'answers.revealed')) return `view|${me.id}`;
	const scope = patchScope(scenario, state, me, events);
	const personal =
		scope.injects.length > 0 &&
		(state.revealed ||
			scope.injects.some((id) =>
				scenario.injectById[id].decisions.some(
					(d) => state.latest[answerKey(me.id, id, d.id)] !== undefined
				)
			));
	return [
		me.teamId,
		me.role,
		scope.clock ? 'clock' : '',
		scope.team ? 'team' : '',
		scope.injects.join(','),
		personal || roomPatchIsPersonal(events, me.id) ? me.id : ''
	].join('|');
}
