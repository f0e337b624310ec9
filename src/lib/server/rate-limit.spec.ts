import { describe, expect, it } from 'vitest';
import { createRateLimiter, tooManyAttemptsMessage } from './rate-limit';

function clock(start = 1_000_000) {
	let t = start;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('rate limiter', () => {
	it('allows `limit` attempts in the window, then says how long to wait', () => {
		const c = clock();
		const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: c.now });
		expect([1, 2, 3].map(() => limiter.check('a').ok)).toEqual([true, true, true]);
		c.advance(10_000);
		expect(limiter.check('a')).toEqual({ ok: false, retryAfterSeconds: 50 });
		expect(limiter.check('b').ok).toBe(true);
	});

	it('slides: the oldest attempt leaving the window frees one slot', () => {
		const c = clock();
		const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, now: c.now });
		limiter.check('a');
		c.advance(30_000);
		limiter.check('a');
		c.advance(29_999);
		expect(limiter.check('a').ok).toBe(false);
		c.advance(1);
		expect(limiter.check('a').ok).toBe(true);
		expect(limiter.check('a')).toEqual({ ok: false, retryAfterSeconds: 30 });
	});

	it('does not count refused attempts, so waiting out the window always works', () => {
		const c = clock();
		const limiter = createRateLimiter({ limit: 1, windowMs: 1000, now: c.now });
		limiter.check('a');
		for (let i = 0; i < 50; i++) limiter.check('a');
		c.advance(1000);
		expect(limiter.check('a').ok).toBe(true);
	});

	it('release takes back the latest attempt and reset forgets the key', () => {
		const c = clock();
		const limiter = createRateLimiter({ limit: 1, windowMs: 1000, now: c.now });
		limiter.check('a');
		limiter.release('a');
		expect(limiter.check('a').ok).toBe(true);
		limiter.reset('a');
		expect(limiter.check('a').ok).toBe(true);
		expect(limiter.check('a').ok).toBe(false);
	});

	it('keeps memory bounded by forgetting the least recently used keys', () => {
		const c = clock();
		const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 100, now: c.now });
		limiter.check('hot');
		for (let i = 0; i < 1000; i++) {
			limiter.check(`key-${i}`);
			if (i % 10 === 0) limiter.check('hot');
		}
		expect(limiter.size).toBeLessThanOrEqual(100);
		// 'hot' stayed recently used, so it is still limited.
		expect(limiter.check('hot').ok).toBe(false);
	});

	it('drops expired keys before recently used live ones', () => {
		const c = clock();
		const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 3, now: c.now });
		limiter.check('live');
		c.advance(500);
		limiter.check('old-1');
		c.advance(600); // 'live' has expired, 'old-1' has not
		limiter.check('new-1');
		limiter.check('new-2');
		expect(limiter.size).toBe(3);
		expect(limiter.check('old-1').ok).toBe(false);
	});

	it('words the wait for people', () => {
		expect(tooManyAttemptsMessage(1)).toBe(
			'Too many attempts. Please wait 1 second and try again.'
		);
		expect(tooManyAttemptsMessage(61)).toBe(
			'Too many attempts. Please wait 2 minutes and try again.'
		);
	});
});
