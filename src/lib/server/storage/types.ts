/**
 * Everything Sandtable stores, as one aggregate of interfaces. `openStorage` (index.ts) builds one;
 * the app opens it once (app-storage.ts) and reaches it only through these interfaces, so that a
 * second implementation (PostgreSQL) is an addition, not a rewrite. What each interface
 * guarantees is in docs/storage.md; `describeStorageContract` (contract.ts) checks it.
 */
import type { AttemptLimiter } from '../rate-limit';
import type { AccountStore } from './accounts';
import type { AuditStore } from './audit';
import type { DebriefEditStore } from './debrief-edits';
import type { ImprovementItemStore } from './improvements';
import type { OrganisationStore } from './organisation';
import type { PlanRevisionStore } from './plans';
import type { SessionStore } from './sessions';
import type { StudioStore } from './studio';
import type { SummaryStore } from './summaries';
import type { WebhookDeliveryStore } from './webhook-deliveries';

export interface Storage {
	accounts: AccountStore;
	sessions: SessionStore;
	summaries: SummaryStore;
	plans: PlanRevisionStore;
	organisation: OrganisationStore;
	improvements: ImprovementItemStore;
	debriefEdits: DebriefEditStore;
	audit: AuditStore;
	webhookDeliveries: WebhookDeliveryStore;
	studio: StudioStore;
	/**
	 * Writes a few bytes where the data lives and resolves once they are durable; rejects with
	 * the write's error when the storage cannot take writes now (the readiness check, /readyz).
	 * Leaves nothing behind that the stores would read.
	 */
	probe(): Promise<void>;
	/**
	 * A limiter of attempts (sign-in, second factor) whose counts every process on this storage
	 * shares, named by `scope`; only where several processes may share the storage (PostgreSQL).
	 * Without it, the app counts in memory.
	 */
	attemptLimiter?(scope: string, options: { limit: number; windowMs: number }): AttemptLimiter;
}
