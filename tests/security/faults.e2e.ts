/**
 * Faults against the real build: the server killed (SIGKILL) while trainees answer, a session
 * that must keep its clock across the crash with streams that catch up, data files damaged on
 * disk, a full disk, and hundreds of trainees answering at the same instant. The promise under
 * test: an answer acknowledged (201/200) is on disk exactly once; one not acknowledged may be
 * retried with its idempotency key and is then recorded exactly once.
 */
import { execFileSync } from 'node:child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
	writeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppServer } from '../support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	sessionOnDisk,
	sleep,
	SseReader,
	staff,
	type SessionOnDisk,
	type Trainee
} from './support';

const SCENARIO = 'ransomware-file-server';
const ROLE = 'incident-commander';
/** An individual (not team) decision that each trainee may answer again and again. */
const ANSWER = { injectId: 'month-end-briefing', decisionId: 'readiness-checks' };
const OPTIONS = ['oob-bridge', 'backup-status', 'edr-coverage', 'retainer', 'all-staff-mail'];

function sessionFile(server: AppServer, id: string): SessionOnDisk {
	return sessionOnDisk(join(server.dataDir, 'sessions'), id);
}

/** responseId -> how many times the session file records it. */
function recordedAnswers(server: AppServer, id: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const e of sessionFile(server, id).events) {
		if (e.type === 'response.submitted')
			counts.set(e.responseId!, (counts.get(e.responseId!) ?? 0) + 1);
	}
	return counts;
}

function answer(server: AppServer, sessionId: string, trainee: Trainee, key: string, n = 0) {
	return call(server, 'POST', `/api/v1/sessions/${sessionId}/responses`, {
		headers: bearer(trainee.token),
		json: {
			...ANSWER,
			value: { kind: 'multiple', optionIds: [OPTIONS[n % OPTIONS.length]] },
			rationale: `answer ${key}`,
			idempotencyKey: key
		},
		timeoutMs: 30_000
	});
}

/** A running session of the bundled ransomware scenario with `count` trainees and the briefing out. */
async function playingSession(server: AppServer, admin: string, count: number) {
	const session = await createSession(server, admin, { scenarioId: SCENARIO });
	const trainees: Trainee[] = [];
	for (let i = 0; i < count; i += 25) {
		const batch = Array.from({ length: Math.min(25, count - i) }, (_, k) =>
			joinSession(server, session.joinCode, {
				name: `Trainee ${i + k + 1}`,
				team: (i + k) % 2 ? 'Blue' : 'Red',
				role: ROLE
			})
		);
		trainees.push(...(await Promise.all(batch)));
	}
	await staff(server, admin, session.id, 'start');
	await staff(server, admin, session.id, 'release', { team: 'Red', injectId: ANSWER.injectId });
	await staff(server, admin, session.id, 'release', { team: 'Blue', injectId: ANSWER.injectId });
	return { session, trainees };
}

