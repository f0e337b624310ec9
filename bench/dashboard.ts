/**
 * Micro-benchmark of `buildDashboard` at 10,000 stored sessions, in this process, without HTTP:
 * what `GET /api/v1/dashboard?pageSize=25&from=…` builds for a lead, timed apart from the server.
 *
 *     npx tsx bench/dashboard.ts [--sessions=10000] [--runs=30]
 *     node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/dashboard.ts   # with a profile
 *     node --expose-gc --import tsx bench/dashboard.ts   # also the heap the first build keeps
 *
 * The summaries are those of the history phase of `npm run bench` (bench/history.ts: template
 * sessions played by the engine on the bundled scenarios, copied with their own ids and times
 * over three years), each passed through JSON as the summary store reads it from its file, so
 * that no two summaries share objects. Ids come from a seeded generator, so every run builds the
 * same archive and the printed digests of the dashboards (built over a few filter sets) must be
 * the same before and after a change to the build: they check that its output did not move.
 *
 * Printed: `first`, the first build after the summaries exist (what a lead's first view after a
 * start-up costs); `cold`, builds with a new `from` each time (the bench's dashboardMs: nothing
 * kept); `same`, the same filters again (buildDashboard keeps no view itself; the server's kept
 * view is what dashboardWarmMs measures). Median and p95 in ms.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { SessionSummary } from '../src/lib/engine/score/summary';
import {
	buildDashboard,
	NO_FILTERS,
	type DashboardFilters,
	type DashboardOptions,
	type ScenarioTechniques
} from '../src/lib/reports/dashboard';
import { seededRandom, syntheticItems } from '../src/lib/reports/dashboard-fixtures';
import { exportDashboard } from '../src/lib/server/dashboard/export';
import { copySession, loadLibraryScenario, playTemplate, type Template } from './history';
import { summarise as stats } from './stats';

const DAY = 86_400_000;
const arg = (name: string, fallback: number) => {
	const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
	return hit ? Number(hit.slice(name.length + 3)) : fallback;
};
const count = arg('sessions', 10_000);
const runs = arg('runs', 30);

const PLAYED = ['ransomware-file-server', 'bec-payment-redirect', 'cloud-key-exfiltration'];
const LIBRARY = [...PLAYED, 'hidden-attack-cards'];
const libs = new Map(
	LIBRARY.map((id) => [id, loadLibraryScenario(resolve('scenarios', `${id}.yaml`))])
);

/** As src/lib/server/dashboard/service.ts lists the library's techniques. */
const library: ScenarioTechniques[] = [...libs.values()].map(({ scenario }) => {
	const all = new Set(scenario.attack);
	for (const inject of scenario.injects) for (const t of inject.attack) all.add(t);
	for (const stage of scenario.stages) if (stage.technique) all.add(stage.technique);
	return { id: scenario.id, title: scenario.title, techniques: [...all].sort() };
});

/** The history phase's archive (seedHistory's loop), with seeded ids, each through JSON. */
function archive(n: number, until: number): SessionSummary[] {
	const random = seededRandom(1);
	const templates: Template[] = [];
	for (const id of PLAYED) {
		for (let i = 0; i < 3; i++) templates.push(playTemplate(libs.get(id)!, random));
	}
	const span = 3 * 365 * DAY;
	const out: SessionSummary[] = [];
	for (let i = 0; i < n; i++) {
		const template = templates[i % templates.length];
		let id = '';
		while (id.length < 16) id += Math.floor(random() * 16).toString(16);
		const stored = copySession(template, {
			id,
			createdAt: until - span + Math.floor((i / Math.max(1, n)) * span),
			facilitatorId: `history-facilitator-${i % 5}`,
			title: `${template.lib.scenario.title} #${i + 1}`
		});
		out.push(JSON.parse(JSON.stringify(stored.summary)) as SessionSummary);
	}
	return out;
}

/** The heap in use after a full collection (with --expose-gc), else null. */
const heapMB = () => {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) return null;
	gc();
	return process.memoryUsage().heapUsed / 1e6;
};

const now = Date.UTC(2026, 11, 1, 12);
let started = performance.now();
const heapAtStart = heapMB();
const summaries = archive(count, now - DAY);
const heapOfSummaries = heapMB();
if (heapAtStart !== null && heapOfSummaries !== null) {
	console.log(`heap of the summaries: ${(heapOfSummaries - heapAtStart).toFixed(1)} MB`);
}
const items = syntheticItems(summaries.slice(-200), 1);
console.log(
	`${summaries.length} summaries and ${items.length} items built in ${Math.round(performance.now() - started)} ms`
);

