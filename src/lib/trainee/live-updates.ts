/**
 * What the trainee's live stores (live.svelte.ts, room-live.svelte.ts) need once the page is up,
 * loaded then by a dynamic import: following the stream and applying its messages, telling what
 * changed, and the room link's counts. None of it is needed to show a page, and the play page's
 * first load is on a budget (bench/bundle.ts).
 */
import type { TraineeView } from '#lib/engine/session/trainee-view.js';
import type { LiveConnection, TraineeStreamEvents } from '#lib/live/messages.js';
import { LiveStream } from '#lib/live/stream.svelte.js';
import { applyPatch, withoutServerNow } from './patch';

export { news } from './news';
export { roomCounts } from './room';

/**
 * Follows the trainee stream at `url` from the view `current()` holds: a `view` message replaces
 * it, a `patch` applies to it (patch.ts). `take` gets the view after each message with the
 * server's clock: the same object when the patch was not newer.
 */
export function followTrainee(
	url: string,
	current: () => TraineeView,
	take: (next: TraineeView, serverNow: number) => void,
	onConnection?: (next: LiveConnection, was: LiveConnection) => void
): LiveStream<TraineeStreamEvents> {
	return new LiveStream<TraineeStreamEvents>({
		url: () => `${url}?lastEventId=${encodeURIComponent(String(current().seq))}`,
		on: {
			view: (m) => take(withoutServerNow(m) as TraineeView, m.serverNow),
			patch: (m) => take(applyPatch(current(), m), m.serverNow)
		},
		onConnection
	});
}
