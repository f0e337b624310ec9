import { describe, expect, it } from 'vitest';
import { MINUTE } from '../scenario/model';
import { explorePaths } from './paths';
import { phishFile, phishScenario } from '../testing';
import { compileScenario } from '../scenario/compile';

describe('path explorer', () => {
	it('takes every option and the timeout of each team decision', () => {
		const report = explorePaths(phishScenario());
		expect(report.paths).toBe(3);
		expect(report.truncated).toBe(false);
		expect(report.endings).toEqual({ good: 1, bad: 2 });
		expect(report.deadEnds).toEqual([]);
		expect(report.minMs).toBe(60 * MINUTE);
		expect(report.maxMs).toBe(60 * MINUTE);
	});

	it('reports the best score reachable per phase, counting the branch only where it is played', () => {
		const report = explorePaths(phishScenario());
		expect(report.bestScore).toEqual({
			preparation: 5,
			identification: 10,
			containment: 10,
			'lessons-learned': 10
		});
	});

	it('reports paths on which no ending holds, with the choices that led there', () => {
		const file = phishFile();
		file.endings = file.endings.filter((e) => e.id === 'good');
		const report = explorePaths(compileScenario(file));
		expect(report.endings).toEqual({ good: 1 });
		expect(report.deadEnds.map((d) => d.choices)).toEqual([
			['alert/contain=wait'],
			['alert/contain=timeout']
		]);
	});

	it('measures durations: a branch that ends early is the shortest path', () => {
		const file = phishFile();
		const wrap = file.injects.find((i) => i.id === 'wrap')!;
		wrap.when = 'hostIsolated';
		wrap.at = '30m';
		const report = explorePaths(compileScenario(file));
		// Every path waits for wrap's time (skipped where it does not hold): 30m.
		expect(report.minMs).toBe(30 * MINUTE);
		expect(report.maxMs).toBe(30 * MINUTE);
		file.injects = file.injects.filter((i) => i.id !== 'wrap');
		const shorter = explorePaths(compileScenario(file));
		// Isolated at 5m, branch inject at 7m, the attacker stage resolves at 14m.
		expect(shorter.minMs).toBe(14 * MINUTE);
		expect(shorter.maxMs).toBe(15 * MINUTE);
	});

	it('stops at the bound of distinct states and says so', () => {
		const report = explorePaths(phishScenario(), { maxStates: 2 });
		expect(report.truncated).toBe(true);
		expect(report.bound).toBe(2);
		expect(report.states).toBe(2);
	});

	it('explores a state reached by options that differ only in score once', () => {
		const file = phishFile();
		const contain = file.injects
			.find((i) => i.id === 'alert')!
			.decisions!.find((d) => d.id === 'contain')!;
		// A third option with the same effect and branch as "wait", but another score.
		contain.options!.push({
			id: 'wait-longer',
			label: 'Wait longer',
			scores: { containment: -8 },
			next: 'spread-news'
		});
		const report = explorePaths(compileScenario(file));
		expect(report.paths).toBe(4);
		expect(report.endings).toEqual({ good: 1, bad: 3 });
		expect(report.states).toBe(explorePaths(phishScenario()).states);
	});

	it('follows only the options offered, and the scores they were worth', () => {
		const file = phishFile();
		const contain = file.injects
			.find((i) => i.id === 'alert')!
			.decisions!.find((d) => d.id === 'contain')!;
		// Reimaging is offered only once the malware spread, which never happens by 5m: not a path.
		contain.options!.push({
			id: 'reimage',
			label: 'Reimage',
			when: 'spread > 0',
			scores: { containment: 50 },
			next: 'spread-news'
		});
		// Isolating an already isolated host would score nothing; here it never is.
		contain.options![0].scoresIf = [{ when: 'hostIsolated', scores: { containment: 1 } }];
		const report = explorePaths(compileScenario(file));
		expect(report.paths).toBe(3);
		expect(report.bestScore.containment).toBe(10);
		file.variables = { hostIsolated: true, spread: 0 };
		expect(explorePaths(compileScenario(file)).bestScore.containment).toBe(1);
	});

	it('follows every inject of a next list', () => {
		const file = phishFile();
		const contain = file.injects
			.find((i) => i.id === 'alert')!
			.decisions!.find((d) => d.id === 'contain')!;
		contain.options![0].next = ['isolated', 'lateral-alert'];
		file.endings.splice(1, 0, {
			id: 'both',
			title: 'Both',
			when: 'visited(isolated) and visited(lateral-alert) and not fired(lateral)',
			summary: 'Both released.'
		});
		file.endings[0].when = 'false';
		const report = explorePaths(compileScenario(file));
		expect(report.endings.both).toBe(1);
	});
});

