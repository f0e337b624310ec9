import { describe, expect, it, vi } from 'vitest';
import type { WriteFailure } from './metrics';
import { FAILURE_HOLD_MS, PROBE_EVERY_MS, readinessCheck } from './readiness';

function setUp() {
	let now = 1_000_000;
	let failure: WriteFailure | null = null;
	let probeError: Error | null = null;
	const probe = vi.fn(async () => {
		if (probeError) throw probeError;
	});
	const check = readinessCheck({ probe, writeFailure: () => failure, now: () => now });
	return {
		check,
		probe,
		advance: (ms: number) => (now += ms),
		failWrites: () => (failure = { code: 'EISDIR', since: now, last: now }),
		writesWork: () => (failure = null),
		breakFolder: (code: string | null) =>
			(probeError = code ? Object.assign(new Error(`${code}: /data/x`), { code }) : null)
	};
}

describe('readiness', () => {
	it('is ready while the probe writes and session writes work', async () => {
		const { check } = setUp();
		expect(await check()).toEqual({ ready: true });
	});

	it('probes at most once per interval, whatever the number of callers', async () => {
		const { check, probe, advance } = setUp();
		await Promise.all([check(), check(), check()]);
		advance(PROBE_EVERY_MS - 1);
		await check();
		expect(probe).toHaveBeenCalledTimes(1);
		advance(1);
		await check();
		expect(probe).toHaveBeenCalledTimes(2);
	});

	it('is not ready while the data folder refuses writes, naming the error code only', async () => {
		const { check, advance, breakFolder } = setUp();
		breakFolder('ENOSPC');
		const state = await check();
		expect(state).toEqual({ ready: false, reason: 'the data folder refuses writes (ENOSPC)' });
		breakFolder(null);
		// Cached until the next probe is due.
		expect((await check()).ready).toBe(false);
		advance(PROBE_EVERY_MS);
		expect(await check()).toEqual({ ready: true });
	});

	it('is not ready while the last session write failed, though the probe writes', async () => {
		const { check, advance, failWrites, writesWork } = setUp();
		failWrites();
		const state = await check();
		expect(state.ready).toBe(false);
		expect(!state.ready && state.reason).toMatch(/^session writes fail \(EISDIR\) since .*Z; /);
		advance(PROBE_EVERY_MS);
		expect((await check()).ready).toBe(false);
		writesWork();
		expect(await check()).toEqual({ ready: true });
	});

	it('counts a probe as writes working again once no session write failed for a while', async () => {
		const { check, advance, failWrites } = setUp();
		failWrites();
		advance(FAILURE_HOLD_MS - 1);
		expect((await check()).ready).toBe(false);
		// The next probe starts after the hold: nobody may be sending answers to an unready server.
		advance(PROBE_EVERY_MS);
		expect(await check()).toEqual({ ready: true });
		// A new failure holds again.
		failWrites();
		expect((await check()).ready).toBe(false);
	});
});
