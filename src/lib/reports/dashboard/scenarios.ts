/**
 * The scenario comparison: per scenario, the mean over its sessions of the room's percent per
 * phase and in total, hardest (lowest total) first. Each session counts once.
 */
import { meanOf } from './numbers';
import type { Accumulator, ShownSession } from './shown';

export interface ScenarioComparison {
	scenarioId: string;
	title: string;
	sessions: number;
	/** Mean over its sessions of the room percent per phase id. */
	phases: Record<string, number | null>;
	total: number | null;
}

interface Mean {
	sum: number;
	n: number;
}

/** The comparison of the scenarios of the sessions added. */
export class ScenarioComparisons implements Accumulator {
	private readonly byScenario = new Map<
		string,
		{ title: string; sessions: number; phases: Map<string, Mean>; total: Mean }
	>();

	add({ record, roomByPhase, roomTotal }: ShownSession): void {
		const s = record;
		let sc = this.byScenario.get(s.scenarioId);
		if (!sc) {
			sc = { title: s.scenarioTitle, sessions: 0, phases: new Map(), total: { sum: 0, n: 0 } };
			this.byScenario.set(s.scenarioId, sc);
		}
		// The latest title wins: sessions arrive oldest first.
		sc.title = s.scenarioTitle;
		sc.sessions++;
		const ids = record.phases.ids;
		for (let p = 0; p < ids.length; p++) {
			let acc = sc.phases.get(ids[p]);
			if (!acc) sc.phases.set(ids[p], (acc = { sum: 0, n: 0 }));
			const r = roomByPhase[p];
			if (!Number.isNaN(r)) {
				acc.sum += r;
				acc.n++;
			}
		}
		if (roomTotal !== null) {
			sc.total.sum += roomTotal;
			sc.total.n++;
		}
	}

	/** Hardest first (lowest total; no total last), then by title. */
	result(): ScenarioComparison[] {
		return [...this.byScenario.entries()]
			.map<ScenarioComparison>(([scenarioId, sc]) => {
				const phases: Record<string, number | null> = {};
				for (const [id, acc] of sc.phases) phases[id] = meanOf(acc.sum, acc.n);
				return {
					scenarioId,
					title: sc.title,
					sessions: sc.sessions,
					phases,
					total: meanOf(sc.total.sum, sc.total.n)
				};
			})
			.sort(
				(a, b) => (a.total ?? Infinity) - (b.total ?? Infinity) || a.title.localeCompare(b.title)
			);
	}
}