/** What the service passes for a lead: trainees, the library, the first page of 25 rows. */
const options: DashboardOptions = {
	scenarios: library,
	trainees: true,
	resolution: 'auto',
	sessionPage: { page: 1, size: 25 },
	utcOffsetMinutes: 0
};
const fromDay = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * DAY).toISOString().slice(0, 10);
const build = (filters: DashboardFilters) =>
	buildDashboard(summaries, filters, items, now, options);

const heapBefore = heapMB();
started = performance.now();
build({ ...NO_FILTERS, from: fromDay(0) });
const first = performance.now() - started;
const heapAfter = heapMB();
if (heapBefore !== null && heapAfter !== null) {
	// What the first build leaves behind: the compact records, where the build keeps them.
	console.log(`heap kept by the first build: ${(heapAfter - heapBefore).toFixed(1)} MB`);
}

/** Wall time, and this process's CPU time (user + system): on a shared machine the wall time
 * also counts waiting for a core, the CPU time does not. */
const time = (filtersOf: (i: number) => DashboardFilters) => {
	const ms: number[] = [];
	const cpu: number[] = [];
	for (let i = 0; i < runs; i++) {
		const filters = filtersOf(i);
		const c = process.cpuUsage();
		const t = performance.now();
		build(filters);
		ms.push(performance.now() - t);
		const used = process.cpuUsage(c);
		cpu.push((used.user + used.system) / 1000);
	}
	const s = stats(ms);
	const c = stats(cpu);
	return (
		`median ${s.p50!.toFixed(1)} ms, p95 ${s.p95!.toFixed(1)} ms over ${runs}` +
		` (CPU median ${c.p50!.toFixed(1)} ms, p95 ${c.p95!.toFixed(1)} ms)`
	);
};
console.log(`first build: ${first.toFixed(1)} ms`);
console.log(`cold (new from each time): ${time((i) => ({ ...NO_FILTERS, from: fromDay(i + 1) }))}`);
console.log(`same filters again: ${time(() => ({ ...NO_FILTERS, from: fromDay(1) }))}`);
{
	// What the endpoint adds after the build: the page's JSON (exportDashboard, then stringify).
	const page = build({ ...NO_FILTERS, from: fromDay(1) });
	const ms: number[] = [];
	let bytes = 0;
	for (let i = 0; i < 10; i++) {
		const t = performance.now();
		bytes = JSON.stringify({
			...exportDashboard(page, null),
			sessionPage: page.sessionPage
		}).length;
		ms.push(performance.now() - t);
	}
	const s = stats(ms);
	const parts = Object.entries(exportDashboard(page, null)).map(
		([k, v]) => `${k} ${Math.round(JSON.stringify(v ?? null).length / 1024)} KB`
	);
	console.log(
		`page JSON: ${Math.round(bytes / 1024)} KB in median ${s.p50!.toFixed(1)} ms (${parts.join(', ')})`
	);
}
{
	// PostgreSQL's store parses every row again on each `all()`: new objects, no kept records.
	const ms: number[] = [];
	for (let i = 0; i < 5; i++) {
		const fresh = summaries.map((s) => JSON.parse(JSON.stringify(s)) as SessionSummary);
		const t = performance.now();
		buildDashboard(fresh, { ...NO_FILTERS, from: fromDay(100 + i) }, items, now, options);
		ms.push(performance.now() - t);
	}
	const s = stats(ms);
	console.log(`new summary objects each time: median ${s.p50!.toFixed(1)} ms over 5`);
}

// Digests of whole dashboards (every row) over filter sets that take each path of the build.
const digest = (filters: DashboardFilters, more: DashboardOptions = {}) =>
	createHash('sha256')
		.update(
			JSON.stringify(
				buildDashboard(summaries, filters, items, now, {
					...options,
					sessionPage: undefined,
					...more
				})
			)
		)
		.digest('hex')
		.slice(0, 16);
const checks: [string, DashboardFilters, DashboardOptions?][] = [
	['all', NO_FILTERS],
	['team filter', { ...NO_FILTERS, teams: [' soc ', 'RED'] }],
	[
		'scenario and days',
		{ ...NO_FILTERS, scenarios: [PLAYED[1]], from: '2025-01-01', to: '2025-06-30' }
	],
	[
		'facilitator, no trainees',
		{ ...NO_FILTERS, facilitatorId: 'history-facilitator-2' },
		{ trainees: false }
	],
	['week, offset +330', NO_FILTERS, { resolution: 'week', utcOffsetMinutes: 330 }],
	[
		'session resolution, page 3',
		{ ...NO_FILTERS, from: '2026-10-01' },
		{ sessionPage: { page: 3, size: 25 } }
	]
];
for (const [name, filters, more] of checks) console.log(`digest ${name}: ${digest(filters, more)}`);
