import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SSE parser', () => {
	it('reads events split across chunks, with ids, and drops comments and retry lines', () => {
		const p = new SseParser();
		expect(p.feed('retry: 2000\n\nevent: vi')).toEqual([]);
		expect(p.feed('ew\nid: 8\ndata: {"a":1}\n')).toEqual([]);
		expect(p.feed('\n: ping\n\nevent: patch\nid: 9\ndata: {"b"')).toEqual([
			{ event: 'view', id: '8', data: '{"a":1}' }
		]);
		expect(p.feed(':2}\n\n')).toEqual([{ event: 'patch', id: '9', data: '{"b":2}' }]);
	});

	it('joins multi-line data and accepts CRLF line ends', () => {
		const p = new SseParser();
		expect(p.feed('data: one\r\ndata: two\r\n\r\ndata:three\n\n')).toEqual([
			{ event: 'message', id: null, data: 'one\ntwo' },
			{ event: 'message', id: null, data: 'three' }
		]);
	});
});
