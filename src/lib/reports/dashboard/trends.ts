/**
 * Per-phase trends: for each phase, the room's percent (the organisation, or the selected teams)
 * and each team's percent over time, one point per slot.
 */
import type { PhaseList } from './compact';
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

	/** The series sets of a phase list's phases, by index: sessions of a scenario share them. */
	private readonly setsOf = new Map<PhaseList, SeriesSet[]>();

	/**
	 * `organisationLabel` names the room's series. `_names` is not read: names arrive normalised
	 * in each session's compact record (kept for callers).
	 */
	constructor(
		private readonly resolution: Resolution,
		private readonly organisationLabel: string,
		_names?: TeamNames
	) {}

	private sets(list: PhaseList): SeriesSet[] {
		let sets = this.setsOf.get(list);
		if (!sets) {
			sets = list.ids.map((id) => {
				let set = this.byPhase.get(id);
				if (!set) this.byPhase.set(id, (set = new SeriesSet()));
				return set;
			});
			this.setsOf.set(list, sets);
		}
		return sets;
	}

	add({ record, day, selected, roomByPhase, slot }: ShownSession): void {
		if (this.resolution === 'session') {
			this.timeline.push({ sessionId: record.sessionId, day, title: record.summary.title });
		}
		const sets = this.sets(record.phases);
		for (let p = 0; p < sets.length; p++) {
			const set = sets[p];
			const r = roomByPhase[p];
			if (!Number.isNaN(r))
				set.add('organisation', this.organisationLabel, 'organisation', slot, r);
			for (const i of selected) {
				const t = record.teams[i];
				const v = t.percents[p];
				if (Number.isNaN(v)) continue;
				set.add(t.name.series, t.name.label, 'team', slot, v);
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
