/**
 * Server-Sent Events for live sessions. Each message carries the session's log position as its
 * id; a browser that reconnects sends it back as Last-Event-ID and receives a fresh view if it
 * missed anything, so nothing released while it was away is lost. Trainees get patches (only
 * what changed for them); facilitators and the big screen get their whole view, at most once a
 * second while the room is busy.
 */
import { facilitatorView } from '#lib/engine/session/facilitator-view.js';
import { facilitatorRoom } from '#lib/engine/session/room-view.js';
import { screenView } from '#lib/engine/session/screen-view.js';
import type { SessionEvent } from '#lib/engine/session/events.js';
import { traineePatch, traineePatchKey } from '#lib/engine/session/trainee-patch.js';
import { traineeView } from '#lib/engine/session/trainee-view.js';
import {
	encodeMessage,
	type FacilitatorStreamEvents,
	type ScreenStreamEvents,
	type TraineeStreamEvents
} from '#lib/live/messages.js';
import { log } from '../log';
import { renderMarkdown } from '../markdown';
import { streamClosed, streamOpened, type StreamKind } from '../metrics';
import type { LiveSession } from './live';
import { createViewQueue } from './view-queue';

const HEARTBEAT_MS = 20_000;
/**
 * A facilitator's view is rebuilt whole (tens of KB for a room of 40), so it goes out at once
 * after a quiet spell and then at most once a second while the room is busy: with 50 consoles
 * open during a rush of answers, four a second each took a fifth of the server's CPU.
 */
const FACILITATOR_THROTTLE_MS = 1000;
/** A client this far behind is cut off; it reconnects and gets a fresh view. */
const MAX_BUFFERED = 1_000_000;
const encoder = new TextEncoder();

function traineeMessage<K extends keyof TraineeStreamEvents>(
	event: K,
	id: number,
	data: TraineeStreamEvents[K]
): Uint8Array {
	return encodeMessage<TraineeStreamEvents, K>(event, id, data);
}

function facilitatorMessage<K extends keyof FacilitatorStreamEvents>(
	event: K,
	id: number,
	data: FacilitatorStreamEvents[K]
): Uint8Array {
	return encodeMessage<FacilitatorStreamEvents, K>(event, id, data);
}

/**
 * Patch messages of one batch of events, by patch key: trainees of the same team and role who
 * have not answered what changed get the same bytes, built once. When an inject goes out to a
 * room of hundreds this is one patch per team and role instead of one per trainee.
 */
const patchCache = new WeakMap<readonly SessionEvent[], Map<string, Uint8Array | null>>();

function patchMessage(
	session: LiveSession,
	participantId: string,
	events: readonly SessionEvent[]
): Uint8Array | null {
	const key = traineePatchKey(session.scenario, session.state, participantId, events);
	if (key === null) return null;
	let cache = patchCache.get(events);
	if (!cache) patchCache.set(events, (cache = new Map()));
	if (cache.has(key)) return cache.get(key)!;
	const patch = traineePatch(
		session.scenario,
		session.state,
		participantId,
		events,
		renderMarkdown
	);
	const bytes = patch
		? traineeMessage('patch', patch.seq, { ...patch, serverNow: Date.now() })
		: null;
	cache.set(key, bytes);
	return bytes;
}

/**
 * Who has a live stream open, per session id and participant (a count: a trainee may have two
 * tabs), and the consoles to tell when that changes. It is what the server knows: a connection
 * lost without a word is noticed when a write to it fails (the heartbeat), and a trainee playing
 * without JavaScript never has one.
 */
const presence = new Map<string, Map<string, number>>();
const presenceWatchers = new Map<string, Set<() => void>>();

