/**
 * The database restarting mid-exercise, played by a proxy in front of the test database (the real
 * server is never stopped): while it is away every store call fails with StorageUnavailableError
 * and nothing is half-written, the process never sees an unhandled error, and once it is back the
 * same stores work again and the session feed listens again and tells its listeners to catch up.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StorageUnavailableError, UnstorableInputError } from '../errors';
import { PgDatabase, storageError } from './db';
import { PgSessionFeed, RECONNECT_MAX_MS, RECONNECT_MS } from './feed';
import { openPgStorage } from './index';
import { freshSchema, OutageProxy, postgresUnavailable } from './testing';
import { joinedEvent as joined, storedSessionFixture as created } from '../contract';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`Skipping the PostgreSQL outage tests: ${unavailable}`);

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

describe('storageError', () => {
	it('tells a lost or refused connection from a NUL character and from anything else', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
			code: 'ECONNREFUSED'
		});
		const shutdown = Object.assign(new Error('terminating connection'), { code: '57P01' });
		const nul = Object.assign(new Error('invalid byte sequence'), { code: '22021' });
		const nulJson = Object.assign(new Error('unsupported Unicode escape'), { code: '22P05' });
		const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
		for (const e of [refused, shutdown, new Error('Connection terminated unexpectedly')])
			expect(storageError(e)).toBeInstanceOf(StorageUnavailableError);
		expect((storageError(shutdown) as StorageUnavailableError).code).toBe('57P01');
		for (const e of [nul, nulJson]) expect(storageError(e)).toBeInstanceOf(UnstorableInputError);
		expect(storageError(unique)).toBe(unique);
	});
});

describe.skipIf(unavailable !== null)('a PostgreSQL outage', () => {
	let schema: Awaited<ReturnType<typeof freshSchema>>;
	let proxy: OutageProxy;
	const unhandled: unknown[] = [];
	const onUnhandled = (e: unknown) => unhandled.push(e);

	beforeEach(async () => {
		schema = await freshSchema();
		proxy = await new OutageProxy().start();
		unhandled.length = 0;
		process.on('uncaughtException', onUnhandled);
		process.on('unhandledRejection', onUnhandled);
	});
	afterEach(async () => {
		process.off('uncaughtException', onUnhandled);
		process.off('unhandledRejection', onUnhandled);
		await proxy.close();
		await schema.drop();
	});

	/** The rows of `session_events` for `id`, read past the proxy. */
	async function seqs(id: string): Promise<number[]> {
		const client = new pg.Client({ connectionString: schema.url });
		await client.connect();
		try {
			const { rows } = await client.query<{ seq: number }>(
				'SELECT seq FROM session_events WHERE session_id = $1 ORDER BY seq',
				[id]
			);
			return rows.map((r) => r.seq);
		} finally {
			await client.end();
		}
	}

	it('fails calls with StorageUnavailableError while it lasts, then works again', async () => {
		const storage = openPgStorage({ url: proxy.url(schema.url) });
		try {
			await storage.sessions.create(created('out00001'));
			await proxy.cut();
			// Idle pooled connections were reset: the pool drops them without crashing anything.
			await expect(
				storage.sessions.append('out00001', 1, { events: [joined(2, 'ana')] })
			).rejects.toBeInstanceOf(StorageUnavailableError);
			await expect(storage.sessions.load('out00001')).rejects.toBeInstanceOf(
				StorageUnavailableError
			);
			await expect(storage.probe()).rejects.toMatchObject({
				code: expect.stringMatching(/^ECONN/)
			});
			expect(await seqs('out00001')).toEqual([1]);

			await proxy.restore();
			await storage.sessions.append('out00001', 1, { events: [joined(2, 'ana')] });
			expect((await storage.sessions.load('out00001'))!.events.map((e) => e.seq)).toEqual([1, 2]);
			expect(unhandled).toEqual([]);
		} finally {
			await storage.close();
		}
	});

	it('keeps nothing of a transaction cut before its commit', async () => {
		const db = new PgDatabase(proxy.url(schema.url));
		try {
			await db.query('CREATE TABLE outage_rows (n int)');
			await expect(
				db.transaction(async (client) => {
					await client.query('INSERT INTO outage_rows VALUES (1)');
					await proxy.cut();
					await client.query('INSERT INTO outage_rows VALUES (2)');
				})
			).rejects.toBeInstanceOf(StorageUnavailableError);
			await proxy.restore();
			expect((await db.query('SELECT n FROM outage_rows')).rows).toEqual([]);
			// The broken connection was not handed back to the pool: the next transaction works.
			await db.transaction((client) => client.query('INSERT INTO outage_rows VALUES (3)'));
			expect((await db.query('SELECT n FROM outage_rows')).rows).toEqual([{ n: 3 }]);
			expect(unhandled).toEqual([]);
		} finally {
			await db.close();
		}
	});

	it('reconnects the feed with a growing wait, then tells its listeners to catch up', async () => {
		const db = new PgDatabase(proxy.url(schema.url));
		const writer = openPgStorage({ url: schema.url });
		const feed = new PgSessionFeed(db);
		const opened = vi.spyOn(db, 'client');
		const changes: ({ id: string; seq: number } | null)[] = [];
		const stop = feed.watch((change) => changes.push(change));
		try {
			await until(() => feed.listening);
			await writer.sessions.create(created('out00002'));
			await writer.sessions.append('out00002', 1, { events: [joined(2, 'ana')] });
			await until(() => changes.some((c) => c?.id === 'out00002' && c.seq === 2));

			await proxy.cut();
			await until(() => !feed.listening);
			// Appended while the feed is away: its notification is lost.
			await writer.sessions.append('out00002', 2, { events: [joined(3, 'ben')] });
			const attemptsBefore = opened.mock.calls.length;
			await new Promise((r) => setTimeout(r, 2_000));
			// 0.5 s, 1 s, 2 s...: two or three attempts in two seconds, not one every half second.
			const attempts = opened.mock.calls.length - attemptsBefore;
			expect(attempts).toBeGreaterThanOrEqual(1);
			expect(attempts).toBeLessThanOrEqual(3);
			expect(feed.nextRetryMs).toBeGreaterThan(RECONNECT_MS);
			expect(feed.nextRetryMs).toBeLessThanOrEqual(RECONNECT_MAX_MS);

			const sinceCut = changes.length;
			await proxy.restore();
			await until(() => feed.listening, RECONNECT_MAX_MS + 5_000);
			expect(feed.reconnects).toBe(1);
			// Catch up on everything: the append made during the outage is read from the table.
			expect(changes.slice(sinceCut)).toContain(null);
			expect(changes.some((c) => c?.id === 'out00002' && c.seq === 3)).toBe(false);
			await writer.sessions.append('out00002', 3, { events: [joined(4, 'cy')] });
			await until(() => changes.some((c) => c?.id === 'out00002' && c.seq === 4));
			expect(unhandled).toEqual([]);
		} finally {
			stop();
			await writer.close();
			await db.close();
		}
	});
});
