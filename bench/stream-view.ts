/**
 * What the memory floors' event streams send (bench/baseline.ts's and bench/floor's
 * `GET /stream`): the app's headers, `retry:`, one `event: view` message the size of a trainee's
 * first view in the main phase, then a keep-alive comment every 20 s from one shared timer, as
 * src/lib/server/sessions/stream.ts does. The first view there (the first inject released) was
 * 4.0 to 4.3 KB of JSON across the three roles (measured with openStream on a started session).
 */
export const STREAM_HEADERS = {
	'content-type': 'text/event-stream; charset=utf-8',
	'cache-control': 'no-cache, no-transform',
	connection: 'keep-alive',
	'x-accel-buffering': 'no'
};

export const RETRY = 'retry: 2000\n\n';
export const PING = ': ping\n\n';
export const HEARTBEAT_MS = 20_000;
/** The `data:` of the first view, in bytes. */
export const VIEW_BYTES = 4096;

/**
 * An `event: view` message whose `data:` is a JSON object of exactly `bytes` bytes shaped like a
 * trainee's view (a session, a team, an inject with a body padded to the size).
 */
export function viewMessage(bytes: number): string {
	const view = {
		seq: 3,
		session: { id: 's0123456789abcdef', title: 'Bench 1', status: 'running', speed: 0.1 },
		participant: {
			id: 'p0123456789abcdef',
			name: 'Trainee 1',
			team: 'Team 1',
			role: 'soc-analyst'
		},
		injects: [{ id: 'month-end-briefing', title: 'Month-end briefing', body: '' }],
		serverNow: 1_700_000_000_000
	};
	const pad = bytes - Buffer.byteLength(JSON.stringify(view));
	if (pad < 0) throw new Error(`a view is at least ${bytes - pad} bytes`);
	view.injects[0].body = 'x'.repeat(pad);
	return `event: view\nid: ${view.seq}\ndata: ${JSON.stringify(view)}\n\n`;
}

export const VIEW_MESSAGE = viewMessage(VIEW_BYTES);
