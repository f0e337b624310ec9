/**
 * Team (and trainee) names as typed differ in case and spacing from session to session; the
 * dashboard matches them loosely and shows the spelling last seen.
 */

/** The key a name is matched by: trimmed, lower case, inner spaces collapsed. */
export function teamKey(name: string): string {
	return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A name as typed, with its match key and its trend-series key. */
export interface TeamName {
	key: string;
	/** `team:<key>`, the key of the team's series in trends and timings. */
	series: string;
	/** The name without surrounding spaces. */
	label: string;
}

/** Normalises names, each spelling once: the same names repeat across thousands of sessions. */
export class TeamNames {
	private readonly byRaw = new Map<string, TeamName>();

	/** How many spellings are held. */
	get size(): number {
		return this.byRaw.size;
	}

	/** The normalised form of `raw`. */
	of(raw: string): TeamName {
		let n = this.byRaw.get(raw);
		if (!n) {
			const key = teamKey(raw);
			n = { key, series: `team:${key}`, label: raw.trim() };
			this.byRaw.set(raw, n);
		}
		return n;
	}
}
