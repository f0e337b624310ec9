import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from './scenario-check';

const encode = (text: string) => new TextEncoder().encode(text);
/** 80,000 unknown top-level keys: over a minute of schema-error locating on the main thread. */
const slowFile = () => encode(Array.from({ length: 80_000 }, (_, i) => `k${i}: v`).join('\n'));

describe('checkScenario (worker thread)', () => {
	it('loads a valid file off the main thread with the same result as the loader', async () => {
		const bytes = readFileSync('tests/fixtures/scenarios/valid/minimal.yaml');
		const result = await checkScenario(bytes, 'minimal.yaml');
		expect(result.errors).toEqual([]);
		expect(result.source?.id).toBe('minimal');
		expect(result.scenario?.injects.map((i) => i.id)).toContain('alert');
		expect(result.paths?.paths).toBeGreaterThan(0);
	}, 60_000);

	it('reports YAML errors with their line and column', async () => {
		const result = await checkScenario(encode('id: x\ntitle: [unclosed\n'), 'broken.yaml');
		expect(result.errors.length).toBeGreaterThan(0);
		// Where the unclosed [ opens.
		expect(result.errors[0]).toMatchObject({ file: 'broken.yaml', line: 2, column: 8 });
	}, 60_000);

	it('stops a check that exceeds its time limit, and the main thread keeps running', async () => {
		let ticks = 0;
		const ticker = setInterval(() => ticks++, 50);
		const started = Date.now();
		const result = await checkScenario(slowFile(), 'slow.yaml', 1500);
		const elapsed = Date.now() - started;
		clearInterval(ticker);
		expect(result.errors).toEqual([
			expect.objectContaining({ file: 'slow.yaml', line: 1, column: 1 })
		]);
		expect(result.errors[0].message).toMatch(/took longer than 1.5 s/);
		expect(result.scenario).toBeUndefined();
		// The worker's start-up under tsx counts towards the elapsed time, not the limit.
		expect(elapsed).toBeLessThan(30_000);
		// A blocked event loop would have ticked once or not at all.
		expect(ticks).toBeGreaterThan(10);
	}, 60_000);

	it('finishes several checks started together, each with its own result', async () => {
		const bytes = readFileSync('tests/fixtures/scenarios/valid/minimal.yaml');
		const results = await Promise.all(
			Array.from({ length: 4 }, (_, i) => checkScenario(bytes, `m${i}.yaml`))
		);
		expect(results.map((r) => r.errors.length)).toEqual([0, 0, 0, 0]);
		expect(results.map((r) => r.file)).toEqual(['m0.yaml', 'm1.yaml', 'm2.yaml', 'm3.yaml']);
	}, 90_000);
});
