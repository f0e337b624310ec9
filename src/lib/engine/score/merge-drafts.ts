/**
 * Merging improvement drafts (issue 18: one short exercise proposed 24 near-duplicate items).
 * The debrief drafts one finding per team, objective and evidence; a lead acts per plan section
 * and capability element, so findings that name the same ones become one proposal that lists
 * what it covers. A finding with no plan section merges with those of the same objective.
 *
 * The merged key depends only on what is merged on (section or objective, and capability), so
 * the same proposal keeps its key when a finding joins it later; `covers` keeps the keys the
 * findings had before merging, so items proposed under those keys are recognised too.
 */
import type { ImprovementDraft } from './debrief';

/** One finding inside a merged proposal, with the key it had on its own. */
export interface DraftPart {
	key: string;
	issue: string;
	correctiveAction: string;
	teamId: string | null;
	objectiveId: string | null;
}

/** Room for the joined corrective actions under the item form's 2,000-character limit. */
const MAX_ACTION = 1900;

/** What drafts are merged on: the plan section (or, without one, the objective) and capability. */
export function mergeKey(
	d: Pick<ImprovementDraft, 'planSection' | 'objectiveId' | 'capabilityElement'>
) {
	const where = d.planSection ? `plan:${d.planSection}` : `objective:${d.objectiveId ?? ''}`;
	return `${where}:${d.capabilityElement}`;
}

/** The single-finding parts of drafts (a merged draft gives back what it covers). */
export function draftParts(drafts: readonly ImprovementDraft[]): DraftPart[] {
	return drafts.flatMap((d) =>
		d.covers && d.covers.length > 0
			? d.covers
			: [
					{
						key: d.key,
						issue: d.issue,
						correctiveAction: d.correctiveAction,
						teamId: d.teamId,
						objectiveId: d.objectiveId
					}
				]
	);
}

const unique = <T>(values: T[]) => [...new Set(values)];

/** One proposal per plan section (or objective) and capability element, in first-seen order. */
export function mergeDrafts(drafts: readonly ImprovementDraft[]): ImprovementDraft[] {
	const groups = new Map<string, { first: ImprovementDraft; parts: DraftPart[] }>();
	for (const d of drafts) {
		const key = mergeKey(d);
		const group = groups.get(key) ?? { first: d, parts: [] };
		groups.set(key, group);
		for (const part of draftParts([d]))
			if (!group.parts.some((p) => p.key === part.key)) group.parts.push(part);
	}
	return [...groups.entries()].map(([key, { first, parts }]) => {
		const teams = unique(parts.map((p) => p.teamId));
		const objectives = unique(parts.map((p) => p.objectiveId).filter((o) => o !== null));
		let action = unique(parts.map((p) => p.correctiveAction)).join(' ');
		if (action.length > MAX_ACTION) action = `${action.slice(0, MAX_ACTION - 1)}…`;
		const where = first.planSection
			? `plan section ${first.planSection}`
			: `objective ${first.objectiveId ?? '(none)'}`;
		return {
			key,
			issue:
				parts.length === 1
					? parts[0].issue
					: `${parts.length} findings on ${where} (${first.capabilityElement}): ${parts.map((p) => p.issue).join('; ')}`,
			correctiveAction: action,
			planSection: first.planSection,
			capabilityElement: first.capabilityElement,
			// The one objective or team they share; else the first objective (for retests), no team.
			objectiveId: objectives[0] ?? null,
			teamId: teams.length === 1 ? teams[0] : null,
			covers: parts
		};
	});
}

/**
 * The drafts still to propose when items exist under `known` keys (merged or from before
 * merging): a proposal whose key is known is left out, and so is every finding whose own key
 * is; what remains of a proposal is merged again (keeping its merged key).
 */
export function unproposed<T extends ImprovementDraft>(
	drafts: readonly T[],
	known: ReadonlySet<string | null>
): T[] {
	return drafts.flatMap((d) => {
		if (known.has(d.key)) return [];
		const parts = draftParts([d]);
		const left = parts.filter((p) => !known.has(p.key));
		if (left.length === 0) return [];
		if (left.length === parts.length) return [d];
		const [again] = mergeDrafts(left.map((p) => ({ ...d, ...p, covers: undefined })));
		return [{ ...d, ...again, key: d.key }];
	});
}
