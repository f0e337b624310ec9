import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import { useHubs } from './testing';
import { Hub } from './hub';

const hubs = useHubs('sandtable-hub-sec-');
const newHub = () => hubs.newHub();

/** A session that has been played and ended: the hub opens its file only on demand. */
async function endedSession(hub: Hub) {
	const session = await hub.create({
		scenarioFile: phishFile(),
		scenarioHash: 'h1',
		title: 'Ended drill',
		teams: ['Blue'],
		speed: 1,
		release: 'auto',
		facilitatorId: 'u1'
	});
	await session.execute((s) => command.start(s));
	await session.execute((s, now) => command.end(session.scenario, s, now));
	// Ending brings the session file up to date in the background; let that finish.
	await session.settled();
	return session;
}

describe('hub start-up over damaged session files', () => {
	it('refuses to start over a damaged file of an ended session, naming it, and keeps it', async () => {
		const session = await endedSession(newHub());
		const path = join(hubs.dir, 'sessions', `${session.id}.json`);
		const text = await readFile(path, 'utf8');
		const damaged = text.slice(0, text.length / 2);
		await writeFile(path, damaged);
		await expect(newHub().start()).rejects.toThrow(`${path}: is not valid JSON`);
		expect(await readFile(path, 'utf8')).toBe(damaged);
	});

	it('refuses to start when the index lists a session whose file is gone', async () => {
		const session = await endedSession(newHub());
		await rm(join(hubs.dir, 'sessions', `${session.id}.json`));
		await expect(newHub().start()).rejects.toThrow(
			`the session index lists session ${session.id}, but its file (sessions/${session.id}.json) is missing`
		);
	});

	it('still adds a session file the index does not list', async () => {
		const session = await endedSession(newHub());
		const indexPath = join(hubs.dir, 'sessions', 'index.json');
		await writeFile(indexPath, JSON.stringify({ version: 1, sessions: [] }));
		const hub = newHub();
		await hub.start();
		expect((await hub.list()).map((m) => m.id)).toEqual([session.id]);
	});
});