test.describe('crash and restart', () => {
	let server: AppServer;
	test.afterEach(async () => server?.dispose());

	test('SIGKILL while trainees answer: every acknowledged answer is on disk exactly once', async () => {
		server = await new AppServer().start();
		const admin = await adminToken(server);
		const { session, trainees } = await playingSession(server, admin, 24);

		const acked = new Map<string, string>(); // idempotency key -> responseId
		const unsure = new Map<string, { trainee: Trainee; n: number }>();
		let stop = false;
		const answering = trainees.map(async (trainee, t) => {
			for (let n = 0; !stop; n++) {
				const key = `crash-${t}-${n}`;
				try {
					const res = await answer(server, session.id, trainee, key, n);
					if (res.status === 201) acked.set(key, res.json<{ responseId: string }>().responseId);
					else unsure.set(key, { trainee, n });
				} catch {
					// The connection died with the server: the answer may or may not be on disk.
					unsure.set(key, { trainee, n });
					return;
				}
			}
		});
		await sleep(1500);
		await server.kill();
		stop = true;
		await Promise.all(answering);
		expect(acked.size).toBeGreaterThan(20);

		await server.start();
		const counts = recordedAnswers(server, session.id);
		for (const [key, responseId] of acked) expect(counts.get(responseId), key).toBe(1);
		for (const n of counts.values()) expect(n).toBe(1);
		// The events on disk are one unbroken sequence.
		const seqs = sessionFile(server, session.id).events.map((e) => e.seq);
		expect(seqs).toEqual(seqs.map((_, i) => i + 1));

		// Acknowledged answers are known by their key after the restart: a retry is a replay.
		const sample = [...acked].slice(0, 10);
		for (const [key, responseId] of sample) {
			const t = Number(key.split('-')[1]);
			const again = await answer(server, session.id, trainees[t], key);
			expect(again.status).toBe(200);
			expect(again.json()).toMatchObject({ responseId });
		}
		// Answers whose fate was unknown are retried, as the trainee page does: each lands once.
		for (const [key, { trainee, n }] of unsure) {
			const res = await answer(server, session.id, trainee, key, n);
			expect([200, 201]).toContain(res.status);
		}
		const after = recordedAnswers(server, session.id);
		for (const n of after.values()) expect(n).toBe(1);
		expect(after.size).toBe(acked.size + unsure.size);
	});

	test('after a crash the clock runs on, what fell due is released, and streams catch up', async ({
		page
	}) => {
		server = await new AppServer().start();
		const admin = await adminToken(server);
		const fixture = readFileSync('tests/fixtures/scenarios/valid/rich.yaml');
		const uploaded = await call(server, 'POST', '/api/v1/scenarios', {
			headers: { ...bearer(admin), 'content-type': 'application/yaml' },
			body: fixture
		});
		expect(uploaded.status, uploaded.text).toBe(201);
		// 30 scenario minutes per minute: the EDR alert (at 5m) falls due 10 s after the start,
		// which leaves a loaded machine time to check the state and kill the server before it.
		const session = await createSession(server, admin, {
			scenarioId: 'rich-phish',
			teams: ['Red'],
			release: 'auto',
			speed: 30
		});
		const trainee = await joinSession(server, session.joinCode, {
			name: 'Ida',
			team: 'Red',
			role: 'ic'
		});
		// A paused session beside it must stay paused at the same scenario time.
		const paused = await createSession(server, admin, { scenarioId: 'rich-phish', teams: ['X'] });
		await staff(server, admin, paused.id, 'start');
		await staff(server, admin, paused.id, 'pause');

		// The page and a stream are open in the lobby, so that little runs between the start and
		// the kill.
		await page
			.context()
			.addCookies([{ name: `st_p_${session.id}`, value: trainee.token, url: server.url }]);
		await page.goto(`${server.url}/play/${session.id}`);
		const stream = new SseReader(
			`${server.url}/api/v1/sessions/${session.id}/stream`,
			bearer(trainee.token)
		);
		const first = await stream.until((m) => m.event === 'view');
		await staff(server, admin, session.id, 'start');
		await expect(page.locator('[data-inject="briefing"]')).toBeVisible();

		const state = async (id: string, token: string) => {
			const res = await call(server, 'GET', `/api/v1/sessions/${id}/state`, {
				headers: bearer(token)
			});
			expect(res.status, res.text).toBe(200);
			return res.json<{
				clock: { running: boolean; speed: number; baseMs: number; since: number | null };
				injects?: { id: string; scenarioMs: number }[];
				seq: number;
			}>();
		};
		const before = await state(session.id, trainee.token);
		const pausedBefore = await state(paused.id, admin);
		expect(before.injects!.map((i) => i.id)).toEqual(['briefing']);
		expect(before.clock).toMatchObject({ running: true, speed: 30 });

		await server.kill();
		const startedAt = before.clock.since!;
		// Stay down past the alert's due time.
		await sleep(Math.max(0, startedAt + 11_500 - Date.now()));
		await server.start();

		const after = await state(session.id, trainee.token);
		// Same clock: not restarted, not paused; scenario time kept flowing while the server was down.
		expect(after.clock).toEqual(before.clock);
		const alert = after.injects!.find((i) => i.id === 'edr-alert');
		expect(alert, JSON.stringify(after.injects)).toBeTruthy();
		// Stamped with the scenario time it was due at, not the time of the restart.
		expect(alert!.scenarioMs).toBe(5 * 60_000);
		const pausedAfter = await state(paused.id, admin);
		expect(pausedAfter.clock).toEqual(pausedBefore.clock);
		expect(pausedAfter.clock.running).toBe(false);

		// The open page's EventSource reconnects by itself and shows the alert without a reload.
		await expect(page.locator('[data-inject="edr-alert"]')).toBeVisible({ timeout: 30_000 });

		// A client reconnecting with the Last-Event-ID it had gets a fresh view with what it missed.
		expect(stream.ended).toBe(true);
		const resumed = new SseReader(`${server.url}/api/v1/sessions/${session.id}/stream`, {
			...bearer(trainee.token),
			'last-event-id': first.id!
		});
		const view = await resumed.until((m) => m.event === 'view');
		expect(Number(view.id)).toBeGreaterThan(Number(first.id));
		expect(JSON.parse(view.data).injects.map((i: { id: string }) => i.id)).toContain('edr-alert');
		resumed.close();

		// One that is up to date gets no view, only what happens next.
		const current = await state(session.id, trainee.token);
		const live = new SseReader(`${server.url}/api/v1/sessions/${session.id}/stream`, {
			...bearer(trainee.token),
			'last-event-id': String(current.seq)
		});
		await staff(server, admin, session.id, 'pause');
		const patch = await live.until((m) => m.event === 'patch' || m.event === 'view');
		// Whatever came first (the clock's next inject or the pause), it is a patch, not a view.
		expect(patch.event).toBe('patch');
		expect(Number(patch.id)).toBeGreaterThan(current.seq);
		live.close();
	});
});

