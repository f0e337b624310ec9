/**
 * The sessions table: one row per shown session, newest first, with the room's and each selected
 * team's percent per phase; built for one page of rows only, while every session is counted.
 */
import type { TeamSummary } from '../../engine/score/summary';
import { minutesOf } from './numbers';
import type { Accumulator, ShownSession } from './shown';

export interface TeamRow {
	id: string;
	name: string;
	/** Percent per phase id; null when nothing was at stake for the team in that phase. */
	phases: Record<string, number | null>;
	total: number | null;
	outcome: TeamSummary['outcome'];
	timeToIdentifyMinutes: number | null;
	timeToContainMinutes: number | null;
}

export interface SessionRow {
	id: string;
	title: string;
	scenarioId: string;
	scenarioTitle: string;
	facilitatorId: string;
	/** When it ended (ms), or started or was created when it has no end. */
	at: number;
	/** `at` as a calendar day, YYYY-MM-DD. */
	day: string;
	/** The session's debrief page. */
	link: string;
	/** Mean of the (selected) teams' percent per phase id, in the scenario's phase order. */
	room: Record<string, number | null>;
	roomTotal: number | null;
	teams: TeamRow[];
}

/** Which page of rows is shown, and how many sessions there are in all. */
export interface SessionPage {
	page: number;
	pages: number;
	size: number;
	total: number;
}

/** The rows of one page of `total` sessions, added oldest first. */
export class SessionRows implements Accumulator {
	private readonly rows: SessionRow[] = [];
	private readonly page: SessionPage;
	private readonly firstRow: number;
	private index = 0;

	/**
	 * `asked`: the page and its size (clamped to the pages that exist; size 0: no rows); without
	 * it, every session on one page.
	 */
	constructor(
		private readonly total: number,
		asked?: { page: number; size: number }
	) {
		const size = Math.max(0, Math.floor(asked?.size ?? total));
		const pages = size === 0 ? 1 : Math.max(1, Math.ceil(total / size));
		const number = Math.floor(asked?.page ?? 1);
		const page = Number.isFinite(number) ? Math.min(Math.max(1, number), pages) : 1;
		this.page = { page, pages, size, total };
		this.firstRow = (page - 1) * size;
	}

	add(session: ShownSession): void {
		// Rows count from the newest session; sessions arrive oldest first.
		const rowIndex = this.total - 1 - this.index++;
		if (rowIndex < this.firstRow || rowIndex >= this.firstRow + this.page.size) return;
		// Only rows on the page build the records and team lists they show.
		const { summary: s, at, day, teams, room, roomTotal } = session;
		this.rows.push({
			id: s.sessionId,
			title: s.title,
			scenarioId: s.scenarioId,
			scenarioTitle: s.scenarioTitle,
			facilitatorId: s.facilitatorId,
			at,
			day,
			link: `/sessions/${s.sessionId}/debrief`,
			room,
			roomTotal,
			teams: teams.map<TeamRow>((t) => {
				const phases: Record<string, number | null> = {};
				for (const p of s.phases) phases[p.id] = t.phases[p.id]?.percent ?? null;
				return {
					id: t.id,
					name: t.name,
					phases,
					total: t.total.percent,
					outcome: t.outcome,
					timeToIdentifyMinutes: minutesOf(t.timeToIdentifyMs),
					timeToContainMinutes: minutesOf(t.timeToContainMs)
				};
			})
		});
	}

	/** The page's rows, newest first, and which page they are. */
	result(): { rows: SessionRow[]; page: SessionPage } {
		return { rows: [...this.rows].reverse(), page: { ...this.page } };
	}
}
