/** Which playable scenarios name each plan section, so that an upload can say what it breaks. */
import { listScenarios } from '#lib/server/scenarios.js';

/** Plan section id -> titles of the playable scenarios whose objectives, decisions or options name it. */
export async function scenarioPlanRefs(): Promise<Map<string, string[]>> {
	const refs = new Map<string, string[]>();
	const add = (id: string | undefined, title: string) => {
		if (!id) return;
		const list = refs.get(id) ?? [];
		if (!list.includes(title)) list.push(title);
		refs.set(id, list);
	};
	for (const entry of await listScenarios()) {
		const scenario = entry.scenario;
		if (!entry.valid || !scenario) continue;
		for (const o of scenario.objectives)
			o.debrief?.planSections?.forEach((id) => add(id, scenario.title));
		for (const d of Object.values(scenario.decisionByKey)) {
			add(d.plan, scenario.title);
			for (const option of d.options) add(option.plan, scenario.title);
		}
	}
	return refs;
}
