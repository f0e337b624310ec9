/**
 * The session feed over PostgreSQL (several app instances on one database, issue 14): each append
 * NOTIFYs `sandtable_session` with `<session id>:<last seq>` in its own transaction, so the word
 * goes out only once the events are committed, and the payload stays a few bytes whatever the
 * events weigh (NOTIFY refuses payloads over 8000 bytes). Each process holds one connection that
 * LISTENs and passes the word on; listeners read the events from the table themselves. When that
 * connection drops it is opened again (after 0.5 s, doubling up to 5 s while the database stays
 * away), and once it listens again listeners are told to catch up on everything (null), since
 * notifications sent meanwhile are lost: each session held re-reads its log and sends its
 * streams the events after the last one they had, so no stream misses a patch.
 *
 * Leases: `session_leases` says which instance runs a session's clock, until when.
 */
import type { Socket } from 'node:net';
import type pg from 'pg';
import { log } from '../../log';
import type { SessionFeed } from '../sessions';
import type { PgDatabase, Queryable } from './db';

export const SESSION_CHANNEL = 'sandtable_session';
/** Wait before opening the feed's connection again after it dropped or failed to open... */
export const RECONNECT_MS = 500;
/** ...doubled at each failure in a row, up to this. */
export const RECONNECT_MAX_MS = 5_000;

type Change = { id: string; seq: number } | null;

/** Tells the other processes (and this one) that session `id`'s log now ends at `seq`. */
export async function notifyAppended(client: Queryable, id: string, seq: number): Promise<void> {
	await client.query('SELECT pg_notify($1, $2)', [SESSION_CHANNEL, `${id}:${seq}`]);
}

/** `<id>:<seq>` as sent by notifyAppended, or undefined for anything else. */
export function parseChange(payload: string | undefined): { id: string; seq: number } | undefined {
	const match = /^([^:]+):(\d+)$/.exec(payload ?? '');
	return match ? { id: match[1], seq: Number(match[2]) } : undefined;
}

export class PgSessionFeed implements SessionFeed {
	private readonly listeners = new Set<(change: Change) => void>();
	private client: pg.Client | null = null;
	private retry: ReturnType<typeof setTimeout> | null = null;
	/** Failures in a row to open the connection, for the backoff. */
	private failures = 0;

	constructor(private readonly db: PgDatabase) {}

	watch(listener: (change: Change) => void): () => void {
		this.listeners.add(listener);
		if (this.listeners.size === 1) this.open();
		return () => {
			if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
			if (this.retry) clearTimeout(this.retry);
			this.retry = null;
			const client = this.client;
			this.client = null;
			void client?.end().catch(() => undefined);
		};
	}

	/** True while the feed's connection is open and listening (for tests). */
	listening = false;

	/** How many times the connection was opened again after a loss (for tests). */
	reconnects = 0;

	/** The wait before the next attempt to open the connection again. */
	get nextRetryMs(): number {
		return Math.min(RECONNECT_MS * 2 ** Math.max(this.failures - 1, 0), RECONNECT_MAX_MS);
	}

	/** The server process of the feed's connection, while it is open (for tests). */
	get backendPid(): number | undefined {
		return (this.client as unknown as { processID?: number } | null)?.processID;
	}

	private emit(change: Change): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(change);
			} catch (err) {
				log.error({ err }, 'a session feed listener failed');
			}
		}
	}

	private open(): void {
		this.retry = null;
		if (this.listeners.size === 0) return;
		const client = this.db.client();
		this.client = client;
		let lost = false;
		const onLost = (err?: unknown) => {
			if (lost) return;
			lost = true;
			const wasListening = this.listening;
			this.listening = false;
			void client.end().catch(() => undefined);
			if (this.client !== client) return; // stopped on purpose
			this.client = null;
			this.failures++;
			const wait = this.nextRetryMs;
			log.warn(
				{ err, retryInMs: wait },
				wasListening
					? 'the session feed lost its PostgreSQL connection; reconnecting'
					: 'the session feed could not open its PostgreSQL connection; trying again'
			);
			this.retry = setTimeout(() => this.open(), wait);
			this.retry.unref?.();
		};
		client.on('error', onLost);
		client.on('end', () => onLost());
		client.on('notification', (message) => {
			if (message.channel !== SESSION_CHANNEL) return;
			const change = parseChange(message.payload);
			if (change) this.emit(change);
		});
		client
			.connect()
			.then(async () => {
				// The connection alone must not keep a stopping server alive.
				(client as unknown as { connection?: { stream?: Socket } }).connection?.stream?.unref?.();
				await client.query(`LISTEN ${SESSION_CHANNEL}`);
				if (lost || this.client !== client) return;
				this.listening = true;
				if (this.failures > 0) {
					this.reconnects++;
					log.info('the session feed is listening again; catching up');
				}
				this.failures = 0;
				// Whatever was appended before LISTEN took effect: catch up on everything.
				this.emit(null);
			})
			.catch(onLost);
	}

	async lease(id: string, holder: string, ttlMs: number): Promise<boolean> {
		const { rows } = await this.db.query(
			`INSERT INTO session_leases (session_id, holder, expires_at)
			 VALUES ($1, $2, now() + $3 * interval '1 millisecond')
			 ON CONFLICT (session_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
			 WHERE session_leases.holder = excluded.holder OR session_leases.expires_at < now()
			 RETURNING holder`,
			[id, holder, ttlMs]
		);
		return rows.length === 1;
	}

	async renewLeases(ids: string[], holder: string, ttlMs: number): Promise<void> {
		if (ids.length === 0) return;
		await this.db.query(
			`UPDATE session_leases SET expires_at = now() + $3 * interval '1 millisecond'
			 WHERE holder = $2 AND session_id = ANY($1::text[]) AND expires_at >= now()`,
			[ids, holder, ttlMs]
		);
	}
}
