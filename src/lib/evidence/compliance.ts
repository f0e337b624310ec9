/**
 * The compliance view's arithmetic, pure: which requirements of the catalogue an exercise
 * evidences, and per requirement when the plan was last tested by one, with what result and
 * which of its improvement items are still open; overdue when the requirement's interval has
 * passed since then, or no exercise ever evidenced it. Time comes in as an argument.
 *
 * An exercise evidences a requirement when its scenario maps to one of the requirement's CSF ids
 * (a scenario's `RS.MA-03` matches a requirement's `RS.MA` or `RS`, not the other way round) and
 * it played every phase the requirement names (something was at stake in it). A requirement with
 * only phases (or only CSF ids) needs only those.
 */
import type { SessionSummary } from '../engine/score/summary';
import type { Catalogue, Requirement, Standard } from './catalogue';

/** An ended exercise as the view needs it: its summary and the CSF ids its scenario maps to. */
export interface ExerciseEvidence {
	summary: SessionSummary;
	csf: readonly string[];
}

/** What the view needs of an improvement item. */
export interface ItemLike {
	id: string;
	sessionId: string;
	issue: string;
	owner: string;
	dueDate: string | null;
	review: 'pending' | 'accepted' | 'deferred' | 'rejected';
	status: 'open' | 'in-progress' | 'done' | 'verified';
}

export interface Evidenced {
	standardId: string;
	standard: string;
	requirementId: string;
	reference: string;
	/** The scenario's CSF ids that matched, each with the requirement's id it matched. */
	csf: { scenario: string; requirement: string }[];
	/** The requirement's phases, all played. */
	phases: string[];
}

/** Whether the scenario's `id` falls under the requirement's `wanted` (same id or below it). */
function under(id: string, wanted: string): boolean {
	return id === wanted || id.startsWith(`${wanted}.`) || id.startsWith(`${wanted}-`);
}

/** The phases of a session in which something was at stake. */
export function playedPhases(summary: SessionSummary): string[] {
	return summary.phases.map((p) => p.id).filter((id) => (summary.room[id] ?? null) !== null);
}

function matches(requirement: Requirement, csf: readonly string[], played: ReadonlySet<string>) {
	const matched: Evidenced['csf'] = [];
	for (const id of csf)
		for (const wanted of requirement.evidence.csf)
			if (under(id, wanted)) matched.push({ scenario: id, requirement: wanted });
	const csfOk = requirement.evidence.csf.length === 0 || matched.length > 0;
	const phasesOk = requirement.evidence.phases.every((p) => played.has(p));
	return csfOk && phasesOk ? { csf: matched, phases: [...requirement.evidence.phases] } : null;
}

/** The requirements `exercise` evidences, and why (the CSF ids and phases it matched). */
export function controlMapping(exercise: ExerciseEvidence, catalogue: Catalogue): Evidenced[] {
	if (exercise.summary.endedAt === null) return [];
	const played = new Set(playedPhases(exercise.summary));
	const out: Evidenced[] = [];
	for (const standard of catalogue.standards)
		for (const requirement of standard.requirements) {
			const why = matches(requirement, exercise.csf, played);
			if (why)
				out.push({
					standardId: standard.id,
					standard: standard.name,
					requirementId: requirement.id,
					reference: requirement.reference,
					...why
				});
		}
	return out;
}

/** The same instant `months` calendar months later (UTC), on the month's last day if shorter. */
export function addMonths(at: number, months: number): number {
	const d = new Date(at);
	const target = new Date(at);
	target.setUTCDate(1);
	target.setUTCMonth(d.getUTCMonth() + months);
	const last = new Date(
		Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)
	).getUTCDate();
	target.setUTCDate(Math.min(d.getUTCDate(), last));
	return target.getTime();
}

/** Mean of the teams' total percent: the exercise's overall score, as the dashboard shows it. */
export function overallScore(summary: SessionSummary): number | null {
	const totals = summary.teams.map((t) => t.total.percent).filter((p): p is number => p !== null);
	return totals.length === 0 ? null : totals.reduce((a, b) => a + b, 0) / totals.length;
}

/** Still to do: not rejected, not done or verified. */
export function isOpen(item: ItemLike): boolean {
	return item.review !== 'rejected' && (item.status === 'open' || item.status === 'in-progress');
}

export interface RequirementStatus {
	id: string;
	reference: string;
	summary: string;
	intervalMonths: number;
	/** Whether the interval is the standard's own or the catalogue's default. */
	intervalFrom: 'standard' | 'default';
	csf: string[];
	phases: string[];
	lastTested: {
		sessionId: string;
		title: string;
		scenarioTitle: string;
		endedAt: number;
		score: number | null;
		why: Pick<Evidenced, 'csf' | 'phases'>;
		openItems: ItemLike[];
	} | null;
	/** When the next test is due (ms), or null when never tested (due now). */
	dueAt: number | null;
	overdue: boolean;
	/** How many ended exercises evidence it in all. */
	exercises: number;
}

export interface StandardStatus {
	id: string;
	name: string;
	requirements: RequirementStatus[];
	overdue: number;
}

/** Per standard and requirement: last tested by which exercise, its result and open items, overdue. */
export function compliance(
	catalogue: Catalogue,
	exercises: readonly ExerciseEvidence[],
	items: readonly ItemLike[],
	now: number
): StandardStatus[] {
	const ended = exercises
		.filter((e) => e.summary.endedAt !== null)
		.sort((a, b) => b.summary.endedAt! - a.summary.endedAt!);
	const played = new Map(ended.map((e) => [e.summary.sessionId, new Set(playedPhases(e.summary))]));
	return catalogue.standards.map((standard: Standard) => {
		const requirements = standard.requirements.map((r): RequirementStatus => {
			const evidencing = ended
				.map((e) => ({ e, why: matches(r, e.csf, played.get(e.summary.sessionId)!) }))
				.filter((x) => x.why !== null);
			const latest = evidencing[0];
			const intervalMonths = r.intervalMonths ?? catalogue.defaultIntervalMonths;
			const dueAt = latest ? addMonths(latest.e.summary.endedAt!, intervalMonths) : null;
			return {
				id: r.id,
				reference: r.reference,
				summary: r.summary,
				intervalMonths,
				intervalFrom: r.intervalMonths ? 'standard' : 'default',
				csf: r.evidence.csf,
				phases: r.evidence.phases,
				lastTested: latest
					? {
							sessionId: latest.e.summary.sessionId,
							title: latest.e.summary.title,
							scenarioTitle: latest.e.summary.scenarioTitle,
							endedAt: latest.e.summary.endedAt!,
							score: overallScore(latest.e.summary),
							why: latest.why!,
							openItems: items.filter(
								(i) => i.sessionId === latest.e.summary.sessionId && isOpen(i)
							)
						}
					: null,
				dueAt,
				overdue: dueAt === null || now > dueAt,
				exercises: evidencing.length
			};
		});
		return {
			id: standard.id,
			name: standard.name,
			requirements,
			overdue: requirements.filter((r) => r.overdue).length
		};
	});
}
