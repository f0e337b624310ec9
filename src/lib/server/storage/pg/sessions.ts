/**
 * `SessionStore` over PostgreSQL: a row per session in `sessions` (its metadata, the index), the
 * frozen scenario once per distinct content in `scenarios`, token hashes in `session_tokens` and
 * the log in `session_events`, keyed (session_id, seq).
 *
 * An append is one transaction: it locks the session's row, checks that the log ends where the
 * caller expects, and inserts the events at the positions after it. The check and the primary key
 * together mean two writers (two app instances) can never both record the same position: the
 * second gets WriteConflictError and stores nothing. Appends from this process are taken in call
 * order, one session at a time (`CallOrder`): an append that fails leaves the log short, so the
 * appends queued after it fail with WriteConflictError too, storing nothing; and where another
 * instance filled the log up to their position meanwhile, their first event's hash-chain link
 * (`prev`, issue 16) does not match the stored last event, and they fail all the same. Each
 * append NOTIFYs the other instances at its commit (feed.ts).
 */
import { createHash } from 'node:crypto';
import type { ScenarioFile } from '#lib/engine/scenario/schema.js';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { linkHash } from '#lib/evidence/chain.js';
import { WriteConflictError } from '../errors';
import type { SessionAppend, SessionMeta, SessionStore, StoredSession } from '../sessions';
import { CallOrder, isUniqueViolation, type PgDatabase, type Queryable } from './db';
import { notifyAppended, PgSessionFeed } from './feed';

export class PgSessionStore implements SessionStore {
	private readonly order = new CallOrder();
	/** Word of appends by every instance on the database, and the clocks' leases. */
	readonly feed: PgSessionFeed;

	constructor(private readonly db: PgDatabase) {
		this.feed = new PgSessionFeed(db);
	}

	async create(session: StoredSession): Promise<void> {
		const { meta, scenario, tokens, events } = session;
		const scenarioText = JSON.stringify(scenario);
		const sha = createHash('sha256').update(scenarioText).digest('hex');
		await this.db.transaction(async (client) => {
			await client.query(
				`INSERT INTO scenarios (sha256, scenario_id, scenario) VALUES ($1, $2, $3)
				 ON CONFLICT (sha256) DO NOTHING`,
				[sha, meta.scenarioId, scenarioText]
			);
			try {
				await client.query(
					'INSERT INTO sessions (id, status, scenario_sha256, meta) VALUES ($1, $2, $3, $4)',
					[meta.id, meta.status, sha, JSON.stringify(meta)]
				);
			} catch (e) {
				if (isUniqueViolation(e))
					throw new Error(`session ${meta.id} exists already`, { cause: e });
				throw e;
			}
			await insertTokens(client, meta.id, tokens);
			await insertEvents(
				client,
				meta.id,
				events.map((e) => e.seq),
				events.map((e) => JSON.stringify(e))
			);
		});
	}

	async load(id: string): Promise<StoredSession | null> {
		// Only what is durable, but after the appends this process made so far.
		await this.order.settled(id);
		// One snapshot: metadata, tokens and events of the same moment, whatever commits meanwhile.
		const { meta, tokens, events } = await this.db.transaction(
			async (client) => ({
				meta: await client.query<{ meta: SessionMeta; scenario: ScenarioFile }>(
					`SELECT s.meta, c.scenario FROM sessions s JOIN scenarios c ON c.sha256 = s.scenario_sha256
					 WHERE s.id = $1`,
					[id]
				),
				tokens: await client.query<{ token_hash: string; participant_id: string }>(
					'SELECT token_hash, participant_id FROM session_tokens WHERE session_id = $1',
					[id]
				),
				events: await client.query<{ event: SessionEvent }>(
					'SELECT event FROM session_events WHERE session_id = $1 ORDER BY seq',
					[id]
				)
			}),
			{ snapshot: true }
		);
		const row = meta.rows[0];
		if (!row) return null;
		return {
			meta: row.meta,
			scenario: row.scenario,
			tokens: Object.fromEntries(tokens.rows.map((t) => [t.token_hash, t.participant_id])),
			events: events.rows.map((e) => e.event)
		};
	}

	async list(): Promise<SessionMeta[]> {
		const { rows } = await this.db.query<{ meta: SessionMeta }>(
			'SELECT meta FROM sessions ORDER BY position'
		);
		return rows.map((r) => r.meta);
	}

