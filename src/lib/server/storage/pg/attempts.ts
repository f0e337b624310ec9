/**
 * A sliding-window limiter of attempts over the `attempts` table, shared by every app instance on
 * the database: the same limits as the in-memory `RateLimiter` (rate-limit.ts), counted in one
 * place. A check takes a transaction-level advisory lock on its key, so two instances counting the
 * same key at once are taken one after the other and never both let through the last attempt.
 */
import { createHash } from 'node:crypto';
import type { AttemptLimiter, RateLimitResult } from '../../rate-limit';
import type { PgDatabase } from './db';

/** One check in this many also removes every expired row, of any key. */
const SWEEP_EVERY = 100;

export class PgAttemptLimiter implements AttemptLimiter {
	constructor(
		private readonly db: PgDatabase,
		private readonly scope: string,
		private readonly options: { limit: number; windowMs: number }
	) {}

	private hash(key: string): string {
		return createHash('sha256').update(`${this.scope}\n${key}`).digest('hex');
	}

	check(key: string): Promise<RateLimitResult> {
		const keyHash = this.hash(key);
		const { limit, windowMs } = this.options;
		return this.db.transaction(async (client) => {
			await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [keyHash]);
			if (Math.random() * SWEEP_EVERY < 1) {
				await client.query('DELETE FROM attempts WHERE expires_at <= clock_timestamp()');
			}
			const { rows } = await client.query<{ n: string; wait_ms: number | null }>(
				`SELECT count(*) AS n,
				   extract(epoch FROM min(expires_at) - clock_timestamp()) * 1000 AS wait_ms
				 FROM attempts WHERE key_hash = $1 AND expires_at > clock_timestamp()`,
				[keyHash]
			);
			if (Number(rows[0].n) >= limit) {
				const waitMs = Number(rows[0].wait_ms ?? windowMs);
				return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
			}
			await client.query(
				`INSERT INTO attempts (key_hash, expires_at)
				 VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')`,
				[keyHash, windowMs]
			);
			return { ok: true, retryAfterSeconds: 0 };
		});
	}

	/** Gives back the most recent attempt counted for `key`. */
	async release(key: string): Promise<void> {
		await this.db.query(
			`DELETE FROM attempts WHERE id = (
			   SELECT id FROM attempts WHERE key_hash = $1 ORDER BY id DESC LIMIT 1)`,
			[this.hash(key)]
		);
	}
}
