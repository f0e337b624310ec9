/**
 * Storage only, no HTTP: how many answer-sized changes a second this disk makes durable, and how
 * fast, (a) the way the app worked before its journals, each session's lowdb file rewritten with
 * group commit (`DurableDoc` and the session file serialiser), and (b) the app's way now, each
 * commit appended to the session's journal with fdatasync (`JournaledSessionDoc`), the file
 * rewritten at checkpoints (docs/performance.md).
 */
import { join } from 'node:path';
import type { SessionEvent } from '../src/lib/engine/session/events';
import type { ScenarioFile } from '../src/lib/engine/scenario/schema';
import {
	sessionFileSerialiser,
	type SessionFile
} from '../src/lib/server/storage/file/session-files';
import { JournaledSessionDoc } from '../src/lib/server/storage/file/journaled';
import { FrozenScenarios } from '../src/lib/server/storage/file/frozen-scenarios';
import { DurableDoc } from '../src/lib/server/storage/file/durable-file';
import { round, summarise, type LatencySummary } from './stats';

export interface ProbeResult {
	writers: number;
	perSecond: number;
	/** Durable writes (rewrites or fdatasyncs) a second. */
	syncsPerSecond: number;
	latencyMs: LatencySummary;
}

function answerEvent(seq: number): SessionEvent {
	return {
		type: 'response.submitted',
		responseId: `r${seq}`,
		participantId: 'p1',
		teamId: 'team-1',
		injectId: 'month-end-briefing',
		decisionId: 'readiness-checks',
		value: { kind: 'multiple', optionIds: ['oob-bridge', 'backup-status'] },
		rationale: 'Out-of-band bridge first, then confirm the immutable backup copy.',
		seq,
		at: Date.now()
	};
}

/** `perSession` writers per document appending answers for `ms`, each awaiting its commit. */
async function drive(
	docs: { data: SessionFile; commit(): Promise<void> }[],
	perSession: number,
	ms: number
): Promise<{ times: number[]; seconds: number }> {
	const times: number[] = [];
	const end = performance.now() + ms;
	const started = performance.now();
	await Promise.all(
		docs.flatMap((doc) =>
			Array.from({ length: perSession }, async () => {
				while (performance.now() < end) {
					const t0 = performance.now();
					doc.data.events.push(answerEvent(doc.data.events.length + 1));
					await doc.commit();
					times.push(performance.now() - t0);
				}
			})
		)
	);
	return { times, seconds: (performance.now() - started) / 1000 };
}

/** `sessions` session files, `perSession` writers each, appending answers for `ms`. */
export async function probeRewrite(
	dir: string,
	scenario: ScenarioFile,
	sessions = 50,
	perSession = 2,
	ms = 3000
): Promise<ProbeResult> {
	const frozen = new FrozenScenarios(join(dir, 'frozen'));
	const docs = await Promise.all(
		Array.from({ length: sessions }, (_, i) =>
			DurableDoc.open<SessionFile>(
				join(dir, `s${i}.json`),
				() => ({ version: 2, meta: {} as SessionFile['meta'], scenario, tokens: {}, events: [] }),
				undefined,
				sessionFileSerialiser(frozen)
			)
		)
	);
	const { times, seconds } = await drive(docs, perSession, ms);
	const writes = docs.reduce((n, d) => n + d.writes, 0);
	return {
		writers: sessions * perSession,
		perSecond: round(times.length / seconds),
		syncsPerSecond: round(writes / seconds),
		latencyMs: summarise(times)
	};
}

/**
 * The app's way: `sessions` session files, each with its journal (`JournaledSessionDoc`),
 * `perSession` writers each appending answers for `ms`; each commit is a journal append with
 * fdatasync, the file rewritten at the checkpoints.
 */
export async function probeSessionJournal(
	dir: string,
	scenario: ScenarioFile,
	sessions = 50,
	perSession = 2,
	ms = 3000
): Promise<ProbeResult> {
	const frozen = new FrozenScenarios(join(dir, 'frozen'));
	const docs = await Promise.all(
		Array.from({ length: sessions }, (_, i) =>
			JournaledSessionDoc.create(
				join(dir, `s${i}.json`),
				{
					version: 2,
					meta: { id: `s${i}` } as SessionFile['meta'],
					scenario,
					tokens: {},
					events: []
				},
				() => null,
				sessionFileSerialiser(frozen)
			)
		)
	);
	const { times, seconds } = await drive(docs, perSession, ms);
	for (const doc of docs) doc.close();
	const syncs = docs.reduce((n, d) => n + d.appends + d.checkpoints, 0);
	return {
		writers: sessions * perSession,
		perSecond: round(times.length / seconds),
		syncsPerSecond: round(syncs / seconds),
		latencyMs: summarise(times)
	};
}