test.describe('damaged data files', () => {
	let server: AppServer;
	test.afterEach(async () => server?.dispose());

	test('a truncated or corrupt file stops the start with its name and reason, and is kept as it was', async () => {
		server = await new AppServer().start();
		const admin = await adminToken(server);
		const { session, trainees } = await playingSession(server, admin, 2);
		expect((await answer(server, session.id, trainees[0], 'before-damage')).status).toBe(201);
		const ended = await createSession(server, admin, { scenarioId: SCENARIO, teams: ['Z'] });
		await staff(server, admin, ended.id, 'start');
		await staff(server, admin, ended.id, 'end');
		// Once summarised, an ended session's file is read only on demand: damage must still stop
		// the start rather than surface months later on its debrief page.
		const summary = join(server.dataDir, 'summaries', `${ended.id}.json`);
		await expect.poll(() => existsSync(summary)).toBe(true);
		// A quiet session moves its journal into its file (a checkpoint): wait for that, so that
		// the session file holds the whole log and the journal is empty.
		const journal = join(server.dataDir, 'sessions', `${session.id}.journal`);
		await expect
			.poll(() => existsSync(journal) && readFileSync(journal).length === 0, { timeout: 15_000 })
			.toBe(true);
		await server.kill();

		const files = [
			'accounts.json',
			'sessions/index.json',
			`sessions/${session.id}.json`,
			`sessions/${ended.id}.json`,
			// The IR plan and improvement items, when the build has written them by now.
			...['plan.json', 'improvements.json'].filter((f) => existsSync(join(server.dataDir, f)))
		];
		const damage: [string, (bytes: Buffer) => Buffer, RegExp][] = [
			['truncated', (b) => b.subarray(0, Math.floor(b.length / 2)), /not valid JSON/],
			['emptied', () => Buffer.alloc(0), /not valid JSON/],
			['overwritten with zeros', (b) => Buffer.alloc(b.length), /not valid JSON/],
			['a valid JSON of the wrong shape', () => Buffer.from('{"hello":"world"}'), /./]
		];
		// A journal is appended to: cut short or emptied, it reads as a crash mid-append or a
		// checkpoint (docs/operations.md), so only damage that no crash leaves is detectable.
		const journalDamage: [string, (bytes: Buffer) => Buffer, RegExp][] = [
			['zeros', () => Buffer.alloc(300), /line 1 is not valid JSON|is not a journal record/],
			['a line of the wrong shape', () => Buffer.from('{"hello":"world"}\n'), /not a journal/],
			[
				'a line that skips events',
				() => Buffer.from('{"from":999,"events":[]}\n'),
				/line 1 starts at event 999.*events are missing/
			]
		];
		for (const [name, cases] of [
			...files.map((f) => [f, damage] as const),
			[`sessions/${session.id}.journal`, journalDamage] as const
		]) {
			const path = join(server.dataDir, name);
			expect(existsSync(path), name).toBe(true);
			const original = readFileSync(path);
			for (const [how, corrupt, reason] of cases) {
				const damaged = corrupt(original);
				writeFileSync(path, damaged);
				const failed = await server.start().then(
					() => null,
					(e: Error) => e.message
				);
				expect(failed, `${name} ${how}: the server started`).not.toBeNull();
				expect(failed, `${name} ${how}`).toContain(path);
				expect(failed, `${name} ${how}`).toMatch(reason);
				// Refusing to start never rewrote the damaged file: the operator can still inspect it.
				expect(readFileSync(path).equals(damaged), `${name} ${how}: file changed`).toBe(true);
			}
			writeFileSync(path, original);
		}

		// A session file whose log has a gap names the damaged event.
		const path = join(server.dataDir, 'sessions', `${session.id}.json`);
		const original = readFileSync(path, 'utf8');
		const data = JSON.parse(original) as SessionOnDisk;
		data.events.splice(2, 1);
		writeFileSync(path, JSON.stringify(data));
		const failed = await server.start().then(
			() => null,
			(e: Error) => e.message
		);
		expect(failed).toMatch(/event 3 is damaged \(expected seq 3\)/);
		writeFileSync(path, original);

		// A session file that is gone while the index lists it is named too.
		const endedPath = join(server.dataDir, 'sessions', `${ended.id}.json`);
		const endedBytes = readFileSync(endedPath);
		rmSync(endedPath);
		const missing = await server.start().then(
			() => null,
			(e: Error) => e.message
		);
		expect(missing).toContain(`sessions/${ended.id}.json) is missing`);
		writeFileSync(endedPath, endedBytes);

		// Restored from the copies: everything is back, including the answer.
		await server.start();
		const again = await answer(server, session.id, trainees[0], 'before-damage');
		expect(again.status).toBe(200);
	});

	test('a session index that lags behind its session files repairs itself at start', async () => {
		server = await new AppServer().start();
		const admin = await adminToken(server);
		const a = await createSession(server, admin, { scenarioId: SCENARIO, title: 'Kept' });
		const b = await createSession(server, admin, {
			scenarioId: SCENARIO,
			title: 'Lost from index'
		});
		await staff(server, admin, b.id, 'start');
		await server.kill();
		const indexPath = join(server.dataDir, 'sessions', 'index.json');
		const index = JSON.parse(readFileSync(indexPath, 'utf8')) as {
			sessions: { id: string; status: string }[];
		};
		// As after a crash between writing a session file and the index (or a backup taken then):
		// b is missing, a has a stale status.
		index.sessions = index.sessions.filter((s) => s.id !== b.id);
		writeFileSync(indexPath, JSON.stringify(index));
		await server.start();
		const list = await call(server, 'GET', '/api/v1/sessions', { headers: bearer(admin) });
		const sessions = list.json<{ id: string; status: string }[]>();
		expect(sessions.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
		expect(sessions.find((s) => s.id === b.id)!.status).toBe('running');
	});
});

test.describe('writes that fail', () => {
	let server: AppServer;
	let mounted: string | null = null;
	test.afterEach(async () => {
		await server?.dispose();
		if (mounted) execFileSync('umount', [mounted]);
		if (mounted) rmSync(mounted, { recursive: true, force: true });
		mounted = null;
	});

	/**
	 * Refused while writes fail, accepted once they work, and after a restart exactly the
	 * acknowledged answers are there, once each. An answer is one small append to the session's
	 * journal, so on a full disk some may still fit in space the journal's last block has: those
	 * are acknowledged and kept (`fits`); a write that cannot fail partly sees only refusals.
	 */
	async function refusedWhileBroken(
		breakWrites: () => void,
		repair: () => void,
		admin: string,
		message: RegExp,
		fits: boolean
	) {
		const { session, trainees } = await playingSession(server, admin, 3);
		const ok = await answer(server, session.id, trainees[0], 'before');
		expect(ok.status).toBe(201);
		breakWrites();
		const sent: { key: string; n: number; acknowledged: boolean }[] = [];
		let refused = 0;
		for (let n = 0; n < 60 && refused < trainees.length; n++) {
			const key = `while-broken-${n}`;
			const res = await answer(server, session.id, trainees[n % trainees.length], key, n);
			sent.push({ key, n, acknowledged: res.status === 201 });
			if (res.status === 201) {
				expect(fits, `${key} was acknowledged while writes failed`).toBe(true);
				continue;
			}
			refused++;
			expect(res.status, res.text).toBe(503);
			expect(res.json<{ error: string }>().error).toMatch(message);
			expect(res.json<{ error: string }>().error).toMatch(/Nothing was recorded; try again/);
		}
		expect(refused).toBe(trainees.length);
		if (!fits) {
			// The facilitator's controls are refused the same way, and nothing moves.
			const pause = await call(server, 'POST', `/api/v1/sessions/${session.id}/pause`, {
				headers: bearer(admin)
			});
			expect(pause.status).toBe(503);
		}
		repair();
		// Refused answers are recorded for the first time (201), acknowledged ones are replays.
		for (const { key, n, acknowledged } of sent) {
			const res = await answer(server, session.id, trainees[n % trainees.length], key, n);
			expect(res.status, res.text).toBe(acknowledged ? 200 : 201);
		}
		await server.kill();
		await server.start();
		const counts = recordedAnswers(server, session.id);
		expect(counts.size).toBe(1 + sent.length);
		for (const c of counts.values()) expect(c).toBe(1);
		const status = sessionFile(server, session.id).meta.status;
		expect(status).toBe('running');
	}

	test('disk full (a small tmpfs): answers are refused with 503 and nothing unsaved is kept', async () => {
		const dir = join(tmpdir(), `sandtable-full-${process.pid}-${Date.now()}`);
		mkdirSync(dir);
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'ignore' });
			mounted = dir;
		} catch {
			rmSync(dir, { recursive: true, force: true });
			test.skip(true, 'needs root to mount a tmpfs; the next test covers failing writes');
		}
		server = await new AppServer({ dataDir: dir }).start();
		const admin = await adminToken(server);
		const filler = join(dir, 'filler');
		await refusedWhileBroken(
			() => {
				// Fill every free byte of the 8 MB file system.
				const chunk = Buffer.alloc(64 * 1024, 1);
				const fd = openSync(filler, 'w');
				try {
					for (;;) writeSync(fd, chunk);
				} catch (e) {
					expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
				} finally {
					closeSync(fd);
				}
			},
			() => rmSync(filler),
			admin,
			/not saved: .*ENOSPC/,
			true
		);
	});

	test('a write that fails (its journal blocked): answers are refused, not lost', async () => {
		server = await new AppServer().start();
		const admin = await adminToken(server);
		let journal = '';
		await refusedWhileBroken(
			() => {
				// Each commit is appended to `<id>.journal`; a directory there makes it fail, as a
				// read-only or failing disk would (chmod does not stop root).
				const sessions = join(server.dataDir, 'sessions');
				const id = JSON.parse(readFileSync(join(sessions, 'index.json'), 'utf8')).sessions.at(
					-1
				).id;
				journal = join(sessions, `${id}.journal`);
				renameSync(journal, `${journal}.away`);
				mkdirSync(journal);
			},
			() => {
				rmSync(journal, { recursive: true });
				renameSync(`${journal}.away`, journal);
			},
			admin,
			/not saved: .*EISDIR/,
			false
		);
	});
});

