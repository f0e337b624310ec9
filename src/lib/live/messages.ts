/**
 * Every message of the live streams (Server-Sent Events), by stream: the event name and its
 * payload. The server writes them with `encodeMessage` and the browser reads them with
 * `LiveStream`, both typed by these maps, so a message cannot change shape on one side only.
 * Each message's id is the session's log position.
 */
import type { FacilitatorView } from '#lib/engine/session/facilitator-view.js';
import type { FacilitatorRoom } from '#lib/engine/session/room-view.js';
import type { ScreenView } from '#lib/engine/session/screen-view.js';
import type { TraineePatch } from '#lib/engine/session/trainee-patch.js';
import type { TraineeView } from '#lib/engine/session/trainee-view.js';

/** A payload with the server's clock, from which the browser keeps its offset. */
export type Stamped<T> = T & { serverNow: number };

/** The trainee stream: the whole view on connect (or after a gap), then patches. */
export interface TraineeStreamEvents {
	view: Stamped<TraineeView>;
	patch: Stamped<TraineePatch>;
}

/**
 * The facilitator stream: the whole console view, throttled, with the participant ids that have
 * a live stream open (`online`) when the server knows them, and the room (chat, RFIs...).
 */
export interface FacilitatorStreamEvents {
	view: Stamped<FacilitatorView> & { online?: string[]; room?: FacilitatorRoom };
}

/**
 * The big screen's stream (a projector in the room): the whole screen view, throttled as the
 * console's. It carries nothing of the answer key before the reveal (see screen-view.ts).
 */
export interface ScreenStreamEvents {
	view: Stamped<ScreenView>;
}

/** Whether live updates arrive, as the connection indicator shows it. */
export type LiveConnection = 'connecting' | 'live' | 'reconnecting' | 'offline';

const encoder = new TextEncoder();

/** The bytes of one Server-Sent Event of the stream described by `Events`. */
export function encodeMessage<Events, K extends keyof Events & string>(
	event: K,
	id: number,
	data: Events[K]
): Uint8Array {
	return encoder.encode(`event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
}
