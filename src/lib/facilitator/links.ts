/**
 * How the injects of a scenario lead to one another: `after` links, team-decision options and
 * timeouts with a `next` (one link per inject it lists), and attacker stages that release an inject; plus the earliest scenario
 * time each inject can be released at. Pure, for the outline table and the branch drawing.
 */
import type { Scenario } from '#lib/engine/scenario/model.js';

export type Link =
	| { kind: 'after'; from: string; to: string; delayMs: number }
	| {
			kind: 'option';
			from: string;
			to: string;
			decisionId: string;
			optionId: string;
			optionLabel: string;
	  }
	| { kind: 'timeout'; from: string; to: string; decisionId: string }
	| { kind: 'stage'; from: string; to: string };

/** Every link into an inject, in file order: after-links, options, timeouts, then stages. */
export function scenarioLinks(scenario: Scenario): Link[] {
	const links: Link[] = [];
	for (const inject of scenario.injects) {
		if (inject.trigger.kind === 'after') {
			const { inject: from, delayMs } = inject.trigger;
			links.push({ kind: 'after', from, to: inject.id, delayMs });
		}
	}
	for (const inject of scenario.injects) {
		for (const decision of inject.decisions) {
			for (const option of decision.options) {
				for (const to of option.next) {
					links.push({
						kind: 'option',
						from: inject.id,
						to,
						decisionId: decision.id,
						optionId: option.id,
						optionLabel: option.label
					});
				}
			}
			for (const to of decision.timeout?.next ?? []) {
				links.push({ kind: 'timeout', from: inject.id, to, decisionId: decision.id });
			}
		}
	}
	for (const stage of scenario.stages) {
		if (stage.inject) links.push({ kind: 'stage', from: stage.id, to: stage.inject });
	}
	return links.filter((l) => scenario.injectById[l.to]);
}

/**
 * The earliest scenario time (ms) at which each inject can be released, taking every decision
 * the moment it opens; null for an inject nothing releases.
 */
export function earliestReleaseTimes(
	scenario: Scenario,
	links: Link[] = scenarioLinks(scenario)
): Record<string, number | null> {
	const times: Record<string, number> = {};
	for (const inject of scenario.injects) {
		if (inject.trigger.kind === 'at') times[inject.id] = inject.trigger.atMs;
	}
	const deadline = (injectId: string, decisionId: string) =>
		scenario.injectById[injectId].decisions.find((d) => d.id === decisionId)?.deadlineMs ?? 0;
	// Relax until nothing improves; a path has at most one step per inject, so this ends.
	for (let pass = 0; pass <= scenario.injects.length; pass++) {
		let changed = false;
		for (const link of links) {
			let from: number | undefined;
			let delay = scenario.injectById[link.to].delayMs;
			if (link.kind === 'stage') {
				const stage = scenario.stageById[link.from];
				const anchor = stage?.after ? times[stage.after.inject] : undefined;
				from =
					stage?.atMs ?? (anchor === undefined ? undefined : anchor + (stage?.after?.delayMs ?? 0));
			} else from = times[link.from];
			if (from === undefined) continue;
			if (link.kind === 'after') delay = link.delayMs;
			if (link.kind === 'timeout') delay += deadline(link.from, link.decisionId);
			const at = from + delay;
			if (times[link.to] === undefined || at < times[link.to]) {
				times[link.to] = at;
				changed = true;
			}
		}
		if (!changed) break;
	}
	return Object.fromEntries(scenario.injects.map((i) => [i.id, times[i.id] ?? null]));
}