describe('path explorer: chance', () => {
	/** Phish where a d20 may stop the lateral movement, and "good" means it did not happen. */
	function chanceFile() {
		const file = phishFile();
		file.attacker[0].unless = "hostIsolated or roll('d20') >= 11";
		file.endings[0].when = 'not fired(lateral)';
		return file;
	}

	it('branches over a roll in a condition and weighs the endings', () => {
		const report = explorePaths(compileScenario(chanceFile()));
		expect(report.chance).toBe(true);
		// isolate (no roll: hostIsolated decides), wait and timeout each with two outcomes.
		expect(report.paths).toBe(5);
		expect(report.endings).toEqual({ good: 3, bad: 2 });
		expect(report.endingProbability!.good).toBeCloseTo(2 / 3, 4);
		expect(report.endingProbability!.bad).toBeCloseTo(1 / 3, 4);
	});

	it('gives each dead end the probability of its chance outcomes', () => {
		const file = chanceFile();
		file.endings = file.endings.filter((e) => e.id === 'good');
		const report = explorePaths(compileScenario(file));
		expect(report.deadEnds).toEqual([
			{ choices: ['alert/contain=wait', 'stage:lateral d20 (50%)'], probability: 0.5 },
			{ choices: ['alert/contain=timeout', 'stage:lateral d20 (50%)'], probability: 0.5 }
		]);
	});

	it('branches over a roll in an effect, with the distribution of the dice', () => {
		const file = phishFile();
		file.attacker[0].unless = 'hostIsolated or spread >= 10';
		file.endings[0].when = 'not fired(lateral)';
		const contain = file.injects[1].decisions!.find((d) => d.id === 'contain')!;
		contain.options!.find((o) => o.id === 'wait')!.effects = ["spread = roll('2d6')"];
		const report = explorePaths(compileScenario(file));
		// 11 totals of 2d6 after waiting, each its own state.
		expect(report.paths).toBe(13);
		expect(report.endings).toEqual({ good: 4, bad: 9 });
		// isolate: good; wait: good when 2d6 >= 10 (6 in 36); timeout: bad.
		expect(report.endingProbability!.good).toBeCloseTo(1 / 3 + 1 / 18, 4);
	});

	it('says when no chance is involved, and weighs the choices alone', () => {
		const report = explorePaths(phishScenario());
		expect(report.chance).toBe(false);
		expect(report.endingProbability!.good).toBeCloseTo(1 / 3, 4);
		expect(report.endingProbability!.bad).toBeCloseTo(2 / 3, 4);
	});
});

describe('path explorer state keys', () => {
	/**
	 * Turn k offers "scan" only while the last turn did not scan (a cooldown): which options a
	 * closed turn offered is history, not future. Keying states on it made every history a new
	 * state; the same histories now meet again.
	 */
	function cooldownTurns(turns: number) {
		const file = phishFile();
		file.variables = { cooling: false, found: 0 };
		file.attacker = [];
		file.endings = [{ id: 'end', title: 'End', outcome: 'mixed', summary: 'End.' }];
		file.injects = Array.from({ length: turns }, (_, k) => ({
			id: `turn-${k}`,
			title: `Turn ${k}`,
			phase: 'identification',
			channel: 'meeting' as const,
			...(k === 0 ? { at: 0 } : { after: `turn-${k - 1}`, delay: '1m' }),
			body: 'Choose a procedure.',
			decisions: [
				{
					id: 'play',
					kind: 'single' as const,
					prompt: 'Which card?',
					team: { decider: 'majority' },
					options: [
						{
							id: 'scan',
							label: 'Scan',
							when: 'not cooling',
							effects: ['cooling = true', 'found = found + 1']
						},
						{ id: 'wait', label: 'Wait', effects: ['cooling = false'] },
						{ id: 'log', label: 'Read logs', effects: ['cooling = false'] }
					]
				}
			]
		}));
		return explorePaths(compileScenario(file));
	}

	it('counts every path but explores each distinct future once, whatever was offered before', () => {
		const report = cooldownTurns(8);
		expect(report.truncated).toBe(false);
		expect(report.endings).toEqual({ end: report.paths });
		expect(report.paths).toBe(3344);
		// Distinct futures: turn × cooling × found, 45 of them (keyed on past offers: 142).
		expect(report.states).toBe(45);
	});
});
