import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { phishFile } from '#lib/engine/testing.js';
import { countLiveSessionsWith, metricsText, storeWriteFailure } from './metrics';
import { WriteConflictError } from './storage/errors';
import { FileSessionStore } from './storage/file/sessions';
import type { Hub } from './sessions/hub';
import { respond } from './sessions/service';
import { facilitatorStream, screenStream, traineeStream } from './sessions/stream';
import { useHubs } from './sessions/testing';

const hubs = useHubs('sandtable-metrics-');

afterEach(() => vi.restoreAllMocks());

/** The registry now, parsed by a Prometheus text-format parser: name -> family. */
async function scrape() {
	const families = parsePrometheusTextFormat(await metricsText());
	return new Map(families.map((f) => [f.name, f]));
}

/** A counter's or gauge's value (with `labels`), or a histogram's count. */
async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
	const family = (await scrape()).get(name);
	if (!family) throw new Error(`no ${name}`);
	const sample = family.metrics.find((m) =>
		Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)
	);
	if (!sample) throw new Error(`no ${name} ${JSON.stringify(labels)}`);
	return Number(sample.count ?? sample.value);
}

async function running(hub: Hub) {
	const session = await hub.create({
		scenarioFile: phishFile(),
		scenarioHash: 'h1',
		title: 'Metrics drill',
		teams: ['Blue'],
		speed: 1,
		release: 'auto',
		facilitatorId: 'u1'
	});
	const people = [];
	for (const name of ['Ana', 'Ben']) {
		const joined = await hub.join(session, { name, teamId: 'blue', role: 'ic' });
		if (!joined.ok) throw new Error(joined.message);
		people.push(hub.participant(session, joined.token)!);
	}
	expect((await session.execute((s) => command.start(s))).ok).toBe(true);
	return { session, people };
}

const answer = (key: string) => ({
	injectId: 'brief',
	decisionId: 'ready',
	value: { kind: 'single' as const, optionId: 'yes' },
	idempotencyKey: key
});

