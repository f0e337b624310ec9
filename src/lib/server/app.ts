/**
 * The app's stores as routes use them, over the storage opened once per process
 * (app-storage.ts), and what happens after a session ends: its summary is written and its
 * drafted improvement items are proposed.
 */
import { buildDebrief } from '#lib/engine/score/debrief.js';
import { storage } from './app-storage';
import { ImprovementStore } from './improvements/store';
import { PlanStore } from './plan/store';
import samplePlan from './plan/sample-plan.md?raw';
import { listScenarios } from './scenarios';
import { hub } from './sessions/hub';
import { startHeartbeat } from './sessions/stream';
import { installationKey } from './evidence/installation';
import type { LiveSession } from './sessions/live';
import type { SummaryStore } from './storage/summaries';
import { staleSummaries, summariseSession } from './summaries';
import { log } from './log';
import { startWebhook } from './outbound/app-webhook';
import { loadCatalogue } from './evidence/catalogue';

let planStore: Promise<PlanStore> | undefined;
let improvementStore: Promise<ImprovementStore> | undefined;

/** The IR plan store (created from the sample plan on first use). */
export function plans(): Promise<PlanStore> {
	planStore ??= PlanStore.open(storage.plans, samplePlan).catch((e) => {
		planStore = undefined;
		throw e;
	});
	return planStore;
}

/** The improvement items store. */
export function improvements(): Promise<ImprovementStore> {
	improvementStore ??= ImprovementStore.open(storage.improvements).catch((e) => {
		improvementStore = undefined;
		throw e;
	});
	return improvementStore;
}

/** Session summaries for the dashboard and retests. */
export const summaries: SummaryStore = storage.summaries;

/** The after-end work still running, by session id. */
const afterEnd = new Map<string, Promise<void>>();

/**
 * Proposes the drafted improvement items of an ended session, then writes its summary. The summary
 * comes last because it marks this work as done: after a crash between the two writes (or a
 * backup taken between them) the start-up runs it again, and proposing twice adds nothing.
 */
export async function afterSessionEnded(session: LiveSession): Promise<void> {
	const run = summariseAndPropose(session);
	afterEnd.set(session.id, run);
	try {
		await run;
	} finally {
		if (afterEnd.get(session.id) === run) afterEnd.delete(session.id);
	}
}

/**
 * Resolves once the after-end work of the session (if any runs) is over, failed or not: erasure
 * waits for it, so that a summary with the trainees' names is not written after it.
 */
export async function afterEndSettled(sessionId: string): Promise<void> {
	await afterEnd.get(sessionId)?.catch(() => {});
}

async function summariseAndPropose(session: LiveSession): Promise<void> {
	const debrief = buildDebrief(session.scenario, session.state, Date.now());
	const phasesOf = (objectiveId: string | null) =>
		session.scenario.objectives.find((o) => o.id === objectiveId)?.phases ?? [];
	const store = await improvements();
	await store.propose(
		{ id: session.id, title: session.meta.title, scenarioId: session.scenario.id },
		debrief.improvementDrafts.map((d) => ({ ...d, phases: phasesOf(d.objectiveId) })),
		{ id: 'sandtable', name: 'Sandtable' }
	);
	await summariseSession(summaries, session);
}

/**
 * Opens every store (a corrupt file stops the start with its name), wires the after-end work and
 * starts repairing what a crash may have left: ended sessions without a current summary.
 */
export async function startApp(): Promise<void> {
	// The record-signing key is created at the first start, so admins can see it before any seal.
	installationKey();
	await plans();
	// A bad catalogue file stops the start here, with the file and the problem.
	await loadCatalogue();
	await startWebhook(await improvements());
	hub.onEnded(afterSessionEnded);
	// Check the scenario library in the background, so the first visit to it is fast.
	void listScenarios().catch((err) => log.error({ err }, 'scenario library check failed'));
	await hub.start();
	// Here, outside any request: the timer must not keep a request's context alive.
	startHeartbeat();
	// After the start, not before it: reading every summary took a second of a 10,000-session
	// start-up, and nothing served needs the missing ones at once (the dashboard reads what is
	// there; the repair adds the rest within seconds).
	// Imported here: the sweep uses this module's stores (a static import would be a cycle).
	const { startRetention } = await import('./retention/sweep');
	// The retention sweep starts once the repair is over, so that it never anonymises a session
	// whose summary (with the trainees' names) the repair is about to write.
	void repairSummaries()
		.catch((err) => log.error({ err }, 'summary repair failed'))
		.finally(() => {
			startRetention();
			// Then the dashboard's records, so that a lead's first view after a start is not the
			// one that derives all of them (imported here for the same reason as the sweep).
			void import('./dashboard/service')
				.then(({ prepareDashboard }) => prepareDashboard())
				.catch((err) => log.error({ err }, 'preparing the dashboard failed'));
		});
}

/** Runs the after-end work of ended sessions whose summary is missing or out of date. */
async function repairSummaries(): Promise<void> {
	const known = new Map((await summaries.all()).map((s) => [s.sessionId, s]));
	const stale = new Set((await staleSummaries(summaries)).map((s) => s.sessionId));
	for (const meta of await hub.list()) {
		if (meta.status !== 'ended' || (known.has(meta.id) && !stale.has(meta.id))) continue;
		const session = await hub.get(meta.id);
		if (session) await afterSessionEnded(session);
	}
}
