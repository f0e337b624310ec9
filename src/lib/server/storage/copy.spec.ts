import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarise } from '#lib/engine/score/summary.js';
import { phishFile, phishScenario, playedPhish } from '#lib/engine/testing.js';
import { verifyAuditChain } from '../audit/chain';
import { copyStorage, nonEmptyStores } from './copy';
import { openFileStorage } from './file/index';
import { openPgStorage } from './pg/index';
import { freshSchema, postgresUnavailable } from './pg/testing';
import type { Storage } from './types';

const unavailable = await postgresUnavailable();
if (unavailable) console.warn(`Skipping the copy-to-PostgreSQL tests: ${unavailable}`);

/** A data folder with something in every store, written by the file storage. */
async function fill(storage: Storage): Promise<void> {
	const { accounts } = storage;
	await accounts.insertUser(
		{
			id: 'admin1',
			email: 'admin@example.com',
			name: 'Ada',
			role: 'admin',
			passwordHash: 'scrypt$x',
			disabled: false,
			createdAt: '2026-01-05T10:00:00.000Z',
			createdBy: null
		},
		{ firstUser: true }
	);
	await accounts.insertUser({
		id: 'fac1',
		email: 'fran@example.com',
		name: 'Fran',
		role: 'facilitator',
		passwordHash: 'scrypt$y',
		disabled: false,
		createdAt: '2026-01-06T10:00:00.000Z',
		createdBy: 'admin1',
		mfa: {
			secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
			enabledAt: '2026-01-06T10:00:00.000Z',
			lastStep: 12,
			recoveryCodes: ['a'.repeat(64)]
		}
	});
	for (const [n, createdAt] of [
		[1, '2026-01-07T10:00:00.000Z'],
		[2, '2026-01-08T10:00:00.000Z']
	] as const) {
		await accounts.insertApiToken({
			id: `t${n}`,
			userId: 'fac1',
			name: `Token ${n}`,
			tokenHash: String(n).repeat(64),
			prefix: 'sta_abcd',
			createdAt,
			lastUsedAt: null,
			revokedAt: n === 1 ? '2026-01-09T10:00:00.000Z' : null
		});
	}

	const scenario = phishScenario();
	const sim = playedPhish(scenario);
	const ofSession = (id: string) =>
		sim.log.map((e) => (e.type === 'session.created' ? { ...e, sessionId: id } : e));
	const events = ofSession('copy00000001');
	const meta = {
		id: 'copy00000001',
		joinCode: 'ABCDEFGHJK',
		scenarioId: scenario.id,
		scenarioTitle: 'Phish',
		scenarioHash: 'hash',
		title: 'Played',
		facilitatorId: 'fac1',
		teams: [{ id: 'red', name: 'Red' }],
		speed: 1,
		release: 'auto' as const,
		status: 'lobby' as const,
		participants: 0,
		createdAt: 1_000,
		startedAt: null,
		endedAt: null
	};
	await storage.sessions.create({
		meta,
		scenario: phishFile(),
		tokens: {},
		events: events.slice(0, 1)
	});
	await storage.sessions.append('copy00000001', 1, {
		events: events.slice(1),
		tokens: { ['b'.repeat(64)]: 'ana' },
		meta: { ...meta, status: 'ended', endedAt: 9_000 }
	});
	await storage.sessions.create({
		meta: { ...meta, id: 'copy00000002', title: 'Waiting', createdAt: 2_000 },
		scenario: phishFile({ title: 'Another phish' }),
		tokens: {},
		events: ofSession('copy00000002').slice(0, 1)
	});
	await storage.summaries.put({
		...summarise(scenario, sim.state),
		sessionId: 'copy00000001',
		title: 'Played'
	});
	await storage.debriefEdits.put({
		version: 1,
		sessionId: 'copy00000001',
		strengths: ['Calm IC.'],
		improvements: null,
		updatedAt: 9_500,
		updatedBy: 'Fran'
	});
	for (const rev of [1, 2]) {
		await storage.plans.add({
			rev,
			markdown: `# Plan ${rev}\n`,
			at: 10_000 + rev,
			by: rev === 1 ? null : { id: 'admin1', name: 'Ada' },
			reason: `Change ${rev}`,
			source: rev === 1 ? { kind: 'sample' } : { kind: 'edit', sectionId: 'x' }
		});
	}
	const fay = { id: 'fac1', name: 'Fay' };
	const draft = {
		id: 'abcdefgh12345678',
		scenarioId: 'phish-local',
		title: 'Phish',
		yaml: 'id: phish-local',
		revision: 1,
		baseVersion: null,
		createdBy: fay,
		createdAt: 12_000,
		updatedBy: fay,
		updatedAt: 12_000
	};
	await storage.studio.putDraft(draft);
	await storage.studio.putDraft({ ...draft, revision: 2, yaml: 'id: phish-local # 2' });
	await storage.studio.addVersion({
		scenarioId: 'phish-local',
		version: 1,
		yaml: 'id: phish-local # 2',
		hash: 'h',
		by: fay,
		at: 12_001,
		draftId: draft.id
	});
	for (const rev of [1, 2]) {
		await storage.organisation.put({
			rev,
			profile: {
				org: { name: `Contoso ${rev}` },
				people: [{ key: 'ciso', name: 'Dana Reyes' }],
				systems: [],
				ip: [],
				domains: []
			},
			at: 11_000 + rev,
			by: { id: 'admin1', name: 'Ada' }
		});
	}
	await storage.improvements.add([
		{
			id: 'i1',
			sessionId: 'copy00000001',
			sessionTitle: 'Played',
			scenarioId: scenario.id,
			draftKey: 'd1',
			teamId: 'red',
			objectiveId: null,
			phases: ['containment'],
			issue: 'Slow isolation',
			correctiveAction: 'Pre-approve isolation',
			planSection: null,
			capabilityElement: 'planning',
			owner: 'Nadia',
			dueDate: '2026-03-01',
			review: 'accepted',
			reviewNote: null,
			status: 'open',
			planRevision: 2,
			createdAt: 11_000,
			updatedAt: 11_500,
			doneAt: null,
			history: [{ at: 11_000, by: 'Sandtable', change: 'proposed' }]
		}
	]);
	for (let n = 0; n < 3; n++) {
		await storage.audit.append({
			at: 12_000 + n,
			actor: n === 0 ? null : { id: 'admin1', email: 'admin@example.com', role: 'admin' },
			address: '127.0.0.1',
			action: 'POST /admin/users?/create',
			target: { id: `u${n}` },
			detail: { role: 'facilitator', n },
			status: 200,
			outcome: 'ok',
			requestId: `r${n}`
		});
	}
	await storage.webhookDeliveries.save([
		{
			id: 'whd_1',
			event: 'improvement_item.created',
			itemId: 'i1',
			body: '{"id":"whd_1"}',
			createdAt: 13_000,
			state: 'pending',
			attempts: [{ at: 13_001, status: null, error: 'timeout', ms: 5_000 }],
			nextAt: 14_000
		}
	]);
}

