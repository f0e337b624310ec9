/**
 * What the room thinks, for the console: the answers to a decision counted per option (the
 * answer bars, Kahoot-style, with names so a team's proposals show before the lock), and who is
 * stuck: members an open decision has waited on for a while. Pure, so it is tested without a
 * browser; the console feeds it the server's clock.
 */
import type { FacilitatorDecision, FacilitatorTeam } from '#lib/engine/session/facilitator-view.js';

/** Real time an open decision may wait on someone before the console calls them stuck. */
export const STUCK_MS = 3 * 60_000;

export interface OptionTally {
	id: string;
	label: string;
	correct: boolean;
	count: number;
	/** Share of those who answered, 0..1 (several options each for a multiple choice). */
	share: number;
	/** Who chose it (proposals, while a team decision is open). */
	names: string[];
	/** The option the team locked. */
	locked: boolean;
}

export interface Tally {
	/** Options in the scenario's order; empty for indicators and free text. */
	options: OptionTally[];
	answered: number;
	/** Members asked: those who answered and those it waits for. */
	asked: number;
	/** Answers with a rationale, oldest first. */
	rationales: { name: string; text: string; choice: string | null }[];
}

/** The answers to one decision of one team, counted per option. */
export function tally(d: FacilitatorDecision): Tally {
	const answered = d.answered.length;
	const labelOf = (id: string) => d.options.find((o) => o.id === id)?.label ?? id;
	const options =
		d.kind === 'single' || d.kind === 'multiple'
			? d.options.map((o) => {
					const names = d.answered
						.filter((a) => (a.choice ?? (a.optionId ? [a.optionId] : [])).includes(o.id))
						.map((a) => a.name);
					return {
						id: o.id,
						label: o.label,
						correct: o.correct,
						count: names.length,
						share: answered === 0 ? 0 : names.length / answered,
						names,
						locked: d.lockedOptionId === o.id
					};
				})
			: [];
	const rationales = [...d.answered]
		.filter((a) => a.rationale)
		.sort((a, b) => (a.at ?? 0) - (b.at ?? 0))
		.map((a) => ({
			name: a.name,
			text: a.rationale!,
			choice: a.choice && a.choice.length > 0 ? a.choice.map(labelOf).join(', ') : null
		}));
	return { options, answered, asked: answered + d.waitingFor.length, rationales };
}

export interface Waiting {
	id: string;
	name: string;
	/** Open decisions waiting on this member. */
	open: number;
	/** Real ms since the oldest of them opened (or since the member's last answer, if later). */
	waitingMs: number;
	stuck: boolean;
	/** Whether the member's live connection is open: null when the server does not say. */
	online: boolean | null;
}

/**
 * The members of a team that open decisions wait on, longest-waiting first, at server time
 * `now`. `online` lists the members with a live connection, when the server knows.
 */
export function waitingMembers(
	team: FacilitatorTeam,
	now: number,
	online: readonly string[] | null = null
): Waiting[] {
	const byMember = new Map<string, { name: string; open: number; since: number }>();
	for (const d of team.decisions) {
		if (d.status !== 'open') continue;
		for (const m of d.waitingFor) {
			const since = d.openedAt ?? now;
			const seen = byMember.get(m.id);
			byMember.set(m.id, {
				name: m.name,
				open: (seen?.open ?? 0) + 1,
				since: Math.min(seen?.since ?? since, since)
			});
		}
	}
	return [...byMember.entries()]
		.map(([id, w]) => {
			const active = team.members.find((m) => m.id === id)?.lastActiveAt ?? null;
			const waitingMs = Math.max(0, now - Math.max(w.since, active ?? 0));
			return {
				id,
				name: w.name,
				open: w.open,
				waitingMs,
				stuck: waitingMs >= STUCK_MS,
				online: online ? online.includes(id) : null
			};
		})
		.sort((a, b) => b.waitingMs - a.waitingMs || a.name.localeCompare(b.name));
}

/** A real-time span for people: `45 s`, `3 min`, `1 h 05 min`. */
export function formatWait(ms: number): string {
	const s = Math.floor(Math.max(0, ms) / 1000);
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m} min`;
	return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
