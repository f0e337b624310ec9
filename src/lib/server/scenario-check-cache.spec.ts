import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario } from '#lib/engine/scenario/load.js';
import { ScenarioCheckCache } from './scenario-check-cache';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-check-cache-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

const bundled = readFileSync('scenarios/ransomware-file-server.yaml');
const NAME = 'ransomware-file-server.yaml';
/** Checked once: the path explorer takes most of a second on this file. */
const checked = loadScenario(bundled, NAME);

describe('scenario check cache', () => {
	it('gives back the checked scenario, answer key and path report for the same bytes and build', async () => {
		const result = checked;
		await new ScenarioCheckCache(dir, 'build-1').put(bundled, NAME, result);
		// A later start of the same build: a new cache object on the same folder.
		const again = await new ScenarioCheckCache(dir, 'build-1').get(bundled, NAME);
		expect(again).not.toBeNull();
		expect(again!.errors).toEqual(result.errors);
		expect(again!.warnings).toEqual(result.warnings);
		expect(again!.paths).toEqual(result.paths);
		expect(again!.scenario!.id).toBe(result.scenario!.id);
		expect(again!.scenario!.injects.map((i) => i.id)).toEqual(
			result.scenario!.injects.map((i) => i.id)
		);
		expect(again!.source).toEqual(result.source);
	});

	it('misses for changed bytes, another file name or another build', async () => {
		const cache = new ScenarioCheckCache(dir, 'build-1');
		await cache.put(bundled, NAME, checked);
		const changed = Buffer.concat([bundled, Buffer.from('\n# edited\n')]);
		expect(await cache.get(changed, NAME)).toBeNull();
		expect(await cache.get(bundled, 'renamed.yaml')).toBeNull();
		expect(await new ScenarioCheckCache(dir, 'build-2').get(bundled, NAME)).toBeNull();
	});

	it("removes another build's entries when a build writes its first", async () => {
		await new ScenarioCheckCache(dir, 'build-1').put(bundled, NAME, checked);
		expect(readdirSync(dir)).toHaveLength(1);
		const next = new ScenarioCheckCache(dir, 'build-2');
		await next.put(bundled, NAME, checked);
		expect(readdirSync(dir)).toHaveLength(1);
		expect(await new ScenarioCheckCache(dir, 'build-1').get(bundled, NAME)).toBeNull();
		expect(await next.get(bundled, NAME)).not.toBeNull();
	});

	it('takes a damaged entry for a miss', async () => {
		const cache = new ScenarioCheckCache(dir, 'build-1');
		await cache.put(bundled, NAME, checked);
		const [entry] = readdirSync(dir);
		writeFileSync(join(dir, entry), 'not what v8 wrote');
		expect(await cache.get(bundled, NAME)).toBeNull();
	});

	it('never throws when the folder cannot be written', async () => {
		// A file where the cache folder should be.
		const blocked = join(dir, 'blocked');
		writeFileSync(blocked, '');
		const cache = new ScenarioCheckCache(blocked, 'build-1');
		await expect(cache.put(bundled, NAME, checked)).resolves.toBeUndefined();
		expect(await cache.get(bundled, NAME)).toBeNull();
	});
});
