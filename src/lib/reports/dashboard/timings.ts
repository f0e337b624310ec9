/**
 * Time to identify and to contain, in scenario minutes from the start to the milestone: each
 * team's per session, and the mean of the teams that reached it for the organisation.
 */
import { meanOf } from './numbers';
import { SeriesSet, type Series } from './series';
import type { Accumulator, ShownSession } from './shown';
import type { TeamNames } from './team-names';

/** The identify and contain series of the sessions added. */
export class Timings implements Accumulator {
	private readonly identify = new SeriesSet();
	private readonly contain = new SeriesSet();

	/**
	 * `organisationLabel` names the room's series. `_names` is not read: names arrive normalised
	 * in each session's compact record (kept for callers).
	 */
	constructor(
		private readonly organisationLabel: string,
		_names?: TeamNames
	) {}

	add({ record, selected, slot }: ShownSession): void {
		let identifySum = 0;
		let identifyN = 0;
		let containSum = 0;
		let containN = 0;
		for (const i of selected) {
			const t = record.teams[i];
			const n = t.name;
			const tti = t.identifyMinutes;
			const ttc = t.containMinutes;
			if (tti !== null) {
				this.identify.add(n.series, n.label, 'team', slot, tti);
				identifySum += tti;
				identifyN++;
			}
			if (ttc !== null) {
				this.contain.add(n.series, n.label, 'team', slot, ttc);
				containSum += ttc;
				containN++;
			}
		}
		const label = this.organisationLabel;
		const orgIdentify = meanOf(identifySum, identifyN);
		const orgContain = meanOf(containSum, containN);
		if (orgIdentify !== null)
			this.identify.add('organisation', label, 'organisation', slot, orgIdentify);
		if (orgContain !== null)
			this.contain.add('organisation', label, 'organisation', slot, orgContain);
	}

	/** Both metrics' series, the organisation first. */
	result(): { identify: Series[]; contain: Series[] } {
		return { identify: this.identify.list(), contain: this.contain.list() };
	}
}
