/**
 * Play-testing a scenario with bot teams before it goes live: each bot team has one member per
 * role and answers everything released to it at once, by a strategy (`best` takes the option
 * worth most, `worst` the one worth least, `random` a seeded pick), while the clock skips from
 * one due item to the next. The run is a real session log through the same commands and fold as
 * a live one, so its scores, endings and paths are what a team playing that way would get; the
 * caller scores it like any session (a preview debrief). Pure: the seed fixes every choice.
 */
import type { Decision, Option, Scenario } from '../scenario/model';
import { effectiveOptions } from '../score/effective';
import { advance, nextWakeMs } from './advance';
import { applyEvent } from './apply';
import * as command from './commands';
import type { CommandResult } from './commands';
import type { ResponseValue, SessionEvent, SessionEventBody } from './events';
import { answerKey, type SessionState } from './state';

export type BotStrategy = 'best' | 'worst' | 'random';
export const BOT_STRATEGIES: readonly BotStrategy[] = ['best', 'worst', 'random'];

export interface BotTeam {
	name: string;
	strategy: BotStrategy;
}

export interface Playtest {
	events: SessionEvent[];
	state: SessionState;
	/** Bot team ids by strategy, in the order given. */
	teams: { id: string; name: string; strategy: BotStrategy }[];
}

/** A small seeded generator (mulberry32 over a string hash): the same seed, the same picks. */
function rng(seed: string): () => number {
	let h = 1779033703 ^ seed.length;
	for (let i = 0; i < seed.length; i++) {
		h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
		h = (h << 13) | (h >>> 19);
	}
	let a = h >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const worth = (o: Option) => Object.values(o.scores).reduce((s, x) => s + x, 0);

/** The answer a bot with `strategy` gives to `decision`, from the options the team is offered. */
export function botAnswer(
	decision: Decision,
	offered: Option[],
	strategy: BotStrategy,
	random: () => number
): ResponseValue {
	switch (decision.kind) {
		case 'single': {
			const ranked = [...offered].sort((a, b) => worth(b) - worth(a));
			const pick =
				strategy === 'best'
					? ranked[0]
					: strategy === 'worst'
						? ranked[ranked.length - 1]
						: offered[Math.floor(random() * offered.length)];
			return { kind: 'single', optionId: pick.id };
		}
		case 'multiple': {
			const ids =
				strategy === 'best'
					? offered.filter((o) => worth(o) > 0)
					: strategy === 'worst'
						? offered.filter((o) => worth(o) < 0)
						: offered.filter(() => random() < 0.5);
			return { kind: 'multiple', optionIds: ids.map((o) => o.id) };
		}
		case 'indicators':
			return {
				kind: 'indicators',
				lines:
					strategy === 'best'
						? [...decision.indicatorLines]
						: strategy === 'worst'
							? []
							: decision.indicatorLines.filter(() => random() < 0.5)
			};
		case 'text':
			return { kind: 'text', text: `A ${strategy} bot's answer.` };
	}
}

/** Plays `scenario` with `bots` to its end; `at` is the (fake) wall time it starts at. */
export function playtest(
	scenario: Scenario,
	bots: readonly BotTeam[],
	seed: string,
	at = 0
): Playtest {
	const random = rng(seed);
	const events: SessionEvent[] = [];
	let state: SessionState | null = null;
	const now = at;
	const record = (body: SessionEventBody) => {
		const event = { ...body, seq: events.length + 1, at: now } as SessionEvent;
		events.push(event);
		state = applyEvent(scenario, state, event);
	};
	// What falls due at the current scenario time, applied in place as the server's clock does.
	const tick = () => events.push(...advance(scenario, state!, now));
	const run = (cmd: (s: SessionState) => CommandResult) => {
		tick();
		const result = cmd(state!);
		if (result.ok) for (const body of result.events) record(body);
		return result;
	};
	const teams = bots.map((b, i) => ({ id: `bot-${i + 1}`, name: b.name, strategy: b.strategy }));
	record({
		type: 'session.created',
		sessionId: `playtest-${seed}`,
		scenarioId: scenario.id,
		scenarioHash: 'playtest',
		title: `Play-test of ${scenario.title}`,
		teams: teams.map(({ id, name }) => ({ id, name })),
		// The clock never runs: it skips from one due item to the next.
		speed: 1,
		release: 'auto',
		facilitatorId: 'playtest',
		seed
	});
	for (const team of teams) {
		for (const role of scenario.roles) {
			run((s) =>
				command.join(scenario, s, {
					participantId: `${team.id}-${role.id}`,
					name: `${team.name} ${role.name}`,
					teamId: team.id,
					role: role.id
				})
			);
		}
	}
	run(command.start);
	let n = 0;
	// Bounded: every round either answers something, or moves the clock to a later due item.
	for (let round = 0; round < 5000; round++) {
		let answered = false;
		for (const team of teams) {
			// A team with an ending may still have answers open (individual questions): give them.
			for (const injectId of state!.teams[team.id].releaseOrder) {
				for (const decision of scenario.injectById[injectId].decisions) {
					const d = state!.teams[team.id].decisions[`${injectId}/${decision.id}`];
					if (!d || d.status !== 'open') continue;
					const value = botAnswer(decision, effectiveOptions(decision, d), team.strategy, random);
					for (const role of scenario.roles) {
						const participantId = `${team.id}-${role.id}`;
						const already = answerKey(participantId, injectId, decision.id) in state!.latest;
						if (already) continue;
						const result = run((s) =>
							command.submitResponse(scenario, s, {
								responseId: `r${++n}`,
								participantId,
								injectId,
								decisionId: decision.id,
								value
							})
						);
						if (!result.ok) continue;
						answered = true;
						// The facilitator's mark, as the strategy would earn it.
						if (decision.kind === 'text' && decision.scored) {
							const points =
								team.strategy === 'best'
									? decision.points
									: team.strategy === 'worst'
										? 0
										: Math.round(random() * decision.points);
							run((s) =>
								command.scoreText(scenario, s, { responseId: `r${n}`, points, by: 'playtest' })
							);
						}
					}
				}
			}
		}
		tick();
		if (answered) continue;
		if (teams.every((t) => state!.teams[t.id].ending)) break;
		const wake = nextWakeMs(scenario, state!);
		if (wake === null) break;
		const skipped = run((s) => command.skip(scenario, s, { toMs: wake, by: 'playtest' }, now));
		if (!skipped.ok) break;
	}
	run((s) => command.end(scenario, s, now));
	return { events, state: state!, teams };
}
