/**
 * The team room's live state: the trainee's view, kept current by the same stream and the same
 * patching as the play page's TraineeLive (live-updates.ts), without what only the feed needs
 * (new marks, announcements, answer keys). A class of its own, not TraineeLive, because a module
 * both pages import would be split out of the play page's first load into a chunk of its own,
 * and that load's budget (bench/bundle.ts) has no room left for the split.
 */
import type { TraineeView } from '#lib/engine/session/trainee-view.js';
import type { LiveConnection, TraineeStreamEvents } from '#lib/live/messages.js';
import type { LiveStream } from '#lib/live/stream.svelte.js';

export class RoomLive {
	view: TraineeView;
	private stream: LiveStream<TraineeStreamEvents> | null = $state(null);

	constructor(view: TraineeView) {
		this.view = $state.raw(view);
	}

	/** A page load produced a view: take it unless the stream already brought a newer one. */
	fromServer(view: TraineeView): void {
		if (view.seq >= this.view.seq) this.view = view;
	}

	/** Follows the trainee stream at `url` until the returned function is called. */
	connect(url: string): () => void {
		let stop: (() => void) | null = null;
		let stopped = false;
		let retry: ReturnType<typeof setTimeout> | undefined;
		// As on the play page: when the code fails to load (a network blip), try again later.
		const attempt = (n: number): void => {
			import('./live-updates').then(
				(u) => {
					if (stopped) return;
					this.stream = u.followTrainee(
						url,
						() => this.view,
						(next) => (this.view = next)
					);
					stop = this.stream.connect();
				},
				() => {
					if (!stopped) retry = setTimeout(() => attempt(n + 1), Math.min(30_000, 2000 * 2 ** n));
				}
			);
		};
		attempt(0);
		return () => {
			stopped = true;
			clearTimeout(retry);
			stop?.();
		};
	}

	/** Whether live updates arrive. */
	get connection(): LiveConnection {
		return this.stream?.connection ?? 'connecting';
	}
}
