/**
 * A session as every section of the dashboard reads it: scoped by the filters, with the room's
 * scores over the selected teams and its place on the trends worked out once.
 */
import type { Slot } from './resolution';
import type { ScopedSession } from './scope';
import { meanOf } from './numbers';

export interface ShownSession extends ScopedSession {
	/**
	 * Percent per phase id, in the scenario's phase order: the room's own figure, or with a team
	 * filter the mean of the selected teams; null when nothing was at stake.
	 */
	room: Record<string, number | null>;
	/** Mean of the selected teams' total percent. */
	roomTotal: number | null;
	/** Where the session falls on the trends and timings. */
	slot: Slot;
}

/** One section of the dashboard, fed the shown sessions oldest first. */
export interface Accumulator {
	add(session: ShownSession): void;
}

/** `scoped` with its room scores (`teamFilter`: some teams are selected) and its slot. */
export function showSession(scoped: ScopedSession, teamFilter: boolean, slot: Slot): ShownSession {
	const { summary: s, teams } = scoped;
	const room: Record<string, number | null> = {};
	for (const p of s.phases) {
		if (!teamFilter) {
			room[p.id] = s.room[p.id] ?? null;
			continue;
		}
		let sum = 0;
		let n = 0;
		for (const t of teams) {
			const v = t.phases[p.id]?.percent;
			if (v === null || v === undefined) continue;
			sum += v;
			n++;
		}
		room[p.id] = meanOf(sum, n);
	}
	let totalSum = 0;
	let totalN = 0;
	for (const t of teams) {
		if (t.total.percent === null) continue;
		totalSum += t.total.percent;
		totalN++;
	}
	return { ...scoped, room, roomTotal: meanOf(totalSum, totalN), slot };
}
