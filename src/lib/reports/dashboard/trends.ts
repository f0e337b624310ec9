/**
 * Per-phase trends: for each phase, the room's percent (the organisation, or the selected teams)
 * and each team's percent over time, one point per slot.
 */
import type { PhaseRef } from './phases';
import type { Resolution } from './resolution';
import { SeriesSet, type Series } from './series';
import type { Accumulator, ShownSession } from './shown';
import type { TeamNames } from './team-names';

export interface PhaseTrend {
	phase: PhaseRef;
	series: Series[];
}

/** A session behind a trend point (in `session` resolution). */
export interface TimelineEntry {
	sessionId: string;
	day: string;
	title: string;
}

/** The series of every phase, and in `session` resolution the sessions behind the points. */
export class Trends implements Accumulator {
	private readonly byPhase = new Map<string, SeriesSet>();
	private readonly timeline: TimelineEntry[] = [];

	/** `organisationLabel` names the room's series. */
	constructor(
		private readonly resolution: Resolution,
		private readonly organisationLabel: string,
		private readonly names: TeamNames
	) {}

	add({ summary: s, day, teams, room, slot }: ShownSession): void {
		if (this.resolution === 'session') {
			this.timeline.push({ sessionId: s.sessionId, day, title: s.title });
		}
		for (const p of s.phases) {
			let set = this.byPhase.get(p.id);
			if (!set) this.byPhase.set(p.id, (set = new SeriesSet()));
			const r = room[p.id];
			if (r !== null) set.add('organisation', this.organisationLabel, 'organisation', slot, r);
			for (const t of teams) {
				const v = t.phases[p.id]?.percent;
				if (v === null || v === undefined) continue;
				const n = this.names.of(t.name);
				set.add(n.series, n.label, 'team', slot, v);
			}
		}
	}

	/** The trends of `phases`, in that order, and the timeline (oldest first; else empty). */
	result(phases: readonly PhaseRef[]): { trends: PhaseTrend[]; timeline: TimelineEntry[] } {
		return {
			trends: phases.map((phase) => ({ phase, series: this.byPhase.get(phase.id)?.list() ?? [] })),
			timeline: this.timeline
		};
	}
}
