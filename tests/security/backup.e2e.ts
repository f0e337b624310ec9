/**
 * Backups of a running app: `npm run backup` copies the data folder while trainees answer and
 * facilitators create sessions; a second server started on the copy has every answer that was
 * acknowledged before the backup began (exactly once) and every session created before it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { AppServer } from '../support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	staff,
	sessionOnDisk,
	type Trainee
} from './support';

const run = promisify(execFile);
const SCENARIO = 'ransomware-file-server';
const ANSWER = { injectId: 'month-end-briefing', decisionId: 'readiness-checks' };

function backup(data: string, destination: string) {
	return run('npm', ['run', '-s', 'backup', '--', destination, '--data', data], {
		env: { ...process.env, DATA_DIR: '' }
	});
}

function answer(server: AppServer, sessionId: string, trainee: Trainee, key: string) {
	return call(server, 'POST', `/api/v1/sessions/${sessionId}/responses`, {
		headers: bearer(trainee.token),
		json: {
			...ANSWER,
			value: { kind: 'multiple', optionIds: ['oob-bridge'] },
			idempotencyKey: key
		},
		timeoutMs: 30_000
	});
}

let root: string;
test.beforeAll(() => {
	root = mkdtempSync(join(tmpdir(), 'sandtable-backup-'));
});
test.afterAll(() => rmSync(root, { recursive: true, force: true }));

test('a backup taken while answers arrive restores every answer acknowledged before it', async () => {
	test.setTimeout(180_000);
	const server = await new AppServer().start();
	const destination = join(root, 'during-play');
	let restored: AppServer | null = null;
	try {
		const admin = await adminToken(server);
		const session = await createSession(server, admin, { scenarioId: SCENARIO });
		const trainees = await Promise.all(
			Array.from({ length: 16 }, (_, i) =>
				joinSession(server, session.joinCode, {
					name: `T${i}`,
					team: i % 2 ? 'Blue' : 'Red',
					role: 'incident-commander'
				})
			)
		);
		await staff(server, admin, session.id, 'start');
		for (const team of ['Red', 'Blue'])
			await staff(server, admin, session.id, 'release', { team, injectId: ANSWER.injectId });

		// Answers and new sessions keep coming before, during and after the backup.
		const acked: { key: string; responseId: string; at: number; t: number }[] = [];
		const created: { id: string; at: number }[] = [];
		let stop = false;
		const answering = trainees.map(async (trainee, t) => {
			for (let n = 0; !stop; n++) {
				const key = `b-${t}-${n}`;
				const res = await answer(server, session.id, trainee, key);
				expect(res.status, res.text).toBe(201);
				acked.push({
					key,
					t,
					at: Date.now(),
					responseId: res.json<{ responseId: string }>().responseId
				});
			}
		});
		const creating = (async () => {
			while (!stop) {
				const s = await createSession(server, admin, { scenarioId: SCENARIO, teams: ['X'] });
				created.push({ id: s.id, at: Date.now() });
			}
		})();
		await new Promise((r) => setTimeout(r, 1000));
		const backupStarted = Date.now();
		const { stdout } = await backup(server.dataDir, destination);
		expect(stdout).toMatch(/Backed up \d+ files/);
		await new Promise((r) => setTimeout(r, 500));
		stop = true;
		await Promise.all([...answering, creating]);

		const before = acked.filter((a) => a.at < backupStarted);
		const sessionsBefore = created.filter((c) => c.at < backupStarted);
		expect(before.length).toBeGreaterThan(16);
		expect(acked.length).toBeGreaterThan(before.length);
		expect(sessionsBefore.length).toBeGreaterThan(0);

		// The copy is a data folder a second server starts from (it checks every file at start).
		restored = await new AppServer({ dataDir: destination }).start();
		const file = sessionOnDisk(join(destination, 'sessions'), session.id);
		const counts = new Map<string, number>();
		for (const e of file.events)
			if (e.type === 'response.submitted')
				counts.set(e.responseId!, (counts.get(e.responseId!) ?? 0) + 1);
		for (const a of before) expect(counts.get(a.responseId), a.key).toBe(1);
		for (const n of counts.values()) expect(n).toBe(1);

		// The restored app knows them: a resent answer is a replay, not a second answer.
		const restoredAdmin = await adminToken(restored);
		for (const a of before.slice(-5)) {
			const again = await answer(restored, session.id, trainees[a.t], a.key);
			expect(again.status).toBe(200);
			expect(again.json()).toMatchObject({ responseId: a.responseId });
		}
		const listed = await call(restored, 'GET', '/api/v1/sessions', {
			headers: bearer(restoredAdmin)
		});
		const ids = new Set(listed.json<{ id: string }[]>().map((s) => s.id));
		for (const s of sessionsBefore) expect(ids.has(s.id), s.id).toBe(true);

		// The manifest lists every file with its checksum; no temporary file was copied.
		const manifest = JSON.parse(readFileSync(join(destination, 'BACKUP.json'), 'utf8')) as {
			files: { path: string; sha256: string }[];
		};
		const paths = manifest.files.map((f) => f.path);
		expect(paths).toContain('accounts.json');
		expect(paths).toContain('sessions/index.json');
		expect(paths).toContain(`sessions/${session.id}.json`);
		expect(paths.filter((p) => p.endsWith('.tmp'))).toEqual([]);
		// Copied in the documented order: the index, then the journals, then the session files.
		expect(paths.indexOf('sessions/index.json')).toBeLessThan(
			paths.indexOf(`sessions/${session.id}.journal`)
		);
		expect(paths.indexOf(`sessions/${session.id}.journal`)).toBeLessThan(
			paths.indexOf(`sessions/${session.id}.json`)
		);
	} finally {
		await restored?.kill();
		await server.dispose();
	}
});

test('the backup refuses a non-empty destination, a missing data folder and one inside itself', async () => {
	const data = join(root, 'data');
	mkdirSync(join(data, 'sessions'), { recursive: true });
	writeFileSync(join(data, 'accounts.json'), '{}');
	writeFileSync(join(data, 'sessions', '.abc.json.tmp'), 'half a wri');
	const used = join(root, 'used');
	mkdirSync(used);
	writeFileSync(join(used, 'keep.txt'), 'an older backup');
	await expect(backup(data, used)).rejects.toMatchObject({
		code: 1,
		stderr: expect.stringContaining('exists and is not empty')
	});
	expect(readFileSync(join(used, 'keep.txt'), 'utf8')).toBe('an older backup');
	await expect(backup(join(root, 'nowhere'), join(root, 'x'))).rejects.toMatchObject({
		stderr: expect.stringContaining('no such data folder')
	});
	await expect(backup(data, join(data, 'inside'))).rejects.toMatchObject({
		stderr: expect.stringContaining('outside the data folder')
	});
	// A damaged JSON file in the source is reported, not copied as if it were fine.
	writeFileSync(join(data, 'plan.json'), '{"revisions": [');
	await expect(backup(data, join(root, 'damaged'))).rejects.toMatchObject({
		stderr: expect.stringMatching(/plan\.json: is not valid JSON/)
	});
	writeFileSync(join(data, 'plan.json'), '{}');
	const { stdout } = await backup(data, join(root, 'fine'));
	expect(stdout).toMatch(/Backed up 2 files/);
});
