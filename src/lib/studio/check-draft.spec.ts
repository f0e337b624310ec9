import { describe, expect, it } from 'vitest';
import { loadScenario } from '#lib/engine/scenario/load.js';
import { blankScenario } from './template';
import { checkDraft } from './check-draft';

describe('checkDraft', () => {
	const valid = blankScenario('demo');

	it('gives the CLI loader’s messages, word for word', () => {
		const broken = valid.replace('next: isolated', 'next: isolatd');
		const cli = loadScenario(broken, 'demo.yaml');
		const full = checkDraft(broken, 'demo.yaml', false);
		expect(full.errors).toEqual(cli.errors);
		expect(full.errors[0].message).toMatch(/isolatd/);
		expect(checkDraft(broken, 'demo.yaml', true).errors).toEqual(cli.errors);
	});

	it('leaves the paths out of a quick check and explores them in a full one', () => {
		expect(checkDraft(valid, 'demo.yaml', true)).toMatchObject({ complete: false, paths: null });
		const full = checkDraft(valid, 'demo.yaml', false);
		expect(full.complete).toBe(true);
		expect(full.paths).toBeGreaterThan(0);
		expect(full.errors).toEqual([]);
	});
});
