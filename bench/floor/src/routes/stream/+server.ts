/**
 * The memory floor of an open event stream in SvelteKit: what the app's `sse()`
 * (src/lib/server/sessions/stream.ts) does with nothing of the app on top. A `ReadableStream`
 * body that adapter-node's `setResponse` pumps through a reader, the same headers and first
 * messages (bench/stream-view.ts), its controller kept until the client goes away (the request's
 * abort or the body's cancel), and keep-alive comments from one shared timer.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { HEARTBEAT_MS, PING, RETRY, STREAM_HEADERS, VIEW_MESSAGE } from '../../../../stream-view';

const encoder = new TextEncoder();
const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
const ping = encoder.encode(PING);
setInterval(() => {
	for (const controller of open) controller.enqueue(ping);
}, HEARTBEAT_MS).unref();

export const GET: RequestHandler = ({ request }) => {
	let opened: ReadableStreamDefaultController<Uint8Array> | null = null;
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			opened = controller;
			const close = () => {
				if (!open.delete(controller)) return;
				try {
					controller.close();
				} catch {
					// already closed by the client
				}
			};
			controller.enqueue(encoder.encode(RETRY));
			controller.enqueue(encoder.encode(VIEW_MESSAGE));
			open.add(controller);
			if (request.signal.aborted) close();
			else request.signal.addEventListener('abort', close, { once: true });
		},
		cancel() {
			if (opened) open.delete(opened);
		}
	});
	return new Response(stream, { headers: STREAM_HEADERS });
};
