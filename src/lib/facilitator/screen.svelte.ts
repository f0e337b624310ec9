/**
 * The live state of the big screen in the browser: the latest ScreenView (from the page load or
 * the SSE stream, whichever is newer), the scenario clock ticking between two views from the
 * view's clock and the server-time offset (as the console's), and the state of the connection.
 */
import { scenarioTime } from '#lib/engine/session/clock.js';
import type { ScreenView } from '#lib/engine/session/screen-view.js';
import type { LiveConnection, ScreenStreamEvents } from '#lib/live/messages.js';
import { LiveStream } from '#lib/live/stream.svelte.js';
import { clockOffset } from './live';

/** How often the clock on screen moves. */
const TICK_MS = 500;

export class ScreenLive {
	view = $state.raw() as ScreenView;
	private offset = $state(0);
	private now = $state(0);
	private stream: LiveStream<ScreenStreamEvents> | null = $state(null);
	private stop: (() => void) | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;

	constructor(view: ScreenView, serverNow: number) {
		this.view = view;
		// Until the browser runs, "now" is the server's: the first render matches the server's.
		this.now = serverNow;
	}

	/** Scenario time now, moving while the clock runs. */
	readonly scenarioMs = $derived(scenarioTime(this.view.clock, this.now + this.offset));

	/** Takes a view from the page load or the stream unless a newer one is already shown. */
	accept(view: ScreenView, serverNow: number): void {
		if (view.sessionId === this.view.sessionId && view.seq < this.view.seq) return;
		this.offset = clockOffset(serverNow, Date.now());
		this.view = view;
	}

	/** Whether live updates arrive. */
	get connection(): LiveConnection {
		return this.stream?.connection ?? 'connecting';
	}

	/** Opens the stream and starts the clock; returns the function that stops both. */
	connect(url: string): () => void {
		this.now = Date.now();
		this.timer = setInterval(() => (this.now = Date.now()), TICK_MS);
		this.stream = new LiveStream<ScreenStreamEvents>({
			url: () => `${url}?lastEventId=${encodeURIComponent(String(this.view.seq))}`,
			on: { view: ({ serverNow, ...view }) => this.accept(view, serverNow) }
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
