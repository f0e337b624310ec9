/** Where session summaries are kept: one per ended session, read by the dashboard and retests. */
import type { SessionSummary } from '#lib/engine/score/summary.js';

export interface SummaryStore {
	/** Every summary, in no particular order. */
	all(): Promise<SessionSummary[]>;
	/** The summary of one session, if it has one. */
	get(sessionId: string): Promise<SessionSummary | undefined>;
	/** Stores a summary in place of any earlier one of its session; resolves once it is durable. */
	put(summary: SessionSummary): Promise<void>;
	/** Deletes the session's summary (if any); resolves once the deletion is durable. */
	remove(sessionId: string): Promise<void>;
}