/** Everything the interfaces can read, for comparing two storages. */
async function contents(storage: Storage) {
	const users = await storage.accounts.listUsers();
	const metas = (await storage.sessions.list()).sort((a, b) => a.id.localeCompare(b.id));
	const byId = (a: { sessionId: string }, b: { sessionId: string }) =>
		a.sessionId.localeCompare(b.sessionId);
	return {
		users,
		apiTokens: await Promise.all(users.map((u) => storage.accounts.listApiTokens(u.id))),
		sessions: await Promise.all(metas.map((m) => storage.sessions.load(m.id))),
		metas,
		summaries: (await storage.summaries.all()).sort(byId),
		debriefEdits: await Promise.all(metas.map((m) => storage.debriefEdits.get(m.id))),
		plans: await storage.plans.list(),
		organisation: { ...(await storage.organisation.get()), rev: 0 },
		// Revisions start again at 1 in the copy; the text is what counts.
		studioDrafts: (await storage.studio.listDrafts()).map((d) => ({ ...d, revision: 0 })),
		studioDraftText: (await storage.studio.getDraft('abcdefgh12345678'))?.yaml,
		studioVersions: await storage.studio.listVersions('phish-local'),
		improvements: await storage.improvements.list(),
		audit: await storage.audit.list(),
		webhookDeliveries: await storage.webhookDeliveries.list()
	};
}

describe.skipIf(unavailable !== null)('copying a data folder into PostgreSQL', () => {
	let dataDir: string;
	let schema: Awaited<ReturnType<typeof freshSchema>>;
	beforeEach(async () => {
		dataDir = await mkdtemp(join(tmpdir(), 'sandtable-copy-'));
		schema = await freshSchema();
		const source = openFileStorage(dataDir);
		await fill(source);
		for (const m of await source.sessions.list()) source.sessions.close(m.id);
	});
	afterEach(async () => {
		await rm(dataDir, { recursive: true, force: true });
		await schema.drop();
	});

	it('copies every store, so each reads back the same, audit chain included', async () => {
		const source = openFileStorage(dataDir);
		const target = openPgStorage({ url: schema.url });
		try {
			const report = await copyStorage(source, target);
			expect(report).toMatchObject({
				users: 2,
				apiTokens: 2,
				sessions: 2,
				summaries: 1,
				planRevisions: 2,
				organisationProfile: 1,
				studioDrafts: 1,
				studioVersions: 1,
				improvementItems: 1,
				debriefEdits: 1,
				auditEntries: 3,
				webhookDeliveries: 1
			});
			const expected = await contents(source);
			expect(expected.sessions[0]!.events.length).toBeGreaterThan(10);
			expect(await contents(target)).toEqual(expected);
			expect(verifyAuditChain(await target.audit.list())).toEqual({ ok: true, entries: 3 });
			// A second copy into the same database is refused, and changes nothing.
			await expect(copyStorage(source, target)).rejects.toThrow(
				/not empty: it holds accounts \(2\)/
			);
			expect(await contents(target)).toEqual(expected);
			for (const m of expected.metas) source.sessions.close(m.id);
		} finally {
			await target.close();
		}
	});

	it('runs as npm run copy-to-postgres, and refuses a second run', () => {
		const run = () =>
			spawnSync(
				'node_modules/.bin/tsx',
				['scripts/copy-to-postgres.ts', '--data', dataDir, '--url', schema.url],
				{
					encoding: 'utf8',
					env: { ...process.env, LOG_LEVEL: 'silent' }
				}
			);
		const first = run();
		expect(first.stderr).toBe('');
		expect(first.status).toBe(0);
		expect(first.stdout).toMatch(/sessions: 2\n/);
		expect(first.stdout).toMatch(/auditEntries: 3\n/);
		const second = run();
		expect(second.status).toBe(1);
		expect(second.stderr).toMatch(/the target is not empty/);
	}, 30_000);

	it('finds an empty database empty', async () => {
		const target = openPgStorage({ url: schema.url });
		try {
			expect(await nonEmptyStores(target)).toEqual([]);
		} finally {
			await target.close();
		}
	});
});
