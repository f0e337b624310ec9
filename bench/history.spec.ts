import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replay } from '../src/lib/engine/session/apply';
import { summarise } from '../src/lib/engine/score/summary';
import { FileSessionRepository } from '../src/lib/server/storage/file/session-files';
import { FileSummaryStore } from '../src/lib/server/storage/file/summaries';
import { seededRandom } from '../src/lib/reports/dashboard-fixtures';
import { copySession, loadLibraryScenario, playTemplate, seedHistory } from './history';

const lib = loadLibraryScenario(resolve('tests/fixtures/scenarios/valid/rich.yaml'));
const dir = mkdtempSync(join(tmpdir(), 'sandtable-bench-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stored history for the benchmark', () => {
	it('plays a template session to its end with the engine', () => {
		const t = playTemplate(lib, seededRandom(7));
		expect(t.state.status).toBe('ended');
		expect(t.state.responses.length).toBeGreaterThan(0);
		expect(t.state.teamOrder.every((id) => t.state.teams[id].ending !== null)).toBe(true);
		expect(t.events.map((e) => e.seq)).toEqual(t.events.map((_, i) => i + 1));
	});

	it('makes copies whose log replays to their stored summary and index line', () => {
		const t = playTemplate(lib, seededRandom(11));
		const copy = copySession(t, {
			id: 'a1b2c3d4e5f60718',
			createdAt: Date.UTC(2025, 5, 1),
			facilitatorId: 'u-9',
			title: 'Copy #1'
		});
		const state = replay(lib.scenario, copy.file.events);
		expect(summarise(lib.scenario, state)).toEqual(copy.summary);
		expect(copy.file.meta).toMatchObject({
			id: 'a1b2c3d4e5f60718',
			status: 'ended',
			createdAt: state.createdAt,
			startedAt: state.startedAt,
			endedAt: state.endedAt
		});
		expect(Object.keys(state.participants).every((p) => p.startsWith('pa1b2c3d4'))).toBe(true);
		expect(Object.values(copy.file.tokens).sort()).toEqual(Object.keys(state.participants).sort());
	});

	it('writes session files, the index and summaries the app reads back', async () => {
		const result = seedHistory({ dataDir: dir, count: 4, scenarios: [lib], until: Date.now() });
		expect(result.sessions).toBe(4);
		const repo = new FileSessionRepository(join(dir, 'sessions'));
		const index = await repo.index();
		expect(index.data.sessions).toHaveLength(4);
		const ids = (await repo.ids()).sort();
		expect(ids).toEqual(index.data.sessions.map((m) => m.id).sort());
		const doc = await repo.open(ids[0]);
		expect(doc?.data.events.at(-1)?.type).toBe('session.ended');
		const summaries = await new FileSummaryStore(join(dir, 'summaries')).all();
		expect(summaries.map((s) => s.sessionId).sort()).toEqual(ids);
		expect(doc?.data.scenario).toEqual(lib.source);
		// The scenario is stored once, named by the hash of its text, as the app stores it.
		const raw = JSON.parse(readFileSync(join(dir, 'sessions', `${ids[0]}.json`), 'utf8'));
		expect(raw.version).toBe(2);
		expect(readdirSync(join(dir, 'sessions', 'frozen'))).toEqual([`${raw.scenarioRef}.json`]);
		expect(readdirSync(join(dir, 'summaries'))).toHaveLength(4);
	});
});
