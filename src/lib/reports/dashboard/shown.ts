/**
 * A session as every section of the dashboard reads it: scoped by the filters, with the room's
 * scores over the selected teams and its place on the trends worked out once. The sections read
 * the compact record (arrays by phase and team index); `room` and `teams` as records and
 * summaries are built only when asked (the page of session rows).
 */
import type { TeamSummary } from '../../engine/score/summary';
import type { CompactSummary } from './compact';
import { meanOf } from './numbers';
import type { Slot } from './resolution';
import type { ScopedSession } from './scope';

export class ShownSession {
	constructor(
		readonly record: CompactSummary,
		/** `at` as a calendar day, YYYY-MM-DD. */
		readonly day: string,
		/** Indices of the selected teams (every team without a team filter). */
		readonly selected: readonly number[],
		/**
		 * Percent per phase index of `record.phases`: the room's own figure, or with a team filter
		 * the mean of the selected teams; NaN when nothing was at stake (`room` has null).
		 */
		readonly roomByPhase: readonly number[],
		/** Mean of the selected teams' total percent. */
		readonly roomTotal: number | null,
		/** Where the session falls on the trends and timings. */
		readonly slot: Slot
	) {}

	get summary() {
		return this.record.summary;
	}

	/** When it ended (ms), or started or was created when it has no end. */
	get at(): number {
		return this.record.at;
	}

	/** The selected teams' summaries. */
	get teams(): TeamSummary[] {
		return this.selected.map((i) => this.record.teams[i].summary);
	}

	/** `roomByPhase` by phase id, in the scenario's phase order. */
	get room(): Record<string, number | null> {
		const room: Record<string, number | null> = {};
		const ids = this.record.phases.ids;
		for (let i = 0; i < ids.length; i++) {
			const v = this.roomByPhase[i];
			room[ids[i]] = Number.isNaN(v) ? null : v;
		}
		return room;
	}
}

/** One section of the dashboard, fed the shown sessions oldest first. */
export interface Accumulator {
	add(session: ShownSession): void;
}

/** `scoped` with its room scores (`teamFilter`: some teams are selected) and its slot. */
export function showSession(scoped: ScopedSession, teamFilter: boolean, slot: Slot): ShownSession {
	const { record, selected } = scoped;
	let room = record.room;
	if (teamFilter) {
		room = new Array<number>(room.length);
		for (let p = 0; p < room.length; p++) {
			let sum = 0;
			let n = 0;
			for (const i of selected) {
				const v = record.teams[i].percents[p];
				if (Number.isNaN(v)) continue;
				sum += v;
				n++;
			}
			room[p] = n === 0 ? NaN : sum / n;
		}
	}
	let totalSum = 0;
	let totalN = 0;
	for (const i of selected) {
		const total = record.teams[i].total;
		if (total === null) continue;
		totalSum += total;
		totalN++;
	}
	return new ShownSession(record, scoped.day, selected, room, meanOf(totalSum, totalN), slot);
}
