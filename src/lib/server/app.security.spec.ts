import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';

// The app's stores read DATA_DIR when first imported: point it at a fresh folder first (and
// put the environment back afterwards for whatever runs next in this worker).
const saved = { data: process.env.DATA_DIR, scenarios: process.env.SCENARIOS_DIR };
const dir = await mkdtemp(join(tmpdir(), 'sandtable-app-sec-'));
process.env.DATA_DIR = dir;
process.env.SCENARIOS_DIR = join(dir, 'no-bundled-scenarios');
const app = await import('./app');
const { hub } = await import('./sessions/hub');

beforeAll(async () => {
	await app.startApp();
});
afterAll(async () => {
	hub.close();
	for (const [key, value] of [
		['DATA_DIR', saved.data],
		['SCENARIOS_DIR', saved.scenarios]
	] as const) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
	await rm(dir, { recursive: true, force: true });
});

describe('after-end work and crashes', () => {
	it('proposes improvement items before writing the summary that marks the work as done', async () => {
		const session = await hub.create({
			scenarioFile: phishFile(),
			scenarioHash: 'app-sec',
			title: 'Crash between writes',
			teams: ['Blue'],
			speed: 1,
			release: 'auto',
			facilitatorId: 'u1'
		});
		const joined = await hub.join(session, { name: 'Ana', teamId: 'blue', role: 'ic' });
		if (!joined.ok) throw new Error(joined.message);
		await session.execute((s) => command.start(s));
		await session.execute((s, now) =>
			command.release(session.scenario, s, { teamId: 'blue', injectId: 'alert' }, now)
		);
		// The incident commander takes a wrong option: the debrief drafts an improvement item.
		const wrong = session.scenario.decisionByKey['alert/contain'].options.find((o) => !o.correct)!;
		const answered = await session.execute((s) =>
			command.submitResponse(session.scenario, s, {
				responseId: 'r1',
				participantId: joined.participantId,
				injectId: 'alert',
				decisionId: 'contain',
				value: { kind: 'single', optionId: wrong.id }
			})
		);
		expect(answered.ok).toBe(true);
		// As if the process died right before the summary reached the disk.
		const put = vi.spyOn(app.summaries, 'put').mockRejectedValueOnce(new Error('crash'));
		const ended = await session.execute((s, now) => command.end(session.scenario, s, now));
		expect(ended.ok).toBe(true);
		await expect.poll(() => put.mock.calls.length).toBe(1);
		const store = await app.improvements();
		await expect.poll(() => store.forSession(session.id).length).toBeGreaterThan(0);
		const proposed = store.forSession(session.id).length;
		expect(await app.summaries.get(session.id)).toBeUndefined();

		// The start-up repair runs the work again: the summary is written, nothing is proposed twice.
		await app.afterSessionEnded(session);
		expect((await app.summaries.get(session.id))?.sessionId).toBe(session.id);
		expect(store.forSession(session.id)).toHaveLength(proposed);
	});
});
