import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, MAX_SCENARIO_BYTES } from '#lib/engine/scenario/load.js';
import { blankScenario } from '#lib/studio/template.js';
import { checkAndPlaytest } from '../scenario-check';
import { botTeams, playtestDraft } from './playtest';

const request = { best: 1, worst: 1, random: 1, seed: 's1' };
const ransomware = readFileSync('scenarios/ransomware-file-server.yaml', 'utf8');

describe('play-testing a studio draft', () => {
	it('plays the draft with the bots asked for: best at least as good as worst in every phase', async () => {
		const result = await playtestDraft(ransomware, 'ransomware-file-server.yaml', {
			...request,
			random: 2
		});
		if (!result.ok) throw new Error(result.message);
		expect(result.teams.map((t) => t.name)).toEqual([
			'Best bot',
			'Worst bot',
			'Random bot',
			'Random bot 2'
		]);
		const [best, worst] = result.teams;
		expect(best.ending).not.toBeNull();
		for (const [i, phase] of best.phases.entries()) {
			expect(phase.earned).toBeGreaterThanOrEqual(worst.phases[i].earned);
		}
		expect(best.totalPercent!).toBeGreaterThan(worst.totalPercent!);
		expect(best.steps.length).toBeGreaterThan(3);
		// Beside the bots: the full check's path explorer, as the CLI runs it.
		const cli = loadScenario(ransomware, 'ransomware-file-server.yaml');
		expect(result.facts?.paths).toBe(cli.paths?.paths);
		expect(result.facts?.endings.reduce((s, e) => s + e.paths, 0)).toBeGreaterThan(0);
		// Best bot's points never exceed what the explorer says any path can earn.
		for (const facts of result.facts!.bestPerPhase) {
			const phase = best.phases.find((p) => p.name === facts.name)!;
			expect(phase.earned).toBeLessThanOrEqual(facts.points);
		}
	});

	it('the same seed plays the same way', async () => {
		const a = await playtestDraft(blankScenario('x'), 'x.yaml', { ...request, seed: 'k' });
		const b = await playtestDraft(blankScenario('x'), 'x.yaml', { ...request, seed: 'k' });
		expect(a).toEqual(b);
	});

	it('a draft with errors is not played: 422 with the CLI’s located errors', async () => {
		const broken = blankScenario('x').replace('next: isolated', 'next: nowhere');
		const cli = loadScenario(broken, 'x.yaml').errors;
		expect(cli.length).toBeGreaterThan(0);
		const result = await playtestDraft(broken, 'x.yaml', request);
		expect(result).toMatchObject({ ok: false, status: 422 });
		if (result.ok) return;
		expect(result.errors).toEqual(cli.map((e) => `x.yaml:${e.line}:${e.column}: ${e.message}`));
		expect(result.message).toContain(`${cli.length} error`);
	});

	it('an oversized draft is refused with 413, unchecked', async () => {
		const result = await playtestDraft(`# ${'x'.repeat(MAX_SCENARIO_BYTES)}`, 'x.yaml', request);
		expect(result).toMatchObject({ ok: false, status: 413 });
		if (!result.ok) expect(result.message).toContain('the limit is 1,048,576 bytes');
	});

	it('bot counts out of range are refused', async () => {
		expect(botTeams({ best: 0, worst: 0, random: 0 })).toBeNull();
		expect(botTeams({ best: 6, worst: 0, random: 0 })).toBeNull();
		expect(botTeams({ best: 5, worst: 5, random: 0 })).toBeNull();
		expect(botTeams({ best: 1.5, worst: 0, random: 0 })).toBeNull();
		expect(botTeams({ best: 0, worst: 2, random: 0 })?.map((b) => b.name)).toEqual([
			'Worst bot',
			'Worst bot 2'
		]);
		const result = await playtestDraft(blankScenario('x'), 'x.yaml', { ...request, best: 9 });
		expect(result).toMatchObject({ ok: false, status: 400 });
	});

	it('plays in the checker’s worker, under its time limit', async () => {
		const bytes = new TextEncoder().encode(ransomware);
		const bots = botTeams({ best: 1, worst: 0, random: 0 })!;
		const stopped = await checkAndPlaytest(bytes, 'r.yaml', bots, '1', 5);
		expect(stopped.playtest).toBeUndefined();
		expect(stopped.errors).toEqual([
			expect.objectContaining({
				line: 1,
				column: 1,
				message: expect.stringContaining('play-testing')
			})
		]);
	});
});
