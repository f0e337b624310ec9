/**
 * The dashboard for a signed-in staff member, under the role rules (docs/roles.md): leads and
 * admins see every session and the trainees; a facilitator sees only the sessions they ran and
 * no trainee names. Reads the stored summaries and improvement items only, never a session log.
 */
import { buildDashboard, type Dashboard, type ScenarioTechniques } from '$lib/engine/dashboard';
import type { Scenario } from '$lib/engine/model';
import { improvements, summaries } from '../app';
import type { User } from '../auth/types';
import { DATA_DIR } from '../config';
import { listScenarios } from '../scenarios';
import { pseudonymiser, pseudonymKey } from './pseudonym';
import type { DashboardQuery } from './query';

/** Whether `user` sees trainees on the dashboard (names, or pseudonyms in exports). */
export function seesTrainees(user: User): boolean {
	return user.role === 'admin' || user.role === 'lead';
}

/** Every ATT&CK technique a scenario names: its own list, its injects' and its stages'. */
export function scenarioTechniques(scenario: Scenario): string[] {
	const all = new Set(scenario.attack);
	for (const inject of scenario.injects) for (const t of inject.attack) all.add(t);
	for (const stage of scenario.stages) if (stage.technique) all.add(stage.technique);
	return [...all].sort();
}

const techniqueCache = new WeakMap<Scenario, string[]>();

async function libraryTechniques(): Promise<ScenarioTechniques[]> {
	const out: ScenarioTechniques[] = [];
	for (const entry of await listScenarios()) {
		const scenario = entry.scenario;
		if (!entry.valid || !scenario) continue;
		let techniques = techniqueCache.get(scenario);
		if (!techniques) techniqueCache.set(scenario, (techniques = scenarioTechniques(scenario)));
		out.push({ id: scenario.id, title: scenario.title, techniques });
	}
	return out;
}

/** The dashboard `user` may see, narrowed by `query`; trainee names pseudonymised if asked. */
export async function dashboardFor(
	user: User,
	query: Pick<DashboardQuery, 'filters' | 'resolution'>,
	options: {
		pseudonymise?: boolean;
		now?: number;
		sessionPage?: { page: number; size: number };
	} = {}
): Promise<Dashboard> {
	const now = options.now ?? Date.now();
	const trainees = seesTrainees(user);
	const [all, store, scenarios] = await Promise.all([
		summaries.all(),
		improvements(),
		libraryTechniques()
	]);
	const pseudonym =
		trainees && options.pseudonymise ? pseudonymiser(await pseudonymKey(DATA_DIR)) : undefined;
	return buildDashboard(
		all,
		{ ...query.filters, facilitatorId: user.role === 'facilitator' ? user.id : null },
		store.list(),
		now,
		{
			scenarios,
			trainees,
			pseudonym,
			resolution: query.resolution,
			sessionPage: options.sessionPage,
			// Calendar days as the server's clock counts them, like the improvement list's "today".
			utcOffsetMinutes: -new Date(now).getTimezoneOffset()
		}
	);
}
