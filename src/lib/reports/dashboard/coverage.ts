/**
 * ATT&CK coverage: every technique the shown sessions exercised or the scenario library names,
 * with how often and how recently it was exercised and how well the teams did on it.
 */
import { calendarDay } from './calendar';
import { meanOf } from './numbers';
import type { Accumulator, ShownSession } from './shown';

/** A scenario of the library with every ATT&CK technique it names (scenario and injects). */
export interface ScenarioTechniques {
	id: string;
	title: string;
	techniques: string[];
}

export interface TechniqueCoverage {
	id: string;
	/**
	 * Sessions that exercised it: a shown team saw an inject mapped to it or had a stage of it
	 * fire. A technique the scenario names but no team reached is not exercised (issue 18).
	 */
	exercised: number;
	lastExercised: string | null;
	lastExercisedAt: number | null;
	/** Mean of earned/reachable (percent) over the team results where points were reachable. */
	meanPercent: number | null;
	/** How many team results that mean is over. */
	scored: number;
	never: boolean;
	/** Titles of the scenarios that name it. */
	scenarios: string[];
}

interface Technique {
	exercised: number;
	lastAt: number | null;
	sum: number;
	n: number;
	scenarios: Set<string>;
	/** The title added last (sessions of one scenario repeat it). */
	lastTitle: string | null;
}

/** The coverage of the sessions added and of the scenario library. */
export class Coverage implements Accumulator {
	private readonly techniques = new Map<string, Technique>();

	/** `library`: every scenario, so that techniques nobody has exercised are listed. */
	constructor(
		private readonly utcOffsetMinutes: number,
		private readonly library: readonly ScenarioTechniques[]
	) {}

	private technique(id: string): Technique {
		let t = this.techniques.get(id);
		if (!t) {
			t = { exercised: 0, lastAt: null, sum: 0, n: 0, scenarios: new Set(), lastTitle: null };
			this.techniques.set(id, t);
		}
		return t;
	}

	add({ record, selected }: ShownSession): void {
		const at = record.at;
		const all = selected === record.allTeams;
		const title = record.scenarioTitle;
		for (const technique of record.techniques) {
			// Summaries before scoring version 3 listed every technique of the scenario.
			if (!all && !selected.some((i) => technique.exercised.includes(i))) continue;
			const t = this.technique(technique.id);
			t.exercised++;
			if (t.lastAt === null || at > t.lastAt) t.lastAt = at;
			// Runs of one scenario's sessions add the same title: once is enough.
			if (t.lastTitle !== title) {
				t.scenarios.add(title);
				t.lastTitle = title;
			}
			for (const i of selected) {
				const percent = technique.percent[i];
				if (Number.isNaN(percent)) continue;
				t.sum += percent;
				t.n++;
			}
		}
	}

	/** Never exercised first, then by technique id. */
	result(): TechniqueCoverage[] {
		for (const scenario of this.library) {
			for (const id of scenario.techniques) this.technique(id).scenarios.add(scenario.title);
		}
		return [...this.techniques.entries()]
			.map<TechniqueCoverage>(([id, t]) => ({
				id,
				exercised: t.exercised,
				lastExercised: t.lastAt === null ? null : calendarDay(t.lastAt, this.utcOffsetMinutes),
				lastExercisedAt: t.lastAt,
				meanPercent: meanOf(t.sum, t.n),
				scored: t.n,
				never: t.exercised === 0,
				scenarios: [...t.scenarios].sort((a, b) => a.localeCompare(b))
			}))
			.sort((a, b) => Number(b.never) - Number(a.never) || a.id.localeCompare(b.id));
	}
}
