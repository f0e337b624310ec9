import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../audit/chain';
import { readinessCheck } from '../../readiness';
import type { AuditDraft } from '../audit';
import { describeStorageContract } from '../contract';
import { WriteConflictError } from '../errors';
import { openPgStorage } from './index';
import { freshSchema, postgresUnavailable } from './testing';
import { joinedEvent as joined, storedSessionFixture as created } from '../contract';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`Skipping the PostgreSQL storage tests: ${unavailable}`);

type PgStorage = ReturnType<typeof openPgStorage>;

describe.skipIf(unavailable !== null)('PostgreSQL', () => {
	describeStorageContract('postgres', async () => {
		const schema = await freshSchema();
		const opened: PgStorage[] = [];
		return {
			open() {
				const storage = openPgStorage({ url: schema.url });
				opened.push(storage);
				return storage;
			},
			async dispose() {
				await Promise.all(opened.map((s) => s.close()));
				await schema.drop();
			}
		};
	});

	describe('two app instances on one database', () => {
		let schema: Awaited<ReturnType<typeof freshSchema>>;
		let a: PgStorage;
		let b: PgStorage;
		beforeEach(async () => {
			schema = await freshSchema();
			a = openPgStorage({ url: schema.url });
			b = openPgStorage({ url: schema.url });
		});
		afterEach(async () => {
			await Promise.all([a.close(), b.close()]);
			await schema.drop();
		});

		describe('the studio store', () => {
			const who = { id: 'u1', name: 'Fay' };
			const draft = (revision: number, yaml: string) => ({
				id: 'abcdefgh12345678',
				scenarioId: 'phish',
				title: 'Phish',
				yaml,
				revision,
				baseVersion: null,
				createdBy: who,
				createdAt: 1,
				updatedBy: who,
				updatedAt: 1 + revision
			});

			it('saves a draft only over the revision it follows, from either instance', async () => {
				await a.studio.putDraft(draft(1, 'id: phish'));
				await expect(b.studio.putDraft(draft(1, 'id: other'))).rejects.toThrow(WriteConflictError);
				await b.studio.putDraft(draft(2, 'id: phish # b'));
				await expect(a.studio.putDraft(draft(2, 'id: phish # a'))).rejects.toThrow(
					WriteConflictError
				);
				expect((await a.studio.getDraft('abcdefgh12345678'))?.yaml).toBe('id: phish # b');
				expect(await b.studio.listDrafts()).toEqual([
					expect.not.objectContaining({ yaml: expect.anything() })
				]);
				expect((await b.studio.listDrafts())[0].revision).toBe(2);
			});

			it('adds each published version once, in order', async () => {
				const version = (n: number) => ({
					scenarioId: 'phish',
					version: n,
					yaml: `v${n}`,
					hash: `h${n}`,
					by: who,
					at: n,
					draftId: 'abcdefgh12345678'
				});
				await a.studio.addVersion(version(1));
				await expect(b.studio.addVersion(version(1))).rejects.toThrow(WriteConflictError);
				await expect(b.studio.addVersion(version(3))).rejects.toThrow(WriteConflictError);
				await b.studio.addVersion(version(2));
				expect((await a.studio.listVersions('phish')).map((v) => v.yaml)).toEqual(['v1', 'v2']);
				expect(await a.studio.listVersions('other')).toEqual([]);
			});
		});

		it('records each position of a log once: of two appends at the same position one wins', async () => {
			await a.sessions.create(created('race0001'));
			for (let round = 0; round < 10; round++) {
				const expected = 1 + round;
				const results = await Promise.allSettled([
					a.sessions.append('race0001', expected, {
						events: [joined(expected + 1, `a${round}`)],
						tokens: { [`ha${round}`]: `p-a${round}` }
					}),
					b.sessions.append('race0001', expected, {
						events: [joined(expected + 1, `b${round}`)],
						tokens: { [`hb${round}`]: `p-b${round}` }
					})
				]);
				const won = results.filter((r) => r.status === 'fulfilled');
				const lost = results.filter((r) => r.status === 'rejected');
				expect(won).toHaveLength(1);
				expect(lost).toHaveLength(1);
				expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(WriteConflictError);
			}
			const [fromA, fromB] = await Promise.all([
				a.sessions.load('race0001'),
				b.sessions.load('race0001')
			]);
			expect(fromA).toEqual(fromB);
			expect(fromA!.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
			// The loser stored nothing: one token per position, the winner's.
			const names = fromA!.events.slice(1).map((e) => (e as { name: string }).name);
			expect(Object.values(fromA!.tokens).sort()).toEqual(names.map((n) => `p-${n}`).sort());
			await a.sessions.recover();
		});

		it('a writer that lost reloads and appends after the winner', async () => {
			await a.sessions.create(created('race0002'));
			await a.sessions.append('race0002', 1, { events: [joined(2, 'first')] });
			await expect(
				b.sessions.append('race0002', 1, { events: [joined(2, 'second')] })
			).rejects.toThrow(WriteConflictError);
			const reloaded = (await b.sessions.load('race0002'))!;
			const at = reloaded.events.length;
			await b.sessions.append('race0002', at, { events: [joined(at + 1, 'second')] });
			expect((await a.sessions.load('race0002'))!.events.map((e) => e.seq)).toEqual([1, 2, 3]);
		});

		it('loads a session as of one moment while another instance appends to it', async () => {
			const base = created('race0003');
			await a.sessions.create(base);
			const writing = (async () => {
				for (let seq = 2; seq <= 31; seq++) {
					await b.sessions.append('race0003', seq - 1, {
						events: [joined(seq, `t${seq}`)],
						tokens: { [`h${seq}`]: `p-t${seq}` },
						meta: { ...base.meta, participants: seq - 1 }
					});
				}
			})();
			let done = false;
			void writing.finally(() => (done = true));
			let loads = 0;
			while (!done) {
				const s = (await a.sessions.load('race0003'))!;
				const joinedSoFar = s.events.length - 1;
				expect(Object.keys(s.tokens)).toHaveLength(joinedSoFar);
				expect(s.meta.participants ?? 0).toBe(joinedSoFar);
				loads++;
			}
			await writing;
			expect(loads).toBeGreaterThan(1);
		});

		it('keeps one audit chain while both instances append at once', async () => {
			const draft = (n: number): AuditDraft => ({
				at: 5_000 + n,
				actor: null,
				address: '127.0.0.1',
				action: 'POST /login',
				target: {},
				detail: { n },
				status: 303,
				outcome: 'ok',
				requestId: `r${n}`
			});
			const entries = await Promise.all(
				Array.from({ length: 30 }, (_, n) => (n % 2 ? a : b).audit.append(draft(n)))
			);
			expect(new Set(entries.map((e) => e.seq)).size).toBe(30);
			const listed = await a.audit.list();
			expect(listed).toHaveLength(30);
			expect(verifyAuditChain(listed)).toEqual({ ok: true, entries: 30 });
			// Each instance's own appends are in the order it made them.
			for (const own of [0, 1]) {
				const mine = listed.filter((e) => Number(e.detail.n) % 2 === own).map((e) => e.detail.n);
				expect(mine).toEqual([...mine].sort((x, y) => Number(x) - Number(y)));
			}
		});

		it('keeps unique emails and the last admin across instances', async () => {
			const admin = {
				id: 'admin1',
				email: 'admin@example.com',
				name: 'Admin',
				role: 'admin' as const,
				passwordHash: 'x',
				disabled: false,
				createdAt: '2026-01-05T10:00:00.000Z',
				createdBy: null
			};
			const results = await Promise.allSettled([
				a.accounts.insertUser(admin, { firstUser: true }),
				b.accounts.insertUser(
					{ ...admin, id: 'admin2', email: 'other@example.com' },
					{ firstUser: true }
				)
			]);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			expect(await b.accounts.countUsers()).toBe(1);
		});

		it('migrates once when both start together, and the probe writes', async () => {
			await Promise.all([a.probe(), b.probe()]);
			expect(await a.sessions.list()).toEqual([]);
		});
	});

	describe('a database that drops its connections', () => {
		it('is used again on the next call: the pool replaces them', async () => {
			const schema = await freshSchema();
			const name = `sandtable-drop-${Date.now()}`;
			const url = new URL(schema.url);
			url.searchParams.set('application_name', name);
			const storage = openPgStorage({ url: url.toString() });
			try {
				await storage.plans.add({
					rev: 1,
					markdown: '# Plan\n',
					at: 1,
					by: null,
					reason: 'First',
					source: { kind: 'sample' }
				});
				// End every connection of `storage`, as a database restart or a failover would.
				const admin = new pg.Client({ connectionString: schema.url });
				await admin.connect();
				const { rows } = await admin.query<{ n: number }>(
					'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
					[name]
				);
				await admin.end();
				expect(rows[0].n).toBeGreaterThan(0);
				await new Promise((r) => setTimeout(r, 100));
				expect((await storage.plans.list()).map((r) => r.rev)).toEqual([1]);
				await storage.probe();
			} finally {
				await storage.close();
				await schema.drop();
			}
		});
	});

	describe('readiness', () => {
		it('is not ready while the database cannot be reached, and ready once it can', async () => {
			const down = openPgStorage({ url: 'postgres://postgres@127.0.0.1:1/none' });
			try {
				await expect(down.probe()).rejects.toThrow(
					'PostgreSQL at 127.0.0.1:1/none (DATABASE_URL) could not be used: connect ECONNREFUSED'
				);
				const check = readinessCheck({
					probe: () => down.probe(),
					writeFailure: () => null,
					where: 'the database'
				});
				expect(await check()).toEqual({
					ready: false,
					reason: 'the database refuses writes (ECONNREFUSED)'
				});
			} finally {
				await down.close();
			}
			const schema = await freshSchema();
			const up = openPgStorage({ url: schema.url });
			try {
				const check = readinessCheck({ probe: () => up.probe(), writeFailure: () => null });
				expect(await check()).toEqual({ ready: true });
			} finally {
				await up.close();
				await schema.drop();
			}
		});
	});
});
