/**
 * The live state of the facilitator console in the browser: the latest FacilitatorView (from the
 * page load or the SSE stream, whichever is newer), a ticking scenario clock computed from the
 * view's clock and the server-time offset, and the state of the connection.
 */
import type { FacilitatorView } from '#lib/engine/session/facilitator-view.js';
import type { FacilitatorRoom } from '#lib/engine/session/room-view.js';
import type { FacilitatorStreamEvents, LiveConnection } from '#lib/live/messages.js';
import { LiveStream } from '#lib/live/stream.svelte.js';
import { clockOffset, progressAt, scenarioNow } from './live';

/** How often the clock on screen moves. */
const TICK_MS = 500;

export class FacilitatorConsole {
	view = $state.raw() as FacilitatorView;
	private offset = $state(0);
	private now = $state(0);
	private stream: LiveStream<FacilitatorStreamEvents> | null = $state(null);
	/** Chat, RFIs, improvised injects, records, feedback and hot wash (issue 13). */
	room = $state.raw() as FacilitatorRoom;
	/** Participant ids with a live connection, as the server last said (null: not known). */
	online: readonly string[] | null = $state.raw(null);
	private stop: (() => void) | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;
	/** The scenario's longest path (ms), for the progress figures. */
	private expectedMs = 0;
	constructor(
		view: FacilitatorView,
		serverNow: number,
		expectedMs: number,
		online: readonly string[] | null = null,
		room: FacilitatorRoom
	) {
		this.view = view;
		this.room = room;
		this.online = online ? [...online] : null;
		this.expectedMs = expectedMs;
		// Until the browser runs, "now" is the server's: the first render matches the server's.
		this.now = serverNow;
	}

	/** Scenario time now, moving while the clock runs. */
	readonly scenarioMs = $derived(scenarioNow(this.view, this.now, this.offset));

	readonly progress = $derived(progressAt(this.view, this.scenarioMs, this.expectedMs));

	/** The server's wall-clock time now (ms), moving with the clock on screen. */
	readonly serverNow = $derived(this.now + this.offset);

	/** Takes a view from the page load or the stream unless a newer one is already shown. */
	accept(
		view: FacilitatorView,
		serverNow: number,
		online?: readonly string[] | null,
		room?: FacilitatorRoom
	): void {
		if (view.sessionId === this.view.sessionId && view.seq < this.view.seq) return;
		this.offset = clockOffset(serverNow, Date.now());
		this.view = view;
		if (online) this.online = [...online];
		if (room) this.room = room;
	}

	/** Whether live updates arrive. */
	get connection(): LiveConnection {
		return this.stream?.connection ?? 'connecting';
	}

	/** Opens the stream and starts the clock; returns the function that stops both. */
	connect(url: string): () => void {
		this.now = Date.now();
		this.timer = setInterval(() => (this.now = Date.now()), TICK_MS);
		this.stream = new LiveStream<FacilitatorStreamEvents>({
			url: () => `${url}?lastEventId=${encodeURIComponent(String(this.view.seq))}`,
			on: {
				view: ({ serverNow, online, room, ...view }) => this.accept(view, serverNow, online, room)
			}
		});
		this.stop = this.stream.connect();
		return () => this.close();
	}

	close(): void {
		this.stop?.();
		this.stop = null;
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
	}
}
