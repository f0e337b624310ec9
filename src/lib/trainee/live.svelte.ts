/**
 * The trainee page's live state: the view (from the page load, then from the stream), the
 * offset between the server's clock and this browser's, the connection state, which injects
 * are new to this trainee, and what to announce to screen readers.
 */
import type { TraineeView } from '#lib/engine/session/trainee-view.js';
import { KeyRing } from './keys';
import {
	addedInjects,
	applyPatch,
	withoutServerNow,
	type PatchMessage,
	type ViewMessage
} from './patch';
import { loadSeen, noIds, saveSeen, withIds, withoutId } from './seen';

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Waits before opening a new stream after the browser gave up on one (doubling, capped). */
const RETRY_MS = { first: 3_000, max: 30_000 } as const;
const MAX_ANNOUNCEMENTS = 5;

export interface Announcement {
	id: number;
	text: string;
}

export class TraineeLive {
	view: TraineeView;
	/** Server clock minus this browser's clock, in ms, measured at the last message. */
	offset = $state(0);
	connection = $state<Connection>('connecting');
	/** Injects that arrived (or were never seen) and that the trainee has not looked at yet. */
	unseen: ReadonlySet<string> = $state.raw(noIds());
	announcements: Announcement[] = $state.raw([]);
	private keys: KeyRing;
	private keysVersion = $state(0);
	private seen: ReadonlySet<string> = noIds();
	private storage: Storage | null = null;
	private announced = 0;

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
		const ids = this.view.injects.map((i) => i.id);
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

	/** Applies a `view` message. */
	receiveView(message: ViewMessage): void {
		this.take(withoutServerNow(message) as TraineeView, message.serverNow);
	}

	/** Applies a `patch` message. */
	receivePatch(message: PatchMessage): void {
		const next = applyPatch(this.view, message);
		this.offset = message.serverNow - Date.now();
		if (next !== this.view) this.take(next, message.serverNow);
	}

	private take(next: TraineeView, serverNow: number): void {
		const before = this.view;
		this.offset = serverNow - Date.now();
		this.view = next;
		const added = addedInjects(before, next);
		if (added.length > 0) {
			this.unseen = withIds(
				this.unseen,
				added.map((i) => i.id)
			);
			for (const inject of added) this.announce(`New inject: ${inject.title} (${inject.channel})`);
		}
		if (before.status !== next.status) this.announce(statusSentence(next));
		if (!before.revealed && next.revealed) this.announce('The facilitator revealed the answers.');
		if (!before.team.ending && next.team.ending)
			this.announce(`Your team reached an ending: ${next.team.ending.title}`);
	}

	private announce(text: string): void {
		const list = [...this.announcements, { id: ++this.announced, text }];
		this.announcements = list.slice(-MAX_ANNOUNCEMENTS);
	}

	/**
	 * Follows the trainee stream at `url` until the returned function is called. EventSource
	 * reconnects by itself (sending Last-Event-ID); when it gives up (the server refused or went
	 * away), a new one is opened after a growing pause.
	 */
	connect(url: string): () => void {
		let source: EventSource | null = null;
		let retry: ReturnType<typeof setTimeout> | null = null;
		let wait: number = RETRY_MS.first;
		let stopped = false;
		const open = () => {
			retry = null;
			const since = encodeURIComponent(String(this.view.seq));
			const es = new EventSource(`${url}?lastEventId=${since}`);
			source = es;
			es.addEventListener('open', () => {
				wait = RETRY_MS.first;
				this.setConnection('live');
			});
			es.addEventListener('view', (e) => this.receiveView(JSON.parse((e as MessageEvent).data)));
			es.addEventListener('patch', (e) => this.receivePatch(JSON.parse((e as MessageEvent).data)));
			es.addEventListener('error', () => {
				if (stopped) return;
				if (es.readyState === EventSource.CLOSED) {
					es.close();
					this.setConnection('offline');
					retry = setTimeout(open, wait);
					wait = Math.min(wait * 2, RETRY_MS.max);
				} else {
					this.setConnection(navigator.onLine === false ? 'offline' : 'reconnecting');
				}
			});
		};
		const offline = () => this.setConnection('offline');
		const online = () => {
			if (source?.readyState === EventSource.OPEN) this.setConnection('live');
			else this.setConnection('reconnecting');
		};
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

	private setConnection(next: Connection): void {
		if (next === this.connection) return;
		const was = this.connection;
		this.connection = next;
		if (next === 'live' && (was === 'reconnecting' || was === 'offline'))
			this.announce('Back online.');
		if (next === 'offline') this.announce('Connection lost. Trying to reconnect.');
	}
}

/** A sentence describing the session's status, for people and screen readers. */
function statusSentence(view: TraineeView): string {
	switch (view.status) {
		case 'lobby':
			return 'Waiting for the facilitator to start.';
		case 'running':
			return 'The exercise is running.';
		case 'paused':
			return 'The facilitator paused the exercise; the clock is stopped.';
		case 'ended':
			return 'The exercise has ended.';
	}
}
