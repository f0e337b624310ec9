/**
 * Trainees across sessions, grouped by name (matched loosely, as team names are): how many
 * sessions, their mean and latest percent, and the teams they played in. For leads and admins.
 */
import { meanOf } from './numbers';
import type { Accumulator, ShownSession } from './shown';
import type { TeamNames } from './team-names';

export interface TraineeRow {
	/** The name as last typed, or its pseudonym. */
	name: string;
	sessions: number;
	meanPercent: number | null;
	lastDay: string;
	lastPercent: number | null;
	teams: string[];
}

interface Trainee {
	name: string;
	sessions: number;
	sum: number;
	n: number;
	lastDay: string;
	lastPercent: number | null;
	teams: Map<string, string>;
}

/** The trainees of the selected teams of the sessions added. */
export class Trainees implements Accumulator {
	private readonly byName = new Map<string, Trainee>();

	/**
	 * `pseudonym`, when given, replaces every name in the result. `_names` is not read: names
	 * arrive normalised in each session's compact record (kept for callers).
	 */
	constructor(
		_names: TeamNames | undefined,
		private readonly pseudonym?: (name: string) => string
	) {}

	add({ record, day, selected }: ShownSession): void {
		const all = selected === record.allTeams;
		for (const p of record.trainees) {
			// The first selected team of that id (without a team filter, the first of all).
			const index = all ? p.team : (selected.find((i) => record.teams[i].id === p.teamId) ?? -1);
			if (index < 0) continue;
			const teamName = record.teams[index].name;
			const person = p.name;
			let row = this.byName.get(person.key);
			if (!row) {
				row = {
					name: person.label,
					sessions: 0,
					sum: 0,
					n: 0,
					lastDay: day,
					lastPercent: null,
					teams: new Map()
				};
				this.byName.set(person.key, row);
			}
			// Sessions arrive oldest first, so the latest spelling and percent win.
			row.name = person.label;
			row.sessions++;
			row.lastDay = day;
			row.lastPercent = p.percent;
			row.teams.set(teamName.key, teamName.label);
			if (p.percent !== null) {
				row.sum += p.percent;
				row.n++;
			}
		}
	}

	/** One row per trainee, by name. */
	result(): TraineeRow[] {
		const pseudonym = this.pseudonym;
		return [...this.byName.values()]
			.map((t) => ({
				name: pseudonym ? pseudonym(t.name) : t.name,
				sessions: t.sessions,
				meanPercent: meanOf(t.sum, t.n),
				lastDay: t.lastDay,
				lastPercent: t.lastPercent,
				teams: [...t.teams.values()].sort((a, b) => a.localeCompare(b))
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
	}
}
