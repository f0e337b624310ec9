/**
 * The slow soak (`npm run test:soak`; skipped in `npm test`): 200 trainees answer without pause
 * for several minutes while the server is killed (SIGKILL) and restarted again and again. Every
 * answer acknowledged, and every answer whose fate was unknown and was then retried, must be on
 * disk exactly once at the end, and the session file must be one unbroken sequence.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AppServer } from '../support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	sleep,
	staff,
	sessionOnDisk,
	type Trainee
} from './support';

const TRAINEES = Number(process.env.SOAK_TRAINEES) || 200;
const CRASHES = Number(process.env.SOAK_CRASHES) || 8;
const ANSWER = { injectId: 'month-end-briefing', decisionId: 'readiness-checks' };

test.skip(!process.env.SOAK, 'slow: run with `npm run test:soak`');

test('answers survive repeated crashes under load, each exactly once', async () => {
	test.setTimeout(30 * 60_000);
	const server = await new AppServer().start();
	try {
		const admin = await adminToken(server);
		const session = await createSession(server, admin, {
			scenarioId: 'ransomware-file-server'
		});
		const trainees: Trainee[] = [];
		for (let i = 0; i < TRAINEES; i += 25)
			trainees.push(
				...(await Promise.all(
					Array.from({ length: Math.min(25, TRAINEES - i) }, (_, k) =>
						joinSession(server, session.joinCode, {
							name: `Soak ${i + k}`,
							team: (i + k) % 2 ? 'Blue' : 'Red',
							role: 'incident-commander'
						})
					)
				))
			);
		await staff(server, admin, session.id, 'start');
		for (const team of ['Red', 'Blue'])
			await staff(server, admin, session.id, 'release', { team, injectId: ANSWER.injectId });

		const acked = new Map<string, string>();
		const pending = new Map<string, Trainee>();
		let up = true;
		let stop = false;
		const send = (t: Trainee, key: string) =>
			call(server, 'POST', `/api/v1/sessions/${session.id}/responses`, {
				headers: bearer(t.token),
				json: {
					...ANSWER,
					value: { kind: 'multiple', optionIds: ['oob-bridge'] },
					idempotencyKey: key
				},
				timeoutMs: 20_000
			});
		const loops = trainees.map(async (t, i) => {
			for (let n = 0; !stop; n++) {
				if (!up) {
					await sleep(200);
					n--;
					continue;
				}
				const key = `soak-${i}-${n}`;
				try {
					const res = await send(t, key);
					if (res.status === 201 || res.status === 200)
						acked.set(key, res.json<{ responseId: string }>().responseId);
					else pending.set(key, t);
				} catch {
					pending.set(key, t);
				}
			}
		});
		for (let crash = 0; crash < CRASHES; crash++) {
			await sleep(3000 + Math.random() * 4000);
			up = false;
			await server.kill();
			await server.start();
			// Retry what was in flight, as clients do after a reconnect.
			for (const [key, t] of [...pending]) {
				const res = await send(t, key);
				expect([200, 201]).toContain(res.status);
				acked.set(key, res.json<{ responseId: string }>().responseId);
				pending.delete(key);
			}
			up = true;
		}
		await sleep(2000);
		stop = true;
		await Promise.all(loops);
		for (const [key, t] of [...pending]) {
			const res = await send(t, key);
			acked.set(key, res.json<{ responseId: string }>().responseId);
		}

		const file = sessionOnDisk(join(server.dataDir, 'sessions'), session.id);
		expect(file.events.map((e) => e.seq)).toEqual(file.events.map((_, i) => i + 1));
		const counts = new Map<string, number>();
		for (const e of file.events)
			if (e.type === 'response.submitted')
				counts.set(e.responseId!, (counts.get(e.responseId!) ?? 0) + 1);
		for (const [key, id] of acked) expect(counts.get(id), key).toBe(1);
		expect(counts.size).toBe(acked.size);
		console.log(`soak: ${acked.size} answers from ${TRAINEES} trainees across ${CRASHES} crashes`);
	} finally {
		await server.dispose();
	}
});
