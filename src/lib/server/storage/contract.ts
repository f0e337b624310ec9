/**
 * The behaviour every `Storage` implementation must have, as a vitest suite that uses the
 * interfaces only. An implementation's spec calls `describeStorageContract` with a way to get an
 * empty backend (a temporary folder, a fresh database) and to open storage on it again, as a
 * restarted process would; what is acknowledged must be there after that.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { linkHash } from '#lib/evidence/chain.js';
import { summarise, type SessionSummary } from '#lib/engine/score/summary.js';
import { phishFile, phishScenario, playedPhish } from '#lib/engine/testing.js';
import {
	EmailTakenError,
	IdentityTakenError,
	NO_PASSWORD,
	LastAdminError,
	SetupDoneError,
	type UserRecord,
	type UserTokenRecord
} from './accounts';
import type { StoredEdits } from './debrief-edits';
import { WriteConflictError } from './errors';
import type { ImprovementItem } from './improvements';
import type { PlanRevision } from './plans';
import type { SessionMeta, StoredSession } from './sessions';
import type { Storage } from './types';

/** Where an implementation under test keeps its data. */
export interface StorageBackend {
	/** Opens storage over this backend's data; called again, it stands for a restarted process. */
	open(): Storage;
	/** Removes the backend's data (after a test). */
	dispose(): Promise<void>;
}

const HASH = (n: number) => n.toString(16).padStart(64, '0');

function user(id: string, patch: Partial<UserRecord> = {}): UserRecord {
	return {
		id,
		email: `${id}@example.com`,
		name: id,
		role: 'facilitator',
		passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5',
		disabled: false,
		createdAt: '2026-01-05T10:00:00.000Z',
		createdBy: null,
		...patch
	};
}

function meta(id: string, patch: Partial<SessionMeta> = {}): SessionMeta {
	return {
		id,
		joinCode: 'ABCDEFGHJK',
		scenarioId: 'phish',
		scenarioTitle: 'Phish',
		scenarioHash: 'h1',
		title: 'Drill',
		facilitatorId: 'u1',
		teams: [{ id: 'blue', name: 'Blue' }],
		speed: 1,
		release: 'auto',
		status: 'lobby',
		participants: 0,
		createdAt: 1_000,
		startedAt: null,
		endedAt: null,
		...patch
	};
}

function session(id: string): StoredSession {
	return {
		meta: meta(id),
		scenario: phishFile(),
		tokens: {},
		events: [
			{
				type: 'session.created',
				sessionId: id,
				scenarioId: 'phish',
				scenarioHash: 'h1',
				title: 'Drill',
				teams: [{ id: 'blue', name: 'Blue' }],
				speed: 1,
				release: 'auto',
				facilitatorId: 'u1',
				seq: 1,
				at: 1_000
			}
		]
	};
}

function joined(seq: number, name = `Trainee ${seq}`): SessionEvent {
	return {
		type: 'participant.joined',
		participantId: `p${seq}`,
		name,
		teamId: 'blue',
		role: 'analyst',
		seq,
		at: 1_000 + seq
	};
}

/** The contract's session fixture and join event, for other storage specs. */
export { session as storedSessionFixture, joined as joinedEvent };

function summary(sessionId: string, title = 'Drill'): SessionSummary {
	const scenario = phishScenario();
	return { ...summarise(scenario, playedPhish(scenario).state), sessionId, title };
}

function revision(rev: number): PlanRevision {
	return {
		rev,
		markdown: `# Plan\n\n## Escalation {#escalation}\n\nRevision ${rev}.\n`,
		at: 2_000 + rev,
		by: rev === 1 ? null : { id: 'u1', name: 'Lena Lead' },
		reason: `Change ${rev}`,
		source: rev === 1 ? { kind: 'sample' } : { kind: 'edit', sectionId: 'escalation' }
	};
}

function item(id: string, patch: Partial<ImprovementItem> = {}): ImprovementItem {
	return {
		id,
		sessionId: 's1',
		sessionTitle: 'Drill',
		scenarioId: 'phish',
		draftKey: `draft-${id}`,
		teamId: 'blue',
		objectiveId: 'contain',
		phases: ['containment'],
		issue: 'Slow isolation',
		correctiveAction: 'Pre-approve isolation',
		planSection: 'escalation',
		capabilityElement: 'planning',
		owner: '',
		dueDate: null,
		review: 'pending',
		reviewNote: null,
		status: 'open',
		planRevision: null,
		createdAt: 3_000,
		updatedAt: 3_000,
		doneAt: null,
		history: [{ at: 3_000, by: 'Sandtable', change: 'proposed by the debrief' }],
		...patch
	};
}

