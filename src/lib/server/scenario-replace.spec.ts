import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';

// The stores read DATA_DIR when first imported: point it at a fresh folder first.
const saved = { data: process.env.DATA_DIR, scenarios: process.env.SCENARIOS_DIR };
const dir = await mkdtemp(join(tmpdir(), 'sandtable-replace-'));
process.env.DATA_DIR = dir;
process.env.SCENARIOS_DIR = join(dir, 'no-bundled-scenarios');
const { uploadChecked, holdForConfirmation, takeConfirmed, PENDING_MS } =
	await import('./scenario-replace');
const { listScenarios } = await import('./scenarios');
const { hub } = await import('./sessions/hub');
const { debriefFor } = await import('./debrief');

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

// JSON is YAML: the file as an author would upload it.
const v1 = phishFile({ id: 'replace-me', title: 'Phish, first cut', version: '1.0.0' });
const v2 = phishFile({ id: 'replace-me', title: 'Phish, second cut', version: '2.0.0' });
const bytes = (file: object) => new TextEncoder().encode(JSON.stringify(file));
const listed = async () => (await listScenarios()).find((e) => e.id === 'replace-me');

describe('re-uploading a scenario id', () => {
	it('asks before replacing, and a session that ran v1 replays and debriefs with v1 after', async () => {
		const first = await uploadChecked(bytes(v1), 'replace-me.yaml');
		if (!first.ok) throw new Error(first.message);
		expect(first.replaced).toBe(false);
		const session = await hub.create({
			scenarioFile: first.entry.source!,
			scenarioHash: first.entry.hash!,
			title: 'Ran v1',
			teams: ['Blue'],
			speed: 1,
			release: 'auto',
			facilitatorId: 'u1'
		});
		await session.execute((s) => command.start(s));
		await session.execute((s, now) =>
			command.release(session.scenario, s, { teamId: 'blue', injectId: 'alert' }, now)
		);
		await session.execute((s, now) => command.end(session.scenario, s, now));

		// Without `replace`: refused, naming the version and the sessions; nothing changes.
		const asked = await uploadChecked(bytes(v2), 'replace-me.yaml');
		expect(asked).toMatchObject({
			ok: false,
			status: 409,
			existing: {
				id: 'replace-me',
				title: 'Phish, first cut',
				version: '1.0.0',
				newVersion: '2.0.0',
				sessions: 1
			}
		});
		if (asked.ok) return;
		expect(asked.message).toBe(
			"a scenario with the id 'replace-me' exists (version 1.0.0, used by 1 session); replace it?"
		);
		expect((await listed())?.source?.version).toBe('1.0.0');

		// With it: replaced. New sessions get v2; the one that ran v1 keeps it.
		const replaced = await uploadChecked(bytes(v2), 'replace-me.yaml', true);
		expect(replaced).toMatchObject({ ok: true, replaced: true });
		expect((await listed())?.source?.version).toBe('2.0.0');

		const played = structuredClone(session.state);
		hub.close(); // forget what is in memory: read the session back from the disk (a replay)
		const again = (await hub.get(session.id))!;
		expect(again.scenario.title).toBe('Phish, first cut');
		expect(again.scenario.version).toBe('1.0.0');
		expect(again.state).toEqual(played);
		expect(again.state.status).toBe('ended');
		const { debrief } = await debriefFor(again);
		expect(debrief.overview).toMatchObject({
			scenarioTitle: 'Phish, first cut',
			scenarioVersion: '1.0.0',
			scenarioHash: first.entry.hash
		});
	});

	it("holds a file for its uploader's confirmation only, once, for a while", () => {
		const now = 1_000_000;
		const token = holdForConfirmation('u1', bytes(v2), 'replace-me.yaml', now);
		expect(takeConfirmed('u2', token, now)).toBeNull();
		expect(takeConfirmed('u1', 'not-the-token', now)).toBeNull();
		expect(takeConfirmed('u1', token, now)?.fileName).toBe('replace-me.yaml');
		expect(takeConfirmed('u1', token, now)).toBeNull();
		const late = holdForConfirmation('u1', bytes(v2), 'replace-me.yaml', now);
		expect(takeConfirmed('u1', late, now + PENDING_MS)).toBeNull();
	});
});
