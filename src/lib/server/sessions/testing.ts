/** Test support for session storage and the hub. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ScenarioFile } from '#lib/engine/scenario/schema.js';
import type { SessionFile } from '../storage/file/session-files';
import { FileSessionStore } from '../storage/file/sessions';
import type { SessionStore } from '../storage/sessions';
import { Hub } from './hub';

/** A small session file, in the lobby, with no events. */
export function sessionFileFixture(id: string, scenario: ScenarioFile): SessionFile {
	return {
		version: 2,
		meta: {
			id,
			joinCode: 'ABCDEFGHJK',
			scenarioId: 'phish',
			scenarioTitle: 'Phish',
			scenarioHash: 'h1',
			title: 'Drill',
			facilitatorId: 'u1',
			teams: [{ id: 'red', name: 'Red' }],
			speed: 1,
			release: 'auto',
			status: 'lobby',
			createdAt: 1,
			startedAt: null,
			endedAt: null
		},
		scenario,
		tokens: {},
		events: []
	};
}

/**
 * A temporary data folder per test and the hubs opened on it, closed and removed after each
 * test. Call at the top of a spec file.
 */
export function useHubs(prefix: string): {
	readonly dir: string;
	/** A hub over `store`, by default a session store of its own on the folder. */
	newHub(store?: SessionStore): Hub;
} {
	let dir = '';
	let hubs: Hub[] = [];
	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), prefix));
	});
	afterEach(async () => {
		for (const h of hubs) h.close();
		hubs = [];
		await rm(dir, { recursive: true, force: true });
	});
	return {
		get dir() {
			return dir;
		},
		newHub(store?: SessionStore) {
			const hub = new Hub(store ?? new FileSessionStore(join(dir, 'sessions')));
			hubs.push(hub);
			return hub;
		}
	};
}
