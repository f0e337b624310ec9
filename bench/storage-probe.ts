/**
 * Storage only, no HTTP: how many answer-sized changes a second this disk makes durable, and how
 * fast, (a) the app's way, each session's lowdb file rewritten with group commit
 * (`DurableDoc` and the session file serialiser), and (b) a write-ahead journal's way, records
 * appended to one file and fdatasync'd once per batch for every session. (b) is not in the app;
 * it is measured to show what a journal would change (docs/performance.md).
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionEvent } from '../src/lib/engine/events';
import type { ScenarioFile } from '../src/lib/engine/schema';
import { sessionFileSerialiser, type SessionFile } from '../src/lib/server/sessions/files';
import { DurableDoc } from '../src/lib/server/storage/durable-file';
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

/** `sessions` session files, `perSession` writers each, appending answers for `ms`. */
export async function probeRewrite(
	dir: string,
	scenario: ScenarioFile,
	sessions = 50,
	perSession = 2,
	ms = 3000
): Promise<ProbeResult> {
	const docs = await Promise.all(
		Array.from({ length: sessions }, (_, i) =>
			DurableDoc.open<SessionFile>(
				join(dir, `s${i}.json`),
				() => ({ version: 1, meta: {} as SessionFile['meta'], scenario, tokens: {}, events: [] }),
				undefined,
				sessionFileSerialiser()
			)
		)
	);
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
	const seconds = (performance.now() - started) / 1000;
	const writes = docs.reduce((n, d) => n + d.writes, 0);
	return {
		writers: sessions * perSession,
		perSecond: round(times.length / seconds),
		syncsPerSecond: round(writes / seconds),
		latencyMs: summarise(times)
	};
}

/** `writers` writers appending answer records to one journal, one fdatasync per batch. */
export async function probeJournal(dir: string, writers = 100, ms = 3000): Promise<ProbeResult> {
	const file = await open(join(dir, 'journal.log'), 'a');
	let waiting: { line: string; done: () => void }[] = [];
	let flushing = false;
	let syncs = 0;
	const flush = async () => {
		flushing = true;
		while (waiting.length > 0) {
			const batch = waiting;
			waiting = [];
			await file.write(batch.map((w) => w.line).join(''));
			await file.datasync();
			syncs++;
			for (const w of batch) w.done();
		}
		flushing = false;
	};
	const append = (line: string) =>
		new Promise<void>((done) => {
			waiting.push({ line, done });
			if (!flushing) void flush();
		});
	const times: number[] = [];
	const end = performance.now() + ms;
	const started = performance.now();
	let seq = 0;
	try {
		await Promise.all(
			Array.from({ length: writers }, async () => {
				while (performance.now() < end) {
					const t0 = performance.now();
					await append(`${JSON.stringify(answerEvent(++seq))}\n`);
					times.push(performance.now() - t0);
				}
			})
		);
	} finally {
		await file.close();
	}
	const seconds = (performance.now() - started) / 1000;
	return {
		writers,
		perSecond: round(times.length / seconds),
		syncsPerSecond: round(syncs / seconds),
		latencyMs: summarise(times)
	};
}
