import { describe, expect, it } from 'vitest';
import { compileScenario } from '../scenario/compile';
import { loadScenario } from '../scenario/load';
import { scoreSession } from '../score/session-score';
import { phishFile, phishScenario } from '../testing';
import { applyEvent } from './apply';
import { playtest } from './playtest';
import type { SessionState } from './state';

const bots = [
	{ name: 'Best', strategy: 'best' as const },
	{ name: 'Worst', strategy: 'worst' as const },
	{ name: 'Random', strategy: 'random' as const }
];

describe('play-testing with bot teams', () => {
	it('plays the scenario to an ending for every bot, best scoring at least as well as worst', () => {
		const scenario = phishScenario();
		const run = playtest(scenario, bots, 'seed-1');
		expect(run.state.status).toBe('ended');
		const [best, worst] = run.teams.map((t) => run.state.teams[t.id]);
		expect(best.ending?.endingId).toBeTruthy();
		expect(best.ending?.reason).toBeUndefined();
		expect(worst.ending).not.toBeNull();
		const scores = scoreSession(scenario, run.state);
		const total = (id: string) => scores.teams.find((t) => t.teamId === id)!.total;
		expect(total('bot-1').earned).toBeGreaterThan(total('bot-2').earned);
		expect(total('bot-1').percent).toBe(100);
		// Each decision answered by every member (one per role) of each team.
		expect(Object.keys(run.state.participants)).toHaveLength(3 * scenario.roles.length);
	});

	it('is a real session log: replaying its events gives the same state', () => {
		const scenario = phishScenario();
		const run = playtest(scenario, bots, 'seed-2');
		let state: SessionState | null = null;
		for (const e of run.events) state = applyEvent(scenario, state, e);
		expect(state).toEqual(run.state);
		expect(run.events.map((e) => e.seq)).toEqual(run.events.map((_, i) => i + 1));
	});

	it('the same seed makes the same random choices; skips reach attacker stages', () => {
		const scenario = compileScenario(phishFile());
		const a = playtest(scenario, bots, 'same');
		const b = playtest(scenario, bots, 'same');
		expect(b.events).toEqual(a.events);
		expect(a.state.clockSkips.length).toBeGreaterThan(0);
	});

	const bundled = import.meta.glob('../../../../scenarios/*.yaml', {
		query: '?raw',
		import: 'default',
		eager: true
	}) as Record<string, string>;

	it.each(Object.keys(bundled))('plays %s to the end, the best bot ahead of the worst', (path) => {
		const scenario = loadScenario(bundled[path], path).scenario!;
		const run = playtest(scenario, bots, 'bundled');
		const scores = scoreSession(scenario, run.state);
		const earned = (id: string) => scores.teams.find((t) => t.teamId === id)!.total.earned;
		expect(earned('bot-1')).toBeGreaterThan(earned('bot-2'));
		for (const t of run.teams) expect(run.state.teams[t.id].ending).not.toBeNull();
	});
});
