/**
 * `AuditStore` over PostgreSQL: `audit_entries`, keyed by `seq`. An append reads the last entry
 * and inserts the next, chained to it, in a transaction holding an advisory lock, so appends from
 * every app instance form one chain; the primary key would refuse a second entry at a position
 * anyway. Appends from this process are also taken in call order.
 */
import { chainEntry } from '../../audit/chain';
import type { AuditDraft, AuditEntry, AuditStore } from '../audit';
import { CallOrder, type PgDatabase } from './db';

/** The advisory lock that serialises audit appends across instances (any constant). */
const AUDIT_LOCK = 7_391_205_115;

export class PgAuditStore implements AuditStore {
	private readonly order = new CallOrder();

	constructor(private readonly db: PgDatabase) {}

	append(draft: AuditDraft): Promise<AuditEntry> {
		const copy = structuredClone(draft);
		return this.order.run('audit', () =>
			this.db.transaction(async (client) => {
				await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
				const { rows } = await client.query<{ entry: AuditEntry }>(
					'SELECT entry FROM audit_entries ORDER BY seq DESC LIMIT 1'
				);
				const entry = chainEntry(copy, rows[0]?.entry ?? null);
				await client.query('INSERT INTO audit_entries (seq, entry) VALUES ($1, $2)', [
					entry.seq,
					JSON.stringify(entry)
				]);
				return entry;
			})
		);
	}

	async list(): Promise<AuditEntry[]> {
		await this.order.settled('audit');
		const { rows } = await this.db.query<{ entry: AuditEntry }>(
			'SELECT entry FROM audit_entries ORDER BY seq'
		);
		return rows.map((r) => r.entry);
	}
}
