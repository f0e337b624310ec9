/**
 * The browser's side of a live stream: an EventSource with typed handlers, the connection state
 * the indicator shows, and reconnection. EventSource reconnects by itself after a dropped
 * connection (sending Last-Event-ID); when it gives up (the server refused or went away) a new
 * one is opened after a growing pause, from the position the page last saw.
 */
import type { LiveConnection } from './messages';

/** Waits before opening a new stream after the browser gave up on one (doubling, capped). */
const RETRY_MS = { first: 3_000, max: 30_000 } as const;

export type Handlers<Events> = { [K in keyof Events]: (data: Events[K]) => void };

export interface LiveStreamOptions<Events> {
	/** The stream's URL for a new connection, given the log position the page has seen. */
	url: () => string;
	on: Handlers<Events>;
	/** Called when the connection state changes, with the state before. */
	onConnection?: (next: LiveConnection, was: LiveConnection) => void;
}

export class LiveStream<Events> {
	connection = $state<LiveConnection>('connecting');

	constructor(private readonly options: LiveStreamOptions<Events>) {}

	/** Follows the stream until the returned function is called. */
	connect(): () => void {
		let source: EventSource | null = null;
		let retry: ReturnType<typeof setTimeout> | null = null;
		let wait: number = RETRY_MS.first;
		let stopped = false;
		const open = () => {
			retry = null;
			const es = new EventSource(this.options.url());
			source = es;
			es.addEventListener('open', () => {
				wait = RETRY_MS.first;
				this.set('live');
			});
			for (const [event, handle] of Object.entries(this.options.on)) {
				es.addEventListener(event, (e) => {
					(handle as (data: unknown) => void)(JSON.parse((e as MessageEvent<string>).data));
					this.set('live');
				});
			}
			es.addEventListener('error', () => {
				if (stopped) return;
				if (es.readyState === EventSource.CLOSED) {
					es.close();
					this.set('offline');
					retry = setTimeout(open, wait);
					wait = Math.min(wait * 2, RETRY_MS.max);
				} else {
					this.set(navigator.onLine === false ? 'offline' : 'reconnecting');
				}
			});
		};
		const offline = () => this.set('offline');
		const online = () =>
			this.set(source?.readyState === EventSource.OPEN ? 'live' : 'reconnecting');
		window.addEventListener('offline', offline);
		window.addEventListener('online', online);
		open();
		return () => {
			stopped = true;
			source?.close();
			if (retry) clearTimeout(retry);
			window.removeEventListener('offline', offline);
			window.removeEventListener('online', online);
		};
	}

	private set(next: LiveConnection): void {
		if (next === this.connection) return;
		const was = this.connection;
		this.connection = next;
		this.options.onConnection?.(next, was);
	}
}