function edits(sessionId: string, strengths: string[] | null): StoredEdits {
	return {
		version: 1,
		sessionId,
		strengths,
		improvements: null,
		updatedAt: 4_000,
		updatedBy: 'Fran Facilitator'
	};
}

/** Runs the storage contract against the backends `makeBackend` gives, one per test. */
export function describeStorageContract(
	name: string,
	makeBackend: () => Promise<StorageBackend>
): void {
	describe(`${name} storage`, () => {
		let backend: StorageBackend;
		let storage: Storage;
		beforeEach(async () => {
			backend = await makeBackend();
			storage = backend.open();
		});
		afterEach(async () => {
			await backend.dispose();
		});

		/** Storage opened again, as after a restart (sessions of the first one closed as on shutdown). */
		async function restarted(): Promise<Storage> {
			for (const m of await storage.sessions.list()) storage.sessions.close(m.id);
			return backend.open();
		}

		describe('accounts', () => {
			it('keeps users, sign-in sessions and API tokens once acknowledged', async () => {
				const { accounts } = storage;
				await accounts.open();
				expect(await accounts.countUsers()).toBe(0);
				await accounts.insertUser(user('admin1', { role: 'admin' }), { firstUser: true });
				await accounts.insertUser(user('fac1', { email: 'Fac1@Example.com' }));
				await accounts.insertSession({
					id: HASH(1),
					userId: 'fac1',
					createdAt: '2026-01-05T10:00:00.000Z',
					expiresAt: '2026-01-05T22:00:00.000Z',
					lastSeenAt: '2026-01-05T10:00:00.000Z'
				});
				await accounts.touchSession(
					HASH(1),
					'2026-01-05T11:00:00.000Z',
					'2026-01-05T23:00:00.000Z'
				);
				for (const [n, createdAt] of [
					[2, '2026-01-05T10:00:00.000Z'],
					[3, '2026-01-06T10:00:00.000Z']
				] as const) {
					await accounts.insertApiToken({
						id: `t${n}`,
						userId: 'fac1',
						name: `Token ${n}`,
						tokenHash: HASH(n),
						prefix: 'sta_abcd',
						createdAt,
						lastUsedAt: null,
						revokedAt: null
					});
				}
				await accounts.touchApiToken('t2', '2026-01-07T10:00:00.000Z');
				expect(await accounts.revokeApiToken('fac1', 't3', '2026-01-08T10:00:00.000Z')).toBe(true);

				const { accounts: again } = await restarted();
				await again.open();
				expect(await again.countUsers()).toBe(2);
				expect((await again.findUserByEmail('FAC1@example.COM'))?.id).toBe('fac1');
				expect((await again.findUser('admin1'))?.role).toBe('admin');
				expect(await again.findSession(HASH(1))).toMatchObject({
					userId: 'fac1',
					lastSeenAt: '2026-01-05T11:00:00.000Z',
					expiresAt: '2026-01-05T23:00:00.000Z'
				});
				expect((await again.listApiTokens('fac1')).map((t) => t.id)).toEqual(['t3', 't2']);
				expect((await again.findApiTokenByHash(HASH(2)))?.lastUsedAt).toBe(
					'2026-01-07T10:00:00.000Z'
				);
				expect((await again.findApiTokenByHash(HASH(3)))?.revokedAt).toBe(
					'2026-01-08T10:00:00.000Z'
				);
				expect(await again.revokeApiToken('fac1', 't3', '2026-01-09T10:00:00.000Z')).toBe(false);
			});

			it('refuses a taken email and a second first admin, storing nothing', async () => {
				const { accounts } = storage;
				await accounts.insertUser(user('admin1', { role: 'admin' }), { firstUser: true });
				await expect(
					accounts.insertUser(user('other', { email: 'ADMIN1@example.com' }))
				).rejects.toThrow(EmailTakenError);
				await expect(
					accounts.insertUser(user('admin2', { role: 'admin' }), { firstUser: true })
				).rejects.toThrow(SetupDoneError);
				expect((await accounts.listUsers()).map((u) => u.id)).toEqual(['admin1']);
			});

			it('never leaves zero active admins', async () => {
				const { accounts } = storage;
				await accounts.insertUser(user('admin1', { role: 'admin' }), { firstUser: true });
				await expect(accounts.updateUser('admin1', { disabled: true })).rejects.toThrow(
					LastAdminError
				);
				await expect(accounts.updateUser('admin1', { role: 'lead' })).rejects.toThrow(
					LastAdminError
				);
				expect(await accounts.findUser('admin1')).toMatchObject({ role: 'admin', disabled: false });
				await accounts.insertUser(user('admin2', { role: 'admin' }));
				expect((await accounts.updateUser('admin1', { disabled: true }))?.disabled).toBe(true);
				expect(await accounts.updateUser('nobody', { name: 'x' })).toBeNull();
			});

			it('finds an account by its OpenID identity and keeps each identity on one account', async () => {
				const { accounts } = storage;
				const identity = { issuer: 'https://idp.example.org', subject: 'u-1' };
				await accounts.insertUser(user('sso1', { oidc: identity, passwordHash: NO_PASSWORD }));
				await accounts.insertUser(user('fac2'));
				await expect(accounts.insertUser(user('sso2', { oidc: { ...identity } }))).rejects.toThrow(
					IdentityTakenError
				);
				await expect(accounts.updateUser('fac2', { oidc: identity })).rejects.toThrow(
					IdentityTakenError
				);
				expect((await accounts.findUser('fac2'))?.oidc ?? null).toBeNull();
				const other = { issuer: 'https://idp.example.org', subject: 'u-2' };
				expect((await accounts.updateUser('fac2', { oidc: other }))?.oidc).toEqual(other);

				const { accounts: again } = await restarted();
				expect((await again.findUserByOidc(identity.issuer, 'u-1'))?.id).toBe('sso1');
				expect((await again.findUserByOidc(identity.issuer, 'u-2'))?.id).toBe('fac2');
				expect(await again.findUserByOidc('https://other.example.org', 'u-1')).toBeNull();
				expect((await again.findUser('sso1'))?.passwordHash).toBe(NO_PASSWORD);
				expect((await again.updateUser('fac2', { oidc: null }))?.oidc ?? null).toBeNull();
				expect(await again.findUserByOidc(identity.issuer, 'u-2')).toBeNull();
			});

			it('deletes sign-in sessions by user and by expiry', async () => {
				const { accounts } = storage;
				await accounts.insertUser(user('fac1'));
				const add = (n: number, expiresAt: string) =>
					accounts.insertSession({
						id: HASH(n),
						userId: 'fac1',
						createdAt: '2026-01-05T10:00:00.000Z',
						expiresAt,
						lastSeenAt: '2026-01-05T10:00:00.000Z'
					});
				await add(1, '2026-01-05T12:00:00.000Z');
				await add(2, '2026-01-06T12:00:00.000Z');
				await add(3, '2026-01-07T12:00:00.000Z');
				expect(await accounts.deleteExpiredSessions('2026-01-05T12:00:00.000Z')).toBe(1);
				expect(await accounts.deleteUserSessions('fac1', HASH(3))).toBe(1);
				await accounts.deleteSession(HASH(3));
				expect(await restarted().then((s) => s.accounts.findSession(HASH(3)))).toBeNull();
			});

			it('hands out copies: changing one changes nothing stored', async () => {
				const { accounts } = storage;
				await accounts.insertUser(user('fac1'));
				const copy = (await accounts.findUser('fac1'))!;
				copy.name = 'Changed';
				expect((await accounts.findUser('fac1'))?.name).toBe('fac1');
			});

			it('keeps single-use tokens: a newer one replaces the earlier, each is taken once', async () => {
				const { accounts } = storage;
				await accounts.insertUser(user('fac1'));
				await accounts.insertUser(user('fac2'));
				const token = (n: number, userId: string, patch: Partial<UserTokenRecord> = {}) => ({
					id: HASH(n),
					purpose: 'password-reset' as const,
					userId,
					createdAt: '2026-01-05T10:00:00.000Z',
					expiresAt: '2026-01-06T10:00:00.000Z',
					createdBy: 'admin1',
					...patch
				});
				await accounts.insertUserToken(token(1, 'fac1'));
				await accounts.insertUserToken(token(2, 'fac2'));
				await accounts.insertUserToken(token(3, 'fac1', { purpose: 'mfa-sign-in' }));
				// A second reset link for fac1 replaces the first, not fac2's nor fac1's sign-in.
				await accounts.insertUserToken(token(4, 'fac1'));
				const again = (await restarted()).accounts;
				expect(await again.findUserToken(HASH(1))).toBeNull();
				expect(await again.findUserToken(HASH(2))).toMatchObject({ userId: 'fac2' });
				expect(await again.findUserToken(HASH(3))).toMatchObject({ purpose: 'mfa-sign-in' });
				expect(await again.takeUserToken(HASH(4))).toMatchObject({
					userId: 'fac1',
					purpose: 'password-reset',
					expiresAt: '2026-01-06T10:00:00.000Z',
					createdBy: 'admin1'
				});
				expect(await again.takeUserToken(HASH(4))).toBeNull();
				expect(await again.findUserToken(HASH(4))).toBeNull();
				expect(await again.deleteUserTokens('fac1', 'mfa-sign-in')).toBe(1);
				expect(await again.findUserToken(HASH(3))).toBeNull();
				// Tokens expired when a new one is made are dropped then.
				await again.insertUserToken(token(5, 'fac1', { createdAt: '2026-01-07T10:00:00.000Z' }));
				expect(await again.findUserToken(HASH(2))).toBeNull();
				expect(await again.findUserToken(HASH(5))).not.toBeNull();
			});

			it('accepts each TOTP step once, later ones only, and each recovery code once', async () => {
				const { accounts } = storage;
				await accounts.insertUser(user('fac1'));
				expect(await accounts.useTotpStep('fac1', 5)).toBe(false);
				const mfa = {
					secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
					enabledAt: '2026-01-05T10:00:00.000Z',
					lastStep: -1,
					recoveryCodes: [HASH(7), HASH(8)]
				};
				await accounts.updateUser('fac1', { mfa });
				mfa.recoveryCodes.push(HASH(9));
				expect(await accounts.useTotpStep('fac1', 5)).toBe(true);
				expect(await accounts.useTotpStep('fac1', 5)).toBe(false);
				expect(await accounts.useTotpStep('fac1', 4)).toBe(false);
				expect(await accounts.useRecoveryCode('fac1', HASH(9))).toBe(false);
				expect(await accounts.useRecoveryCode('fac1', HASH(7))).toBe(true);
				expect(await accounts.useRecoveryCode('fac1', HASH(7))).toBe(false);
				const again = (await restarted()).accounts;
				expect((await again.findUser('fac1'))?.mfa).toEqual({
					...mfa,
					lastStep: 5,
					recoveryCodes: [HASH(8)]
				});
				expect(await again.useTotpStep('fac1', 6)).toBe(true);
				await again.updateUser('fac1', { mfa: null });
				expect((await again.findUser('fac1'))?.mfa ?? null).toBeNull();
				expect(await again.useRecoveryCode('fac1', HASH(8))).toBe(false);
			});
		});

		describe('sessions', () => {
			it('creates a session and loads it back, after a restart too', async () => {
				const { sessions } = storage;
				const created = session('contract0001');
				await sessions.create(created);
				expect(await sessions.load('contract0001')).toEqual(created);
				expect(await sessions.list()).toEqual([created.meta]);
				const again = (await restarted()).sessions;
				expect(await again.load('contract0001')).toEqual(created);
				expect(await again.list()).toEqual([created.meta]);
				expect(await again.load('nosuchsession1')).toBeNull();
			});

			it('finds a session by join code: the open one first, else the latest ended', async () => {
				const { sessions } = storage;
				const older = session('contract0001');
				older.meta = { ...older.meta, status: 'ended' };
				const open = session('contract0002');
				await sessions.create(older);
				await sessions.create(open);
				// Both have the same code: the open one is found.
				expect(await sessions.withJoinCode(open.meta.joinCode)).toEqual(open.meta);
				expect(await sessions.withJoinCode('NOSUCHCODE')).toBeNull();
				// Its status follows the appends: once it has ended, the later of the two is found.
				const ended = meta('contract0002', { status: 'ended', endedAt: 9_000 });
				await sessions.append('contract0002', 1, { events: [joined(2)], meta: ended });
				expect(await sessions.withJoinCode(open.meta.joinCode)).toEqual(ended);
				expect(await (await restarted()).sessions.withJoinCode(open.meta.joinCode)).toEqual(ended);
			});

			it('refuses to create a session whose id is taken', async () => {
				const { sessions } = storage;
				await sessions.create(session('contract0001'));
				await expect(sessions.create(session('contract0001'))).rejects.toThrow();
				expect(await sessions.list()).toHaveLength(1);
			});

			it('appends at the position it expects, with tokens and metadata, durably', async () => {
				const { sessions } = storage;
				await sessions.create(session('contract0001'));
				await sessions.append('contract0001', 1, { events: [joined(2)], tokens: { h2: 'p2' } });
				const running = meta('contract0001', { status: 'running', startedAt: 5_000 });
				await sessions.append('contract0001', 2, { events: [joined(3), joined(4)], meta: running });
				const again = (await restarted()).sessions;
				const stored = (await again.load('contract0001'))!;
				expect(stored.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
				expect(stored.events[3]).toEqual(joined(4));
				expect(stored.tokens).toEqual({ h2: 'p2' });
				expect(stored.meta).toEqual(running);
				expect(await again.list()).toEqual([running]);
				await again.append('contract0001', 4, { events: [joined(5)] });
				expect((await again.load('contract0001'))!.events).toHaveLength(5);
			});

			it('refuses an append at any other position and stores nothing of it', async () => {
				const { sessions } = storage;
				await sessions.create(session('contract0001'));
				await sessions.append('contract0001', 1, { events: [joined(2)] });
				for (const expected of [1, 3]) {
					await expect(
						sessions.append('contract0001', expected, {
							events: [joined(expected + 1)],
							tokens: { stale: 'p9' },
							meta: meta('contract0001', { title: 'Stale' })
						})
					).rejects.toThrow(WriteConflictError);
				}
				const stored = (await sessions.load('contract0001'))!;
				expect(stored.events.map((e) => e.seq)).toEqual([1, 2]);
				expect(stored.tokens).toEqual({});
				expect((await sessions.list())[0].title).toBe('Drill');
			});

			it('takes appends called before the previous one resolved, in order', async () => {
				const { sessions } = storage;
				await sessions.create(session('contract0001'));
				await Promise.all(
					[2, 3, 4, 5].map((seq) =>
						sessions.append('contract0001', seq - 1, { events: [joined(seq)] })
					)
				);
				await sessions.checkpoint('contract0001');
				const stored = await (await restarted()).sessions.load('contract0001');
				expect(stored!.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
			});

			it('hands out copies: changing one changes nothing stored', async () => {
				const { sessions } = storage;
				const created = session('contract0001');
				await sessions.create(created);
				created.events.push(joined(2));
				created.meta.title = 'Changed';
				const loaded = (await sessions.load('contract0001'))!;
				loaded.events.push(joined(2));
				loaded.tokens.h = 'p';
				const stored = (await sessions.load('contract0001'))!;
				expect(stored.events).toHaveLength(1);
				expect(stored.tokens).toEqual({});
				expect(stored.meta.title).toBe('Drill');
				await sessions.append('contract0001', 1, { events: [joined(2)] });
				expect((await sessions.load('contract0001'))!.events).toHaveLength(2);
			});

			it('recovers a store it wrote without changing what it lists', async () => {
				const { sessions } = storage;
				await sessions.create(session('contract0001'));
				await sessions.create(session('contract0002'));
				const ended = meta('contract0002', { status: 'ended', endedAt: 9_000 });
				await sessions.append('contract0002', 1, { events: [joined(2)], meta: ended });
				await sessions.checkpoint('contract0002');
				const again = (await restarted()).sessions;
				await again.recover();
				const listed = (await again.list()).sort((a, b) => a.id.localeCompare(b.id));
				expect(listed).toEqual([meta('contract0001'), ended]);
			});
		});

		describe('sessions: retention and erasure (issue 17)', () => {
			/** contract0001, ended with two trainees (events 1 to 4). */
			async function ended(): Promise<StoredSession> {
				const { sessions } = storage;
				await sessions.create(session('contract0001'));
				const end = meta('contract0001', { status: 'ended', endedAt: 9_000, participants: 2 });
				await sessions.append('contract0001', 1, { events: [joined(2), joined(3)] });
				await sessions.append('contract0001', 3, {
					events: [{ type: 'session.ended', seq: 4, at: 9_000 }],
					tokens: { h2: 'p2' },
					meta: end
				});
				return (await sessions.load('contract0001'))!;
			}

			it('replaces an ended session whole, durably, and appends follow the new log', async () => {
				const { sessions } = storage;
				const before = await ended();
				const rewritten: StoredSession = {
					...before,
					meta: { ...before.meta, title: 'Drill (anonymised)' },
					events: [
						before.events[0],
						joined(2, 'Trainee A'),
						joined(3, 'Trainee B'),
						before.events[3],
						joined(5)
					]
				};
				await sessions.replace(rewritten, 4);
				expect(await sessions.load('contract0001')).toEqual(rewritten);
				const again = (await restarted()).sessions;
				await again.recover();
				expect(await again.load('contract0001')).toEqual(rewritten);
				expect(await again.list()).toEqual([rewritten.meta]);
				await expect(again.append('contract0001', 4, { events: [joined(5)] })).rejects.toThrow(
					WriteConflictError
				);
				await again.append('contract0001', 5, { events: [joined(6)] });
				expect((await again.load('contract0001'))!.events).toHaveLength(6);
			});

			it('refuses to replace on another log length, or a session not ended, changing nothing', async () => {
				const { sessions } = storage;
				const before = await ended();
				const changed = { ...before, events: [...before.events, joined(5)] };
				await expect(sessions.replace(changed, 3)).rejects.toThrow(WriteConflictError);
				await sessions.create(session('contract0002'));
				const live = { ...(await sessions.load('contract0002'))!, events: [] };
				await expect(sessions.replace(live, 1)).rejects.toThrow(WriteConflictError);
				await expect(
					sessions.replace({ ...before, meta: meta('nosuchsession1') }, 4)
				).rejects.toThrow(WriteConflictError);
				expect(await sessions.load('contract0001')).toEqual(before);
				expect((await sessions.load('contract0002'))!.events).toHaveLength(1);
			});

			it('removes an ended session from loads and the list, after a restart too', async () => {
				const { sessions } = storage;
				await ended();
				await sessions.create(session('contract0002'));
				await expect(sessions.remove('contract0002')).rejects.toThrow(WriteConflictError);
				expect(await sessions.remove('contract0001')).toBe(true);
				expect(await sessions.load('contract0001')).toBeNull();
				expect((await sessions.list()).map((m) => m.id)).toEqual(['contract0002']);
				expect(await sessions.remove('contract0001')).toBe(false);
				const again = (await restarted()).sessions;
				await again.recover();
				expect(await again.load('contract0001')).toBeNull();
				expect((await again.list()).map((m) => m.id)).toEqual(['contract0002']);
				// The id can be used again: nothing of the deleted session is left behind.
				await again.create(session('contract0001'));
				expect((await again.load('contract0001'))!.events).toHaveLength(1);
			});
		});

		describe('hash-chain fields (issue 16)', () => {
			// The chain is computed by the app and stored as ordinary fields: a backend must keep
			// them exactly, or every exported record would fail its check.
			it('keeps prev on events, a seal event, history lines and revisions', async () => {
				const { sessions, improvements, plans } = storage;
				const created = session('contract0001');
				created.events[0].prev = HASH(1);
				await sessions.create(created);
				// Each event links to the one before it, as the app chains them: a store may check it.
				const second = { ...joined(2), prev: linkHash(HASH(1), created.events[0]) };
				const sealed: SessionEvent = {
					type: 'record.sealed',
					seal: {
						sessionId: 'contract0001',
						upToSeq: 2,
						finalHash: HASH(3),
						scenarioHash: 'h1',
						sealedAt: 4_000,
						endedBy: { id: 'u1', name: 'Fran Facilitator' },
						keyFingerprint: `SHA256:${HASH(4)}`,
						signature: 'c2lnbmF0dXJl'
					},
					seq: 3,
					at: 4_000,
					prev: linkHash(second.prev, second)
				};
				await sessions.append('contract0001', 1, { events: [second, sealed] });
				const linkedItem = item('i1', {
					history: [{ at: 3_000, by: 'Sandtable', change: 'proposed', prev: HASH(6) }]
				});
				await improvements.add([linkedItem]);
				await plans.add({ ...revision(1), prev: HASH(7) });
				const again = await restarted();
				const events = (await again.sessions.load('contract0001'))!.events;
				expect(events.map((e) => e.prev)).toEqual([HASH(1), second.prev, sealed.prev]);
				expect(events[2]).toEqual(sealed);
				expect(await again.improvements.list()).toEqual([linkedItem]);
				expect((await again.plans.list())[0].prev).toBe(HASH(7));
			});
		});

		describe('summaries', () => {
			it('keeps one summary per session, the latest put', async () => {
				const { summaries } = storage;
				expect(await summaries.all()).toEqual([]);
				await summaries.put(summary('contract0001', 'First'));
				await summaries.put(summary('contract0002'));
				await summaries.put(summary('contract0001', 'Recomputed'));
				const again = (await restarted()).summaries;
				expect((await again.get('contract0001'))?.title).toBe('Recomputed');
				expect((await again.all()).map((s) => s.sessionId).sort()).toEqual([
					'contract0001',
					'contract0002'
				]);
				expect(await again.get('contract0003')).toBeUndefined();
				expect(await again.get('contract0002')).toEqual(summary('contract0002'));
			});

			it('gives back the same object for an unchanged summary, a new one once rewritten', async () => {
				// The dashboard keeps a compact record per summary object (reports/dashboard/compact.ts).
				const { summaries } = storage;
				await summaries.put(summary('contract0001', 'First'));
				await summaries.put(summary('contract0002'));
				const first = await summaries.all();
				const byId = (list: SessionSummary[], id: string) => list.find((s) => s.sessionId === id);
				const again = await summaries.all();
				expect(byId(again, 'contract0001')).toBe(byId(first, 'contract0001'));
				await summaries.put(summary('contract0001', 'Recomputed'));
				const rewritten = await summaries.all();
				expect(byId(rewritten, 'contract0001')).not.toBe(byId(first, 'contract0001'));
				expect(byId(rewritten, 'contract0001')?.title).toBe('Recomputed');
				expect(byId(rewritten, 'contract0002')).toBe(byId(first, 'contract0002'));
				await summaries.remove('contract0002');
				expect((await summaries.all()).map((s) => s.sessionId)).toEqual(['contract0001']);
			});

			it('removes a summary durably (issue 17)', async () => {
				const { summaries } = storage;
				await summaries.put(summary('contract0001'));
				await summaries.put(summary('contract0002'));
				await summaries.remove('contract0001');
				await summaries.remove('contract0003');
				expect(await summaries.get('contract0001')).toBeUndefined();
				const again = (await restarted()).summaries;
				expect((await again.all()).map((s) => s.sessionId)).toEqual(['contract0002']);
			});
		});

		describe('plan revisions', () => {
			it('adds each next revision once and keeps them in order', async () => {
				const { plans } = storage;
				expect(await plans.list()).toEqual([]);
				await expect(plans.add(revision(2))).rejects.toThrow(WriteConflictError);
				await plans.add(revision(1));
				await plans.add(revision(2));
				await expect(plans.add(revision(2))).rejects.toThrow(WriteConflictError);
				await expect(plans.add(revision(4))).rejects.toThrow(WriteConflictError);
				const again = (await restarted()).plans;
				expect(await again.list()).toEqual([revision(1), revision(2)]);
				await again.add(revision(3));
				expect((await again.list()).map((r) => r.rev)).toEqual([1, 2, 3]);
			});
		});

		describe('organisation profile', () => {
			it('keeps one current profile, each save following the one before', async () => {
				const { organisation } = storage;
				const saved = (rev: number, name: string) => ({
					rev,
					profile: {
						org: { name },
						people: [{ key: 'ciso', name: 'Dana Reyes', title: 'CISO' }],
						systems: [],
						ip: [{ key: 'office', value: '10.20.0.0/16' }],
						domains: []
					},
					at: 1_767_000_000_000 + rev,
					by: { id: 'u1', name: 'Ada' }
				});
				expect(await organisation.get()).toBeNull();
				await expect(organisation.put(saved(2, 'Early'))).rejects.toThrow(WriteConflictError);
				await organisation.put(saved(1, 'Contoso'));
				// Two people saved on revision 1: the second is told and stores nothing.
				await organisation.put(saved(2, 'Contoso Ltd'));
				await expect(organisation.put(saved(2, 'Contoso plc'))).rejects.toThrow(WriteConflictError);
				const got = await organisation.get();
				expect(got).toEqual(saved(2, 'Contoso Ltd'));
				got!.profile.org.name = 'changed by the caller';
				const again = (await restarted()).organisation;
				expect(await again.get()).toEqual(saved(2, 'Contoso Ltd'));
			});
		});

		describe('improvement items', () => {
			it('adds items all or none, refusing a taken id or draft of a session', async () => {
				const { improvements } = storage;
				await improvements.add([item('i1'), item('i2', { draftKey: null })]);
				await expect(improvements.add([item('i3'), item('i1')])).rejects.toThrow(
					WriteConflictError
				);
				await expect(improvements.add([item('i4', { draftKey: 'draft-i1' })])).rejects.toThrow(
					WriteConflictError
				);
				// The same draft in another session, and drafts without a key, are other items.
				await improvements.add([
					item('i5', { draftKey: 'draft-i1', sessionId: 's2' }),
					item('i6', { draftKey: null })
				]);
				const again = (await restarted()).improvements;
				expect((await again.list()).map((i) => i.id)).toEqual(['i1', 'i2', 'i5', 'i6']);
				expect((await again.list())[0]).toEqual(item('i1'));
			});

			it('replaces an item only on the version it was changed from', async () => {
				const { improvements } = storage;
				await improvements.add([item('i1')]);
				const changed = item('i1', {
					owner: 'Nadia',
					updatedAt: 3_500,
					history: [...item('i1').history, { at: 3_500, by: 'Lena', change: 'owner' }]
				});
				await improvements.replace(changed, 1);
				await expect(
					improvements.replace({ ...changed, owner: 'Stale', history: [...changed.history] }, 1)
				).rejects.toThrow(WriteConflictError);
				await expect(improvements.replace(item('nope'), 1)).rejects.toThrow(WriteConflictError);
				const listed = await (await restarted()).improvements.list();
				expect(listed).toEqual([changed]);
			});

			it('removes every item of a session, and only those (issue 17)', async () => {
				const { improvements } = storage;
				await improvements.add([item('i1'), item('i2', { sessionId: 's2' }), item('i3')]);
				const removed = await improvements.removeSession('s1');
				expect(removed.map((i) => i.id)).toEqual(['i1', 'i3']);
				expect(await improvements.removeSession('s1')).toEqual([]);
				const again = (await restarted()).improvements;
				expect((await again.list()).map((i) => i.id)).toEqual(['i2']);
				// Its drafts may be proposed again (the session's id is free).
				await again.add([item('i4', { draftKey: 'draft-i1' })]);
			});

			it('hands out copies: changing one changes nothing stored', async () => {
				const { improvements } = storage;
				const added = item('i1');
				await improvements.add([added]);
				added.owner = 'Changed';
				const [copy] = await improvements.list();
				copy.history.push({ at: 1, by: 'x', change: 'y' });
				expect(await improvements.list()).toEqual([item('i1')]);
			});
		});

		describe('debrief edits', () => {
			it('keeps the latest record of each session', async () => {
				const { debriefEdits } = storage;
				expect(await debriefEdits.get('contract0001')).toBeNull();
				await debriefEdits.put(edits('contract0001', ['Calm IC.']));
				await debriefEdits.put(edits('contract0002', null));
				await debriefEdits.put(edits('contract0001', ['Calm IC.', 'Fast isolation.']));
				const again = (await restarted()).debriefEdits;
				expect(await again.get('contract0001')).toEqual(
					edits('contract0001', ['Calm IC.', 'Fast isolation.'])
				);
				expect(await again.get('contract0002')).toEqual(edits('contract0002', null));
				expect(await again.get('contract0003')).toBeNull();
			});

			it('removes a record durably (issue 17)', async () => {
				const { debriefEdits } = storage;
				await debriefEdits.put(edits('contract0001', ['Calm IC.']));
				await debriefEdits.put(edits('contract0002', null));
				await debriefEdits.remove('contract0001');
				await debriefEdits.remove('contract0003');
				expect(await debriefEdits.get('contract0001')).toBeNull();
				const again = (await restarted()).debriefEdits;
				expect(await again.get('contract0001')).toBeNull();
				expect(await again.get('contract0002')).toEqual(edits('contract0002', null));
				await again.put(edits('contract0001', ['Again.']));
				expect((await again.get('contract0001'))?.strengths).toEqual(['Again.']);
			});
		});

		describe('webhook deliveries', () => {
			it('keeps the latest saved log, as copies, across a restart', async () => {
				const { webhookDeliveries } = storage;
				expect(await webhookDeliveries.list()).toEqual([]);
				const delivery = {
					id: 'whd_contract1',
					event: 'improvement_item.created',
					itemId: 'i1',
					body: '{"id":"whd_contract1"}',
					createdAt: 1,
					state: 'pending' as const,
					attempts: [{ at: 2, status: 500, error: null, ms: 3 }],
					nextAt: 4
				};
				const log = [delivery];
				const first = webhookDeliveries.save(log);
				delivery.state = 'delivered' as never;
				const second = webhookDeliveries.save([{ ...delivery, nextAt: null }]);
				await Promise.all([first, second]);
				const [copy] = await webhookDeliveries.list();
				copy.attempts.push({ at: 5, status: 204, error: null, ms: 1 });
				const again = await (await restarted()).webhookDeliveries.list();
				expect(again).toEqual([
					{ ...delivery, state: 'delivered', nextAt: null, attempts: [delivery.attempts[0]] }
				]);
			});
		});

		describe('readiness probe', () => {
			it('resolves while writes work and leaves nothing the stores read', async () => {
				await storage.probe();
				await storage.probe();
				const again = await restarted();
				expect(await again.sessions.list()).toEqual([]);
				expect(await again.summaries.all()).toEqual([]);
			});
		});
	});
}
