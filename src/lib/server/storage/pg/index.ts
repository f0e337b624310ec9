/**
 * The PostgreSQL implementation of `Storage`, chosen when DATABASE_URL is set: every store over
 * one connection pool (db.ts), the schema created and brought up to date by versioned migrations
 * (migrate.ts, migrations/) before the first query. docs/storage.md describes the tables.
 *
 * Each store is one class over the pool, one file each, so that a method added to an interface is
 * added to its class alone.
 */
import { hostname } from 'node:os';
import type { Storage } from '../types';
import { PgAccountStore } from './accounts';
import { PgAttemptLimiter } from './attempts';
import { PgAuditStore } from './audit';
import { PgDatabase } from './db';
import { PgDebriefEditStore } from './debrief-edits';
import { PgImprovementItemStore } from './improvements';
import type { Migration } from './migrate';
import { PgOrganisationStore } from './organisation';
import { PgPlanRevisionStore } from './plans';
import { PgSessionStore } from './sessions';
import { PgStudioStore } from './studio';
import { PgSummaryStore } from './summaries';
import { PgWebhookDeliveryStore } from './webhook-deliveries';

export interface PgStorageOptions {
	/** A libpq connection URL: postgres://user:password@host:5432/database (`?options=` too). */
	url: string;
	/** The migrations to run; the bundled ones by default (see PgDatabase). */
	migrations?: () => Migration[];
}

/** The stores over the database at `url`; they connect (and migrate) on first use. */
export function openPgStorage(options: PgStorageOptions): Storage & { close(): Promise<void> } {
	const db = new PgDatabase(options.url, options.migrations);
	const instance = `${hostname()}:${process.pid}`;
	return {
		accounts: new PgAccountStore(db),
		sessions: new PgSessionStore(db),
		summaries: new PgSummaryStore(db),
		plans: new PgPlanRevisionStore(db),
		organisation: new PgOrganisationStore(db),
		improvements: new PgImprovementItemStore(db),
		debriefEdits: new PgDebriefEditStore(db),
		audit: new PgAuditStore(db),
		webhookDeliveries: new PgWebhookDeliveryStore(db),
		studio: new PgStudioStore(db),
		async probe() {
			// A committed write (synchronous_commit as the server has it), as every store's write is.
			// Rows of processes gone for a day are dropped on the way.
			await db.query(
				`WITH gone AS (DELETE FROM readiness_probe WHERE at < now() - interval '1 day')
				 INSERT INTO readiness_probe (instance, at) VALUES ($1, now())
				 ON CONFLICT (instance) DO UPDATE SET at = excluded.at`,
				[instance]
			);
		},
		attemptLimiter: (scope, limits) => new PgAttemptLimiter(db, scope, limits),
		close: () => db.close()
	};
}
