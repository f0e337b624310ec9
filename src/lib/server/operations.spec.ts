import { describe, expect, it } from 'vitest';
import { metricsAccess } from './operations';

const TOKEN = 'a-long-metrics-token-0123';

function ask(headers: Record<string, string> = {}, address = '127.0.0.1', token?: string) {
	return metricsAccess(new Request('http://x.test/metrics', { headers }), () => address, token);
}

describe('who may read /metrics', () => {
	it('without a token: this machine only, not through a proxy', () => {
		for (const local of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
			expect(ask({}, local), local).toBe('ok');
		for (const remote of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', '1127.0.0.1'])
			expect(ask({}, remote), remote).toBe(403);
		for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip'])
			expect(ask({ [header]: '203.0.113.9' }), header).toBe(403);
		// A Bearer token is no way in when none is configured.
		expect(ask({ authorization: `Bearer ${TOKEN}` }, '10.0.0.5')).toBe(403);
	});

	it('refuses when the client address cannot be told', () => {
		const unknown = metricsAccess(
			new Request('http://x.test/metrics'),
			() => {
				throw new Error('Address header was specified with ADDRESS_HEADER but is absent');
			},
			undefined
		);
		expect(unknown).toBe(403);
	});

	it('with a token: whoever sends it, from anywhere; nobody else, this machine included', () => {
		expect(ask({ authorization: `Bearer ${TOKEN}` }, '10.0.0.5', TOKEN)).toBe('ok');
		expect(
			ask({ authorization: `bearer ${TOKEN}`, 'x-forwarded-for': '1.2.3.4' }, '127.0.0.1', TOKEN)
		).toBe('ok');
		expect(ask({}, '127.0.0.1', TOKEN)).toBe(401);
		expect(ask({ authorization: `Bearer ${TOKEN}x` }, '127.0.0.1', TOKEN)).toBe(401);
		expect(ask({ authorization: TOKEN }, '127.0.0.1', TOKEN)).toBe(401);
		expect(ask({ authorization: 'Bearer ' }, '127.0.0.1', TOKEN)).toBe(401);
	});
});