	async withJoinCode(code: string): Promise<SessionMeta | null> {
		// The index sessions_by_join_code (migration 007) answers this.
		const { rows } = await this.db.query<{ meta: SessionMeta }>(
			`SELECT meta FROM sessions WHERE meta->>'joinCode' = $1
			 ORDER BY status = 'ended', position DESC LIMIT 1`,
			[code]
		);
		return rows[0]?.meta ?? null;
	}

	append(id: string, expectedSeq: number, change: SessionAppend): Promise<void> {
		// What the caller passed, as it is now: it may change its objects once this returns.
		const events = change.events.map((e) => JSON.stringify(e));
		const seqs = change.events.map((e) => e.seq);
		const tokens = change.tokens ? { ...change.tokens } : {};
		const meta = change.meta ? JSON.stringify(change.meta) : null;
		const status = change.meta?.status ?? null;
		const link = change.events[0]?.prev;
		return this.order.run(id, () =>
			this.db.transaction(async (client) => {
				const { rows } = await client.query<{ last: number | null; event: SessionEvent | null }>(
					`SELECT e.seq AS last, e.event FROM sessions s
					 LEFT JOIN LATERAL (SELECT seq, event FROM session_events WHERE session_id = s.id
					   ORDER BY seq DESC LIMIT 1) e ON true
					 WHERE s.id = $1 FOR UPDATE OF s`,
					[id]
				);
				if (!rows[0]) throw new Error(`no session ${id}`);
				const last = rows[0].last ?? 0;
				if (last !== expectedSeq) {
					throw new WriteConflictError(
						`session ${id}: its log ends at event ${last}, not ${expectedSeq}`
					);
				}
				// The right length is not enough with several writers: an append queued behind one
				// that failed was built on events never stored, and another instance may have filled
				// their places since. Its first event's link to the stored log tells.
				const before = rows[0].event;
				if (link !== undefined && before?.prev !== undefined) {
					if (linkHash(before.prev, before) !== link) {
						throw new WriteConflictError(
							`session ${id}: these events do not follow event ${last} as stored`
						);
					}
				}
				seqs.forEach((seq, i) => {
					if (seq !== expectedSeq + 1 + i)
						throw new Error(`session ${id}: event ${seq} cannot follow ${expectedSeq + i}`);
				});
				try {
					await insertEvents(client, id, seqs, events);
				} catch (e) {
					if (isUniqueViolation(e))
						throw new WriteConflictError(
							`session ${id}: another writer recorded event ${last + 1}`
						);
					throw e;
				}
				await insertTokens(client, id, tokens);
				// Sent at the commit, not before: nobody reads events that might still be lost.
				if (seqs.length > 0) await notifyAppended(client, id, seqs[seqs.length - 1]);
				if (meta !== null) {
					await client.query('UPDATE sessions SET meta = $2, status = $3 WHERE id = $1', [
						id,
						meta,
						status
					]);
				}
			})
		);
	}

	replace(session: StoredSession, basedOn: number): Promise<void> {
		const { meta, scenario, tokens, events } = session;
		const scenarioText = JSON.stringify(scenario);
		const sha = createHash('sha256').update(scenarioText).digest('hex');
		const texts = events.map((e) => JSON.stringify(e));
		return this.order.run(meta.id, () =>
			this.db.transaction(async (client) => {
				const last = await lockEnded(client, meta.id, 'rewritten');
				if (last !== basedOn) {
					throw new WriteConflictError(
						`session ${meta.id}: its log ends at event ${last}, not ${basedOn}`
					);
				}
				await client.query('DELETE FROM session_events WHERE session_id = $1', [meta.id]);
				await client.query('DELETE FROM session_tokens WHERE session_id = $1', [meta.id]);
				await client.query(
					`INSERT INTO scenarios (sha256, scenario_id, scenario) VALUES ($1, $2, $3)
					 ON CONFLICT (sha256) DO NOTHING`,
					[sha, meta.scenarioId, scenarioText]
				);
				const { rows } = await client.query<{ old: string }>(
					`UPDATE sessions s SET meta = $2, status = $3, scenario_sha256 = $4
					 FROM sessions o WHERE s.id = $1 AND o.id = s.id RETURNING o.scenario_sha256 AS old`,
					[meta.id, JSON.stringify(meta), meta.status, sha]
				);
				await dropUnusedScenario(client, rows[0].old);
				await insertTokens(client, meta.id, tokens);
				await insertEvents(
					client,
					meta.id,
					events.map((e) => e.seq),
					texts
				);
			})
		);
	}