describe('the metrics', () => {
	it('parse as Prometheus text with every family of ours and the event loop lag', async () => {
		const families = await scrape();
		const expected: [string, string][] = [
			['sandtable_live_sessions', 'GAUGE'],
			['sandtable_connected_streams', 'GAUGE'],
			['sandtable_answers_total', 'COUNTER'],
			['sandtable_answer_ack_seconds', 'HISTOGRAM'],
			['sandtable_store_write_seconds', 'HISTOGRAM'],
			['sandtable_store_write_failures_total', 'COUNTER'],
			['sandtable_not_saved_total', 'COUNTER'],
			['sandtable_data_free_bytes', 'GAUGE'],
			['sandtable_webhook_attempts_total', 'COUNTER'],
			['nodejs_eventloop_lag_p99_seconds', 'GAUGE'],
			['process_resident_memory_bytes', 'GAUGE']
		];
		for (const [name, type] of expected) expect(families.get(name)?.type, name).toBe(type);
		const kinds = families.get('sandtable_connected_streams')!.metrics.map((m) => m.labels?.kind);
		expect(kinds.sort()).toEqual(['facilitator', 'screen', 'trainee']);
		const results = families.get('sandtable_webhook_attempts_total')!.metrics;
		expect(results.map((m) => m.labels?.result).sort()).toEqual(['delivered', 'failed', 'retry']);
	});

	it('count answers once when acknowledged, with their latency, and every durable append', async () => {
		const hub = hubs.newHub();
		const { session, people } = await running(hub);
		const before = {
			answers: await value('sandtable_answers_total'),
			acks: await value('sandtable_answer_ack_seconds'),
			writes: await value('sandtable_store_write_seconds')
		};
		expect((await respond(session, people[0], answer('k1'))).ok).toBe(true);
		expect((await respond(session, people[1], answer('k2'))).ok).toBe(true);
		// A retry of an acknowledged answer is a replay: nothing new.
		expect(await respond(session, people[0], answer('k1'))).toMatchObject({ replayed: true });
		expect(await value('sandtable_answers_total')).toBe(before.answers + 2);
		expect(await value('sandtable_answer_ack_seconds')).toBe(before.acks + 2);
		expect(await value('sandtable_store_write_seconds')).toBe(before.writes + 2);
	});

	it('count refusals and failed writes, and know when writes work again', async () => {
		const store = new FileSessionStore(join(hubs.dir, 'sessions'));
		const { session, people } = await running(hubs.newHub(store));
		const before = {
			refused: await value('sandtable_not_saved_total'),
			failed: await value('sandtable_store_write_failures_total'),
			answers: await value('sandtable_answers_total')
		};
		const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
		const append = vi.spyOn(store, 'append').mockRejectedValueOnce(full);
		const refused = await respond(session, people[0], answer('k1'));
		expect(refused).toMatchObject({ ok: false, status: 503 });
		expect(await value('sandtable_not_saved_total')).toBe(before.refused + 1);
		expect(await value('sandtable_store_write_failures_total')).toBe(before.failed + 1);
		expect(await value('sandtable_answers_total')).toBe(before.answers);
		expect(storeWriteFailure()).toMatchObject({ code: 'ENOSPC' });

		// Another writer moving the log on is no failure of the disk.
		append.mockRejectedValue(new WriteConflictError('moved on'));
		expect(await session.execute((s) => command.pause(s))).toMatchObject({ status: 503 });
		expect(await value('sandtable_not_saved_total')).toBe(before.refused + 2);
		expect(await value('sandtable_store_write_failures_total')).toBe(before.failed + 1);

		append.mockRestore();
		expect((await respond(session, people[0], answer('k1'))).ok).toBe(true);
		expect(storeWriteFailure()).toBeNull();
		expect(await value('sandtable_answers_total')).toBe(before.answers + 1);
	});

	it('count sessions loaded and not ended', async () => {
		const hub = hubs.newHub();
		countLiveSessionsWith(() => hub.activeCount);
		const { session } = await running(hub);
		await running(hub);
		expect(await value('sandtable_live_sessions')).toBe(2);
		expect((await session.execute((s, now) => command.end(session.scenario, s, now))).ok).toBe(
			true
		);
		expect(await value('sandtable_live_sessions')).toBe(1);
		countLiveSessionsWith(() => 0);
	});

	it('count live streams by kind while they are open, once each however they end', async () => {
		const { session, people } = await running(hubs.newHub());
		const count = (kind: string) => value('sandtable_connected_streams', { kind });
		const base = {
			trainee: await count('trainee'),
			facilitator: await count('facilitator'),
			screen: await count('screen')
		};
		const hangUp = new AbortController();
		const trainee = traineeStream(session, people[0].id, null, hangUp.signal);
		const console = facilitatorStream(session, null, new AbortController().signal);
		const screen = screenStream(session, null, new AbortController().signal);
		const [traineeReader, consoleReader, screenReader] = [trainee, console, screen].map((res) =>
			res.body!.getReader()
		);
		for (const reader of [traineeReader, consoleReader, screenReader]) await reader.read();
		expect(await count('trainee')).toBe(base.trainee + 1);
		expect(await count('facilitator')).toBe(base.facilitator + 1);
		expect(await count('screen')).toBe(base.screen + 1);

		// The body is cancelled and the request aborted, as when a client hangs up: counted once.
		await traineeReader.cancel();
		hangUp.abort();
		expect(await count('trainee')).toBe(base.trainee);
		// A stream closed by its body being cancelled.
		for (const reader of [consoleReader, screenReader]) await reader.cancel();
		expect(await count('facilitator')).toBe(base.facilitator);
		expect(await count('screen')).toBe(base.screen);

		// A trainee with nothing to see (not in this session) is closed at once, counted down too.
		const nobody = traineeStream(session, 'p-nobody', null, new AbortController().signal);
		await nobody.text();
		expect(await count('trainee')).toBe(base.trainee);
	});
});
