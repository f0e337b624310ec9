import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { phishFile } from '#lib/engine/testing.js';
import { useHubs } from './testing';
import { screenStream, startHeartbeat, stopHeartbeat } from './stream';

const hubs = useHubs('sandtable-stream-');

async function newSession() {
	return hubs.newHub().create({
		scenarioFile: phishFile(),
		scenarioHash: 'h1',
		title: 'Drill',
		teams: ['Red'],
		speed: 1,
		release: 'manual',
		facilitatorId: 'u1'
	});
}

/** Collects what a stream sends, as text, until it ends. */
function collect(body: ReadableStream<Uint8Array>): { text: () => string; done: Promise<void> } {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let text = '';
	const done = (async () => {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			text += decoder.decode(value, { stream: true });
		}
	})();
	return { text: () => text, done };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const pings = (text: string) => text.split(': ping').length - 1;

afterEach(() => {
	stopHeartbeat();
	vi.useRealTimers();
});

describe('stream heartbeat', () => {
	it('pings each open stream every 20 s from the one shared timer, and stops at its close', async () => {
		vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
		const session = await newSession();
		startHeartbeat();
		const abort = new AbortController();
		const stream = collect(screenStream(session, null, abort.signal).body!);
		await settle();
		expect(stream.text()).toContain('retry: 2000');
		expect(stream.text()).toContain('event: view');
		vi.advanceTimersByTime(19_000);
		await settle();
		expect(pings(stream.text())).toBe(0);
		vi.advanceTimersByTime(2_000);
		await settle();
		expect(pings(stream.text())).toBe(1);
		vi.advanceTimersByTime(20_000);
		await settle();
		expect(pings(stream.text())).toBe(2);
		abort.abort();
		await stream.done;
		vi.advanceTimersByTime(60_000);
		await settle();
		expect(pings(stream.text())).toBe(2);
	});

	it('opens no timer per stream, so no stream keeps its request context alive', async () => {
		// A timer keeps the async context it was made in: one per stream kept SvelteKit's whole
		// request (event, cookies, locals) for as long as the stream was open.
		const session = await newSession();
		startHeartbeat(5);
		const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
		const before = timers();
		const requestStore = new AsyncLocalStorage<{ event: string }>();
		const aborts = Array.from({ length: 5 }, () => new AbortController());
		const responses = aborts.map((abort) =>
			requestStore.run({ event: 'the request' }, () => screenStream(session, null, abort.signal))
		);
		expect(timers()).toBe(before);
		for (const abort of aborts) abort.abort();
		await Promise.all(responses.map((r) => r.body!.cancel()));
	});
});
