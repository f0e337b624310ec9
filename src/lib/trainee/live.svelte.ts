/**
 * The trainee page's live state: the view (from the page load, then from the stream), the
 * offset between the server's clock and this browser's, the connection state, which injects
 * (scripted or improvised) are new to this trainee, and what to announce to screen readers.
 */
import type { TraineeView } from '#lib/engine/session/trainee-view.js';
import type { LiveConnection, TraineeStreamEvents } from '#lib/live/messages.js';
import type { LiveStream } from '#lib/live/stream.svelte.js';
import { KeyRing } from './keys';
import type * as Updates from './live-updates';
import type { RoomCounts } from './room';
import { loadSeen, noIds, saveSeen, withIds, withoutId } from './seen';

const MAX_ANNOUNCEMENTS = 5;

export interface Announcement {
	id: number;
	text: string;
}

export class TraineeLive {
	view: TraineeView;
	/** Server clock minus this browser's clock, in ms, measured at the last message. */
	offset = $state(0);
	private stream: LiveStream<TraineeStreamEvents> | null = $state(null);
	/** Injects that arrived (or were never seen) and that the trainee has not looked at yet. */
	unseen: ReadonlySet<string> = $state.raw(noIds());
	announcements: Announcement[] = $state.raw([]);
	/** The team room link's counts, once the live code has loaded (they need localStorage). */
	roomCounts: RoomCounts | null = $state.raw(null);
	private keys: KeyRing;
	private keysVersion = $state(0);
	private seen: ReadonlySet<string> = noIds();
	private storage: Storage | null = null;
	private announced = 0;
	private updates: typeof Updates | null = null;

	constructor(view: TraineeView, serverNow: number, keys: Record<string, string> = {}) {
		this.view = $state.raw(view);
		this.offset = serverNow - Date.now();
		this.keys = new KeyRing(keys);
	}

	/** A page load produced a view: take it unless the stream already brought a newer one. */
	fromServer(view: TraineeView, serverNow: number, keys: Record<string, string>): void {
		this.keys.add(keys);
		this.keysVersion++;
		if (view === this.view || view.seq < this.view.seq) return;
		this.take(view, serverNow);
	}

	/** The idempotency key the next answer to this decision is sent with. */
	keyFor(injectId: string, decisionId: string): string {
		void this.keysVersion;
		return this.keys.get(`${injectId}/${decisionId}`);
	}

	/** After an answer was recorded, the next one is a new answer, not a repeat. */
	renewKey(injectId: string, decisionId: string): void {
		this.keys.renew(`${injectId}/${decisionId}`);
		this.keysVersion++;
	}

	/** Starts tracking what is new, from what this browser remembers having shown. */
	trackSeen(storage: Storage | null): void {
		this.seen = loadSeen(storage, this.view.sessionId, this.view.me.id);
		// Improvised injects are cards of the feed too (feed.ts), new until looked at.
		const ids = [...this.view.injects, ...this.view.room.improvised].map((i) => i.id);
		this.unseen = withIds(
			this.unseen,
			ids.filter((id) => !this.seen.has(id))
		);
		this.storage = storage;
	}

	/** The trainee has looked at this inject. */
	markSeen(injectId: string): void {
		if (!this.unseen.has(injectId)) return;
		this.unseen = withoutId(this.unseen, injectId);
		this.seen = withIds(this.seen, [injectId]);
		saveSeen(this.storage, this.view.sessionId, this.view.me.id, this.seen);
	}

	private take(next: TraineeView, serverNow: number): void {
		const before = this.view;
		this.offset = serverNow - Date.now();
		this.view = next;
		// What changed is told by code that loads with the stream; a page load that comes before it
		// (hardly ever) only replaces the view.
		const news = this.updates?.news(before, next);
		if (!news) return;
		if (news.added.length > 0) this.unseen = withIds(this.unseen, news.added);
		for (const text of news.said) this.announce(text);
		this.countRoom();
	}

	private countRoom(): void {
		if (this.updates) this.roomCounts = this.updates.roomCounts(this.view, this.storage);
	}

	private announce(text: string): void {
		const list = [...this.announcements, { id: ++this.announced, text }];
		this.announcements = list.slice(-MAX_ANNOUNCEMENTS);
	}

	/**
	 * Follows the trainee stream at `url` until the returned function is called. The stream's code
	 * loads once the page is up (live-updates.ts): nothing of it is needed to show the page.
	 */
	connect(url: string): () => void {
		let stop: (() => void) | null = null;
		let stopped = false;
		let retry: ReturnType<typeof setTimeout> | null = null;
		const start = (u: typeof Updates) => {
			if (stopped) return;
			this.updates = u;
			this.countRoom();
			this.stream = u.followTrainee(
				url,
				() => this.view,
				(next, serverNow) => {
					if (next === this.view) this.offset = serverNow - Date.now();
					else this.take(next, serverNow);
				},
				(next, was) => {
					if (next === 'live' && (was === 'reconnecting' || was === 'offline'))
						this.announce('Back online.');
					if (next === 'offline') this.announce('Connection lost. Trying to reconnect.');
				}
			);
			stop = this.stream.connect();
		};
		// The code may fail to load (the network dropped just after the page came): try again,
		// waiting longer each time, as the stream itself does.
		const load = (attempt: number) => {
			import('./live-updates').then(start, () => {
				if (!stopped)
					retry = setTimeout(() => load(attempt + 1), Math.min(30_000, 2000 * 2 ** attempt));
			});
		};
		load(0);
		return () => {
			stopped = true;
			if (retry) clearTimeout(retry);
			stop?.();
		};
	}

	/** Whether live updates arrive. */
	get connection(): LiveConnection {
		return this.stream?.connection ?? 'connecting';
	}
}