test('hundreds of trainees answering at the same instant: every answer recorded once', async () => {
	test.setTimeout(240_000);
	const server = await new AppServer().start();
	try {
		const admin = await adminToken(server);
		const { session, trainees } = await playingSession(server, admin, 300);
		const all = () =>
			Promise.all(trainees.map((t, i) => answer(server, session.id, t, `burst-${i}`, i)));
		const first = await all();
		expect(first.map((r) => r.status)).toEqual(trainees.map(() => 201));
		const ids = first.map((r) => r.json<{ responseId: string }>().responseId);
		expect(new Set(ids).size).toBe(300);
		const counts = recordedAnswers(server, session.id);
		expect(counts.size).toBe(300);
		for (const id of ids) expect(counts.get(id)).toBe(1);
		// All of them again (a flaky network resending): replays, nothing new on disk.
		const stored = JSON.stringify(sessionFile(server, session.id));
		const second = await all();
		expect(second.map((r) => r.status)).toEqual(trainees.map(() => 200));
		expect(second.map((r) => r.json<{ responseId: string }>().responseId)).toEqual(ids);
		expect(JSON.stringify(sessionFile(server, session.id))).toBe(stored);
		// The facilitator sees 300 answers to the question.
		const view = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
			headers: bearer(admin)
		});
		const teams = view.json<{
			teams: { decisions: { decisionId: string; answered: unknown[] }[] }[];
		}>().teams;
		const answered = teams.flatMap((t) =>
			t.decisions.filter((d) => d.decisionId === ANSWER.decisionId).map((d) => d.answered.length)
		);
		expect(answered.reduce((a, b) => a + b, 0)).toBe(300);
	} finally {
		await server.dispose();
	}
});
