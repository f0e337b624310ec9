/**
 * A minimal Server-Sent Events client for the load generator: thousands of streams from one
 * process, so it uses node:http directly (no EventSource polyfill) and parses messages
 * incrementally without decoding their JSON.
 */
import { request, type Agent } from 'node:http';

export interface SseMessage {
	event: string;
	id: string | null;
	data: string;
}

/** Splits an SSE byte stream into messages; comments and `retry:` lines are dropped. */
export class SseParser {
	private buffer = '';
	private event = '';
	private id: string | null = null;
	private data: string[] = [];

	/** Feeds a chunk of text; returns the messages it completed. */
	feed(chunk: string): SseMessage[] {
		this.buffer += chunk;
		const out: SseMessage[] = [];
		let start = 0;
		for (;;) {
			const end = this.buffer.indexOf('\n', start);
			if (end < 0) break;
			let line = this.buffer.slice(start, end);
			start = end + 1;
			if (line.endsWith('\r')) line = line.slice(0, -1);
			if (line === '') {
				if (this.data.length > 0) {
					out.push({ event: this.event || 'message', id: this.id, data: this.data.join('\n') });
				}
				this.event = '';
				this.data = [];
				continue;
			}
			if (line.startsWith(':')) continue;
			const colon = line.indexOf(':');
			const field = colon < 0 ? line : line.slice(0, colon);
			let value = colon < 0 ? '' : line.slice(colon + 1);
			if (value.startsWith(' ')) value = value.slice(1);
			if (field === 'event') this.event = value;
			else if (field === 'data') this.data.push(value);
			else if (field === 'id') this.id = value;
		}
		this.buffer = this.buffer.slice(start);
		return out;
	}
}

export interface SseStream {
	/** Resolves with the HTTP status once the response headers arrive. */
	status: Promise<number>;
	/** Resolves when the stream ends or fails, with the reason. */
	closed: Promise<string>;
	close(): void;
}

/** Opens `url` as an event stream and calls `onMessage` for every message. */
export function openStream(
	url: string,
	headers: Record<string, string>,
	agent: Agent,
	onMessage: (message: SseMessage) => void
): SseStream {
	let settleStatus: (status: number) => void = () => {};
	let settleClosed: (reason: string) => void = () => {};
	const status = new Promise<number>((resolve) => (settleStatus = resolve));
	const closed = new Promise<string>((resolve) => (settleClosed = resolve));
	const req = request(url, { agent, headers: { accept: 'text/event-stream', ...headers } });
	req.on('response', (res) => {
		settleStatus(res.statusCode ?? 0);
		const parser = new SseParser();
		res.setEncoding('utf8');
		res.on('data', (chunk: string) => {
			for (const message of parser.feed(chunk)) onMessage(message);
		});
		res.on('end', () => settleClosed('ended'));
		res.on('error', (e) => settleClosed(e.message));
	});
	req.on('error', (e) => {
		settleStatus(0);
		settleClosed(e.message);
	});
	req.end();
	return {
		status,
		closed,
		close: () => {
			req.destroy();
			settleClosed('closed');
		}
	};
}
