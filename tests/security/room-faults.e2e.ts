/**
 * The room under faults (issue 13): the server killed (SIGKILL) while trainees chat. A message
 * acknowledged (201) is on disk exactly once and is there after the restart; one whose fate was
 * unknown is retried with its key and lands once; RFIs and their answers come back too.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { AppServer } from '../support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	sessionOnDisk,
	sleep,
	staff,
	type Trainee
} from './support';

const ROLE = 'incident-commander';

function chat(server: AppServer, sessionId: string, who: Trainee, channel: string, key: string) {
	return call(server, 'POST', `/api/v1/sessions/${sessionId}/chat`, {
		headers: bearer(who.token),
		json: { channel, text: `message ${key}`, key },
		timeoutMs: 30_000
	});
}

test('SIGKILL while trainees chat: every acknowledged message survives, once', async () => {
	const server = await new AppServer().start();
	try {
		const admin = await adminToken(server);
		const session = await createSession(server, admin, { scenarioId: 'ransomware-file-server' });
		const red = session.teams.find((t) => t.name === 'Red')!.id;
		const trainees = await Promise.all(
			Array.from({ length: 6 }, (_, i) =>
				joinSession(server, session.joinCode, { name: `T${i}`, team: 'Red', role: ROLE })
			)
		);
		await staff(server, admin, session.id, 'start');
		// An RFI answered before the crash must come back with its answer.
		const asked = await call(server, 'POST', `/api/v1/sessions/${session.id}/rfis`, {
			headers: bearer(trainees[0].token),
			json: { text: 'What does the EDR show on FS-01?' }
		});
		expect(asked.status, asked.text).toBe(201);
		const { rfiId } = asked.json<{ rfiId: string }>();
		const answered = await call(server, 'POST', `/api/v1/sessions/${session.id}/rfis/${rfiId}`, {
			headers: bearer(admin),
			json: { text: 'Encryption in progress on FS-01.' }
		});
		expect(answered.status, answered.text).toBe(200);

		const acked = new Map<string, string>(); // key -> messageId
		const unsure = new Map<string, Trainee>();
		let stop = false;
		const chatting = trainees.map(async (t, i) => {
			// Under the per-trainee cap of 20 a minute: the crash, not the limiter, is under test.
			for (let n = 0; !stop && n < 15; n++) {
				const key = `k-${i}-${n}`;
				try {
					const res = await chat(server, session.id, t, n % 3 ? red : 'room', key);
					if (res.status === 201) acked.set(key, res.json<{ messageId: string }>().messageId);
					else unsure.set(key, t);
				} catch {
					unsure.set(key, t);
					return;
				}
			}
		});
		await sleep(400);
		await server.kill();
		stop = true;
		await Promise.all(chatting);
		expect(acked.size).toBeGreaterThan(5);

		await server.start();
		const onDisk = () => {
			const counts = new Map<string, number>();
			for (const e of sessionOnDisk(join(server.dataDir, 'sessions'), session.id).events) {
				if (e.type === 'chat.posted') {
					const id = (e as unknown as { messageId: string }).messageId;
					counts.set(id, (counts.get(id) ?? 0) + 1);
				}
			}
			return counts;
		};
		const counts = onDisk();
		for (const [key, id] of acked) expect(counts.get(id), key).toBe(1);
		// Retries of the unsure ones land once; retries of acknowledged ones are replays.
		for (const [key, t] of unsure) {
			const n = Number(key.split('-')[2]);
			const res = await chat(server, session.id, t, n % 3 ? red : 'room', key);
			expect([200, 201], res.text).toContain(res.status);
		}
		const [firstKey] = [...acked.keys()];
		const who = trainees[Number(firstKey.split('-')[1])];
		const again = await chat(
			server,
			session.id,
			who,
			Number(firstKey.split('-')[2]) % 3 ? red : 'room',
			firstKey
		);
		expect(again.status).toBe(200);
		expect(again.json()).toMatchObject({ messageId: acked.get(firstKey) });
		const after = onDisk();
		for (const n of after.values()) expect(n).toBe(1);
		expect(after.size).toBe(acked.size + unsure.size);

		// What the console shows after the restart: every message, the RFI with its answer.
		const state = await call(server, 'GET', `/api/v1/sessions/${session.id}/state`, {
			headers: bearer(admin)
		});
		const room = state.json<{
			room: {
				channels: { id: string; total: number }[];
				rfis: { answer: unknown; responseMs: number }[];
			};
		}>().room;
		expect(room.channels.reduce((sum, c) => sum + c.total, 0)).toBe(after.size);
		expect(room.rfis).toHaveLength(1);
		expect(room.rfis[0].answer).not.toBeNull();
	} finally {
		await server.dispose();
	}
});
