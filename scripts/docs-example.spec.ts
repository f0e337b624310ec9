/**
 * The worked scoring example of docs/scenario-format.md ("How scores are computed"), played with
 * the real engine: its scenario is read from the doc, and the figures in its tables must be what
 * scoring computes. If either the doc or the scoring changes, this fails until they agree again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileScenario } from '../src/lib/engine/scenario/compile';
import { ScenarioFileSchema } from '../src/lib/engine/scenario/schema';
import * as command from '../src/lib/engine/session/commands';
import type { ResponseValue } from '../src/lib/engine/session/events';
import { scoreSession } from '../src/lib/engine/score/session-score';
import { Sim } from '../src/lib/engine/testing';

const doc = readFileSync(new URL('../docs/scenario-format.md', import.meta.url), 'utf8');

/** The text after `<!-- worked-example:name -->`, up to the next blank line after a block. */
function after(name: string): string {
	const start = doc.indexOf(`<!-- worked-example:${name} -->`);
	if (start < 0) throw new Error(`no worked-example:${name} marker in the doc`);
	return doc.slice(start);
}

function yamlBlock(): string {
	const m = /```yaml\n([\s\S]*?)```/.exec(after('scenario'));
	if (!m) throw new Error('no yaml block after the scenario marker');
	return m[1];
}

/** Rows of the first table after a marker, as cells; numbers are the last figure of a cell. */
function table(name: string): Record<string, number[]> {
	const lines = after(name).split('\n');
	const first = lines.findIndex((l) => l.startsWith('|'));
	const rows: Record<string, number[]> = {};
	for (const line of lines.slice(first + 2)) {
		if (!line.startsWith('|')) break;
		const [label, ...cells] = line
			.split('|')
			.slice(1, -1)
			.map((c) => c.trim());
		rows[label] = cells.map((c) => Number(/(-?[\d.]+)\s*$/.exec(c)![1]));
	}
	return rows;
}

function play() {
	// The doc shows the injects; the frame every scenario needs is added here.
	const file = ScenarioFileSchema.parse({
		id: 'worked-example',
		title: 'Worked example',
		summary: 'From docs/scenario-format.md.',
		version: '1.0.0',
		authors: ['Sandtable team'],
		licence: 'CC-BY-4.0',
		duration: { min: 30, max: 60 },
		difficulty: 'introductory',
		objectives: [{ id: 'contain', title: 'Contain', phases: ['containment'] }],
		roles: [
			{ id: 'lead', name: 'Lead' },
			{ id: 'analyst', name: 'Analyst' }
		],
		endings: [{ id: 'done', title: 'Done', summary: 'Done.' }],
		...(parse(yamlBlock()) as object)
	});
	const scenario = compileScenario(file);
	const sim = new Sim(scenario);
	for (const [participantId, name, role] of [
		['ana', 'Ana', 'lead'],
		['bo', 'Bo', 'analyst']
	]) {
		sim.must((s) => command.join(scenario, s, { participantId, name, teamId: 'red', role }));
	}
	let n = 0;
	const answer = (who: string, injectId: string, decisionId: string, value: ResponseValue) =>
		sim.must((s) =>
			command.submitResponse(scenario, s, {
				responseId: `r${++n}`,
				participantId: who,
				injectId,
				decisionId,
				value
			})
		);
	sim.must(command.start);
	answer('ana', 'triage', 'severity', { kind: 'single', optionId: 'high' });
	answer('bo', 'triage', 'severity', { kind: 'single', optionId: 'contain-first' });
	answer('ana', 'triage', 'isolate', { kind: 'single', optionId: 'now' });
	sim.wait(31);
	answer('ana', 'wrap', 'lesson', { kind: 'text', text: 'Isolate on the first alert.' });
	const lesson = sim.state.responses.at(-1)!.responseId;
	sim.must((s) => command.scoreText(scenario, s, { responseId: lesson, points: 4, by: 'fac' }));
	return scoreSession(scenario, sim.state);
}

describe('the worked scoring example in docs/scenario-format.md', () => {
	const scores = play();

	it('gives the team the earned, reachable and percent figures of its table', () => {
		const red = scores.teams[0];
		for (const [phase, [earned, reachable, percent]] of Object.entries(table('team'))) {
			const s = phase === 'total' ? red.total : red.phases[phase];
			expect(s.earned, phase).toBeCloseTo(earned, 10);
			expect(s.reachable, phase).toBe(reachable);
			expect(s.percent!, phase).toBeCloseTo(percent, 2);
		}
	});

	it('gives each trainee the percentages of its table', () => {
		const rows = table('trainees');
		const phases = ['identification', 'containment', 'lessons-learned'];
		for (const [name, figures] of Object.entries(rows)) {
			const t = scores.trainees.find((x) => x.name === name)!;
			phases.forEach((phase, i) =>
				expect(t.phases[phase].percent!, name).toBeCloseTo(figures[i], 2)
			);
			expect(t.total.percent!, name).toBeCloseTo(figures[3], 2);
		}
	});
});
