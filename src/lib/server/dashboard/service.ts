/**
 * The dashboard for a signed-in staff member, under the role rules (docs/roles.md): leads and
 * admins see every session and the trainees; a facilitator sees only the sessions they ran and
 * no trainee names. Reads the stored summaries and improvement items only, never a session log,
 * and keeps recently built views while nothing they were built from has changed.
 */
import {
	buildDashboard,
	calendarDay,
	type Dashboard,
	type ScenarioTechniques
} from '#lib/reports/dashboard.js';
import { compactSummary } from '#lib/reports/dashboard/compact.js';
import type { SessionSummary } from '#lib/engine/score/summary.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import { improvements, summaries } from '../app';
import type { User } from '../auth/types';
import type { ImprovementItem } from '../improvements/store';
import { DATA_DIR } from '../config';
import { listScenarios } from '../scenarios';
import { pseudonymiser, pseudonymKey } from './pseudonym';
import type { DashboardQuery } from './query';

/** Summaries derived per turn of the event loop while preparing (about 20 µs each). */
const PREPARE_BATCH = 250;

/**
 * Derives every stored summary's compact record ahead of the first dashboard request, in
 * batches that leave the event loop free between them: at 10,000 stored sessions the first view
 * after a start took 400-450 ms, most of it deriving the records (then about 100 ms). Run after
 * start-up, in the background; resolves with how many summaries it prepared.
 */
export async function prepareDashboard(): Promise<number> {
	const all = await summaries.all();
	for (let i = 0; i < all.length; i += PREPARE_BATCH) {
		for (const summary of all.slice(i, i + PREPARE_BATCH)) compactSummary(summary);
		await new Promise((resolve) => setImmediate(resolve));
	}
	return all.length;
}

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

/** Rows up to which a built dashboard is kept for the next request (pages and sections). */
const CACHEABLE_ROWS = 200;
const CACHE_ENTRIES = 16;

interface CacheEntry {
	summaries: readonly SessionSummary[];
	items: string;
	library: string;
	dashboard: Dashboard;
}

/**
 * Recently built dashboards, by caller scope and query. An entry is reused only while every
 * input is the same: the very same summary objects (the store replaces one when it rewrites
 * it), the same improvement items (count, history lengths and update times: every change adds
 * to the history) and the same scenario library. The key holds the scope (all sessions, or one
 * facilitator's), so no caller ever gets another's view.
 */
const cache = new Map<string, CacheEntry>();

function sameSummaries(a: readonly SessionSummary[], b: readonly SessionSummary[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

function itemsStamp(items: readonly ImprovementItem[]): string {
	let history = 0;
	let updated = 0;
	for (const item of items) {
		history += item.history.length;
		updated += item.updatedAt;
	}
	return `${items.length}:${history}:${updated}`;
}

/** The dashboard `user` may see, narrowed by `query`; trainee names pseudonymised if asked. */
export async function dashboardFor(
	user: User,
	query: Pick<DashboardQuery, 'filters' | 'resolution'>,
	options: {
		pseudonymise?: boolean;
		now?: number;
		/** Build the rows of one page of sessions only; size 0 for none. */
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
	const items = store.list();
	const pseudonymise = trainees && options.pseudonymise === true;
	const filters = { ...query.filters, facilitatorId: user.role === 'facilitator' ? user.id : null };
	// Calendar days as the server's clock counts them, like the improvement list's "today".
	const utcOffsetMinutes = -new Date(now).getTimezoneOffset();
	const key = JSON.stringify([
		filters,
		query.resolution,
		trainees,
		pseudonymise,
		options.sessionPage ?? null,
		calendarDay(now, utcOffsetMinutes)
	]);
	const stamp = itemsStamp(items);
	const library = scenarios.map((s) => `${s.id}:${s.techniques.join(',')}`).join(';');
	const hit = cache.get(key);
	if (hit && hit.items === stamp && hit.library === library && sameSummaries(hit.summaries, all)) {
		// Most recently used last, so the oldest entry goes first.
		cache.delete(key);
		cache.set(key, hit);
		return hit.dashboard;
	}
	const pseudonym = pseudonymise ? pseudonymiser(await pseudonymKey(DATA_DIR)) : undefined;
	const dashboard = buildDashboard(all, filters, items, now, {
		scenarios,
		trainees,
		pseudonym,
		resolution: query.resolution,
		sessionPage: options.sessionPage,
		utcOffsetMinutes
	});
	if (dashboard.sessions.length <= CACHEABLE_ROWS) {
		cache.delete(key);
		cache.set(key, { summaries: all, items: stamp, library, dashboard });
		while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
	}
	return dashboard;
}
