/**
 * What rolled a die, in words for people (the console and the debrief show titles, not ids):
 * `option:turn-01/procedure/siem-hunt` reads "“SIEM hunt” chosen in “Turn 1”".
 */
import type { Scenario } from '../scenario/model';
import type { RollRecord } from './chance';

export function describeRollSource(scenario: Scenario, source: string): string {
	const colon = source.indexOf(':');
	const kind = source.slice(0, colon);
	const [injectId, decisionId, optionId] = source.slice(colon + 1).split('/');
	const inject = scenario.injectById[injectId];
	switch (kind) {
		case 'inject':
			return inject ? `whether “${inject.title}” went out` : source;
		case 'stage': {
			const stage = scenario.stageById[injectId];
			return stage ? `attacker stage “${stage.title}”` : source;
		}
		case 'option': {
			const decision = scenario.decisionByKey[`${injectId}/${decisionId}`];
			const option = decision?.options.find((o) => o.id === optionId);
			return option && inject ? `“${option.label}” chosen in “${inject.title}”` : source;
		}
		case 'timeout':
			return inject ? `the deadline passing in “${inject.title}”` : source;
		default:
			return source;
	}
}

/** Rolls with what rolled them in words (`about`), for views. */
export function describedRolls(
	scenario: Scenario,
	rolls: readonly RollRecord[]
): (RollRecord & { about: string })[] {
	return rolls.map((r) => ({ ...r, about: describeRollSource(scenario, r.source) }));
}