function setPresence(sessionId: string, participantId: string, delta: 1 | -1): void {
	const counts = presence.get(sessionId) ?? new Map<string, number>();
	const n = (counts.get(participantId) ?? 0) + delta;
	if (n > 0) counts.set(participantId, n);
	else counts.delete(participantId);
	if (counts.size > 0) presence.set(sessionId, counts);
	else presence.delete(sessionId);
	for (const watch of presenceWatchers.get(sessionId) ?? []) watch();
}

/** Participant ids of a session with a live stream open now. */
export function onlineParticipants(sessionId: string): string[] {
	return [...(presence.get(sessionId)?.keys() ?? [])];
}

function watchPresence(sessionId: string, watch: () => void): () => void {
	const set = presenceWatchers.get(sessionId) ?? new Set();
	set.add(watch);
	presenceWatchers.set(sessionId, set);
	return () => {
		set.delete(watch);
		if (set.size === 0) presenceWatchers.delete(sessionId);
	};
}

/**
 * Keep-alive comments for every open stream, from one timer: each stream is pinged once per
 * HEARTBEAT_MS, at a time of its own (its due times are spread as the streams opened).
 *
 * One timer, not one per stream, and started at server start (`startHeartbeat`), not inside a
 * request: a timer keeps the async context it was created in, and a stream's request context is
 * SvelteKit's whole request (event, request, cookies, locals, the hooks' closures). One
 * `setInterval` per stream kept all that alive for as long as the stream was open, about 20 KB
 * of heap per connected trainee (a heap snapshot's retainer path: Timeout, AsyncContextFrame,
 * event, request).
 */
const PING = encoder.encode(': ping\n\n');
const beating = new Map<(chunk: Uint8Array) => void, number>();
let beat: ReturnType<typeof setInterval> | null = null;

/** Starts the heartbeat timer; call it outside any request (at server start). Idempotent. */
export function startHeartbeat(tickMs = 1000): void {
	if (beat) return;
	beat = setInterval(() => {
		const now = Date.now();
		for (const [send, due] of beating) {
			if (due > now) continue;
			beating.set(send, now + HEARTBEAT_MS);
			send(PING);
		}
	}, tickMs);
	beat.unref();
}

/** Stops the heartbeat timer (tests). */
export function stopHeartbeat(): void {
	if (beat) clearInterval(beat);
	beat = null;
}

/** Parses the Last-Event-ID header (or `?lastEventId=`), or null. */
export function lastEventId(request: Request, url: URL): number | null {
	const raw = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
	if (!raw) return null;
	const n = Number(raw);
	return Number.isInteger(n) && n >= 0 ? n : null;
}

function sse(
	kind: StreamKind,
	start: (send: (chunk: Uint8Array) => void, close: () => void) => () => void,
	signal: AbortSignal
): Response {
	let stop = () => {};
	let ping: ((chunk: Uint8Array) => void) | null = null;
	let closed = false;
	/**
	 * Ends the stream's work once, whichever comes first: the server closing it, the client
	 * hanging up (the request's abort) or the body being cancelled. Run twice, it would count a
	 * trainee's presence down twice (marking a second tab of theirs offline) and the metrics too.
	 */
	const finish = () => {
		if (closed) return false;
		closed = true;
		stop();
		if (ping) beating.delete(ping);
		streamClosed(kind);
		return true;
	};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const close = () => {
				if (!finish()) return;
				try {
					controller.close();
				} catch {
					// already closed by the client
				}
			};
			const send = (chunk: Uint8Array) => {
				if (closed) return;
				if ((controller.desiredSize ?? 0) < -MAX_BUFFERED) return close();
				controller.enqueue(chunk);
			};
			streamOpened(kind);
			// Tells EventSource how long to wait before reconnecting.
			send(encoder.encode('retry: 2000\n\n'));
			const stopping = start(send, close);
			// `start` may have closed the stream already (a trainee with nothing to see): then its
			// own stop is due at once, and no heartbeat is started.
			if (closed) return stopping();
			stop = stopping;
			ping = send;
			beating.set(send, Date.now() + HEARTBEAT_MS);
			if (signal.aborted) close();
			else signal.addEventListener('abort', close, { once: true });
		},
		cancel() {
			finish();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
}

