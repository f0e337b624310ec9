/**
 * Session summaries: what the dashboard and the retests read, never the logs. A summary is
 * written when a session ends, and rewritten at start-up when it was computed with older scoring
 * rules.
 */
import { SCORING_VERSION } from '#lib/engine/score/session-score.js';
import { summarise, type SessionSummary } from '#lib/engine/score/summary.js';
import type { LiveSession } from './sessions/live';
import type { SummaryStore } from './storage/summaries';

/** Summaries computed with older scoring rules, to recompute. */
export async function staleSummaries(store: SummaryStore): Promise<SessionSummary[]> {
	return (await store.all()).filter((s) => s.scoringVersion !== SCORING_VERSION);
}

/** Summarises an ended session and stores the summary. */
export async function summariseSession(
	store: SummaryStore,
	session: LiveSession
): Promise<SessionSummary> {
	const summary = summarise(session.scenario, session.state);
	await store.put(summary);
	return summary;
}
