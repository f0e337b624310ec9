/**
 * The trainee page's live state: the view (from the page load, then from the stream), the
 * offset between the server's clock and this browser's, the connection state, which injects
 * are new to this trainee, and what to announce to screen readers.
 */
import type { TraineeView } from '#lib/engine/session/trainee-view.js';
import type { LiveConnection, TraineeStreamEvents } from '#lib/live/messages.js';
import { LiveStream } from '#lib/live/stream.svelte.js';
import { KeyRing } from './keys';
import {
	addedInjects,
	applyPatch,
	withoutServerNow,
	type PatchMessage,
	type ViewMessage
} from './patch';
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
		for (const inject of next.injects) {
			const was = before.injects.find((i) => i.id === inject.id);
			for (const d of inject.decisions)
				if (d.status === 'expired' && was?.decisions.find((x) => x.id === d.id)?.status === 'open')
					this.announce(`The deadline passed: ${inject.title}.`);
		}
		if (before.status !== next.status) this.announce(statusSentence(next));
		if (!before.revealed && next.revealed) this.announce('The facilitator revealed the answers.');
		if (!before.team.ending && next.team.ending)
			this.announce(
				next.team.ending.outcome === 'ended-early'
					? `The exercise ended before your team reached an outcome`
					: `Your team reached an ending: ${next.team.ending.title}`
			);
	}

	private announce(text: string): void {
		const list = [...this.announcements, { id: ++this.announced, text }];
		this.announcements = list.slice(-MAX_ANNOUNCEMENTS);
	}

	/** Follows the trainee stream at `url` until the returned function is called. */
	connect(url: string): () => void {
		this.stream = new LiveStream<TraineeStreamEvents>({
			url: () => `${url}?lastEventId=${encodeURIComponent(String(this.view.seq))}`,
			on: { view: (m) => this.receiveView(m), patch: (m) => this.receivePatch(m) },
			onConnection: (next, was) => {
				if (next === 'live' && (was === 'reconnecting' || was === 'offline'))
					this.announce('Back online.');
				if (next === 'offline') this.announce('Connection lost. Trying to reconnect.');
			}
		});
		return this.stream.connect();
	}

	/** Whether live updates arrive. */
	get connection(): LiveConnection {
		return this.stream?.connection ?? 'connecting';
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