/** The live stream of one trainee. */
export function traineeStream(
	session: LiveSession,
	participantId: string,
	since: number | null,
	signal: AbortSignal
): Response {
	return sse(
		'trainee',
		(send, close) => {
			const { scenario } = session;
			if (since === null || since !== session.state.seq) {
				const view = traineeView(scenario, session.state, participantId, renderMarkdown);
				if (!view) {
					close();
					return () => {};
				}
				send(traineeMessage('view', session.state.seq, { ...view, serverNow: Date.now() }));
			}
			const unlisten = session.listen((events: readonly SessionEvent[]) => {
				const bytes = patchMessage(session, participantId, events);
				if (bytes) send(bytes);
			});
			const id = session.id;
			setPresence(id, participantId, 1);
			return () => {
				unlisten();
				setPresence(id, participantId, -1);
			};
		},
		signal
	);
}

/** Whole views are built a slice at a time between socket reads (view-queue.ts says why). */
const views = createViewQueue(4, (err) => log.error({ err }, 'a live view could not be sent'));

/**
 * Calls `push` after each change of the session, at once after a quiet spell and then at most
 * once per FACILITATOR_THROTTLE_MS, in the view queue's turn; returns the function that schedules
 * it and the one that cancels a pending call.
 */
function throttled(push: () => void): { schedule: () => void; cancel: () => void } {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let last = 0;
	const run = () => {
		last = Date.now();
		push();
	};
	return {
		schedule: () => {
			// A push already waiting for its turn will show this change too.
			if (timer || views.has(run)) return;
			const wait = Math.max(0, last + FACILITATOR_THROTTLE_MS - Date.now());
			timer = setTimeout(() => {
				timer = null;
				views.add(run);
			}, wait);
		},
		cancel: () => {
			if (timer) clearTimeout(timer);
			timer = null;
			views.delete(run);
		}
	};
}

/** The live stream of a facilitator (or a lead watching). */
export function facilitatorStream(
	session: LiveSession,
	since: number | null,
	signal: AbortSignal
): Response {
	return sse(
		'facilitator',
		(send) => {
			const push = () => {
				const view = facilitatorView(
					session.scenario,
					session.state,
					Date.now(),
					session.expectedMs
				);
				const online = onlineParticipants(session.id);
				const room = facilitatorRoom(session.scenario, session.state, renderMarkdown);
				send(
					facilitatorMessage('view', view.seq, { ...view, serverNow: Date.now(), online, room })
				);
			};
			if (since === null || since !== session.state.seq) push();
			const { schedule, cancel } = throttled(push);
			const unlisten = session.listen(schedule);
			// A trainee's stream opening or closing changes the console's "who is connected".
			const unwatch = watchPresence(session.id, schedule);
			return () => {
				unlisten();
				unwatch();
				cancel();
			};
		},
		signal
	);
}

/**
 * The live stream of the big screen (a projector staff put up in the room): the screen view,
 * throttled like the console's; a screen that reconnects with the position it has seen gets
 * nothing until something changes. Who is connected does not show there, so presence is not
 * watched.
 */
export function screenStream(
	session: LiveSession,
	since: number | null,
	signal: AbortSignal
): Response {
	return sse(
		'screen',
		(send) => {
			const push = () => {
				const view = screenView(session.scenario, session.state, Date.now(), session.expectedMs);
				send(
					encodeMessage<ScreenStreamEvents, 'view'>('view', view.seq, {
						...view,
						serverNow: Date.now()
					})
				);
			};
			if (since === null || since !== session.state.seq) push();
			const { schedule, cancel } = throttled(push);
			const unlisten = session.listen(schedule);
			return () => {
				unlisten();
				cancel();
			};
		},
		signal
	);
}