	remove(id: string): Promise<boolean> {
		return this.order.run(id, () =>
			this.db.transaction(async (client) => {
				const exists = await client.query('SELECT 1 FROM sessions WHERE id = $1', [id]);
				if (exists.rowCount === 0) return false;
				await lockEnded(client, id, 'deleted');
				await client.query('DELETE FROM session_events WHERE session_id = $1', [id]);
				await client.query('DELETE FROM session_tokens WHERE session_id = $1', [id]);
				const { rows } = await client.query<{ sha: string }>(
					'DELETE FROM sessions WHERE id = $1 RETURNING scenario_sha256 AS sha',
					[id]
				);
				await dropUnusedScenario(client, rows[0].sha);
				return true;
			})
		);
	}

	/** Every append is final once acknowledged: nothing to bring up to date. */
	async checkpoint(id: string): Promise<void> {
		await this.order.settled(id);
	}

	/** Nothing is held in memory for a session but the order of its pending appends. */
	close(): void {}

	/**
	 * Checks every session's log: numbered 1, 2, 3... without a gap, and its metadata's status
	 * a value the app writes. The database's keys and references make the rest (an index behind
	 * its sessions, a scenario missing) impossible, so there is nothing to repair.
	 */
	async recover(): Promise<void> {
		const { rows } = await this.db.query<{ id: string; n: string; first: number; last: number }>(
			`SELECT session_id AS id, count(*) AS n, min(seq) AS first, max(seq) AS last
			 FROM session_events GROUP BY session_id
			 HAVING min(seq) <> 1 OR max(seq) <> count(*)`
		);
		if (rows.length > 0) {
			const named = rows.map((r) => `${r.id} (events ${r.first}..${r.last}, ${r.n} stored)`);
			throw new Error(
				`the event log of session ${named.join(', ')} has a gap: restore the database from a backup`
			);
		}
	}
}

async function insertTokens(
	client: Queryable,
	sessionId: string,
	tokens: Record<string, string>
): Promise<void> {
	const hashes = Object.keys(tokens);
	if (hashes.length === 0) return;
	await client.query(
		`INSERT INTO session_tokens (session_id, token_hash, participant_id)
		 SELECT $1, * FROM unnest($2::text[], $3::text[])
		 ON CONFLICT (session_id, token_hash) DO UPDATE SET participant_id = excluded.participant_id`,
		[sessionId, hashes, Object.values(tokens)]
	);
}

/** Inserts events (their JSON text) at their positions, in one statement. */
async function insertEvents(
	client: Queryable,
	sessionId: string,
	seqs: number[],
	events: string[]
): Promise<void> {
	if (events.length === 0) return;
	await client.query(
		`INSERT INTO session_events (session_id, seq, event)
		 SELECT $1, * FROM unnest($2::integer[], $3::json[])`,
		[sessionId, seqs, events]
	);
}

/**
 * Locks an ended session's row for a rewrite or deletion and returns the length of its log;
 * WriteConflictError when there is no such session or it has not ended.
 */
async function lockEnded(client: Queryable, id: string, what: string): Promise<number> {
	const { rows } = await client.query<{ status: string; last: number | null }>(
		`SELECT status, (SELECT max(seq) FROM session_events WHERE session_id = $1) AS last
		 FROM sessions WHERE id = $1 FOR UPDATE`,
		[id]
	);
	if (!rows[0]) throw new WriteConflictError(`session ${id} does not exist`);
	if (rows[0].status !== 'ended') {
		throw new WriteConflictError(`session ${id} has not ended: it cannot be ${what}`);
	}
	return rows[0].last ?? 0;
}

/** Deletes a frozen scenario no session plays any more. */
async function dropUnusedScenario(client: Queryable, sha: string): Promise<void> {
	await client.query(
		`DELETE FROM scenarios WHERE sha256 = $1
		 AND NOT EXISTS (SELECT 1 FROM sessions WHERE scenario_sha256 = $1)`,
		[sha]
	);
}
