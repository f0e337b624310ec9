/**
 * Play-testing a studio draft before it is published: the draft's current text is checked by the
 * same checker as `npm run scenarios:check` and uploads, then bot teams play it with the engine's
 * play-test (engine/session/playtest.ts), both in the checker's worker with the upload's size,
 * time and memory limits (a play that runs away never stops live sessions' clocks), and the caller
 * gets the preview debrief and what the path explorer found. Nothing is stored: no session, no file, no draft revision.
 */
import type { BotStrategy, BotTeam } from '#lib/engine/session/playtest.js';
import { formatScenarioTime } from '#lib/engine/session/clock.js';
import type { PlaytestTeamReport } from '#lib/reports/playtest.js';
import { checkAndPlaytest } from '../scenario-check';
import { formatLocated } from '../scenario-library';
import { tooLarge } from './drafts';

/** Bot teams of one strategy a play-test may ask for, and in all. */
export const MAX_BOTS_PER_STRATEGY = 5;
export const MAX_BOTS = 9;

export interface PlaytestRequest {
	best: number;
	worst: number;
	random: number;
	seed: string;
}

/** What the full check's path explorer found, beside the bots' runs. */
export interface PathFacts {
	paths: number;
	truncated: boolean;
	shortest: string | null;
	longest: string | null;
	deadEnds: number;
	endings: { title: string; outcome: string; paths: number }[];
	/** The most points any path lets a team earn, per phase that has any. */
	bestPerPhase: { name: string; points: number }[];
}

export type DraftPlaytest =
	| {
			ok: true;
			seed: string;
			teams: PlaytestTeamReport[];
			facts: PathFacts | null;
			warnings: number;
	  }
	| { ok: false; status: 400 | 413 | 422; message: string; errors: string[] };

const NAMES: Record<BotStrategy, string> = {
	best: 'Best bot',
	worst: 'Worst bot',
	random: 'Random bot'
};

/** The bot teams asked for, named "Best bot", "Best bot 2"...; null when the counts are out of range. */
export function botTeams(request: Omit<PlaytestRequest, 'seed'>): BotTeam[] | null {
	const counts = [request.best, request.worst, request.random];
	const total = counts.reduce((s, n) => s + n, 0);
	if (counts.some((n) => !Number.isInteger(n) || n < 0 || n > MAX_BOTS_PER_STRATEGY)) return null;
	if (total < 1 || total > MAX_BOTS) return null;
	return (['best', 'worst', 'random'] as const).flatMap((strategy) =>
		Array.from({ length: request[strategy] }, (_, i) => ({
			name: i ? `${NAMES[strategy]} ${i + 1}` : NAMES[strategy],
			strategy
		}))
	);
}

/** Checks `yaml` as the scenario file `fileName` and, when it has no errors, plays it with bots. */
export async function playtestDraft(
	yaml: string,
	fileName: string,
	request: PlaytestRequest
): Promise<DraftPlaytest> {
	const bots = botTeams(request);
	if (!bots) {
		return {
			ok: false,
			status: 400,
			message: `Choose 1 to ${MAX_BOTS} bot teams, at most ${MAX_BOTS_PER_STRATEGY} of each kind.`,
			errors: []
		};
	}
	const refused = tooLarge(yaml);
	if (refused) {
		return { ok: false, status: 413, message: refused.replace('saved', 'played'), errors: [] };
	}
	const bytes = new TextEncoder().encode(yaml);
	const result = await checkAndPlaytest(bytes, fileName, bots, request.seed);
	if (result.errors.length || !result.scenario || !result.playtest) {
		const n = result.errors.length;
		return {
			ok: false,
			status: 422,
			message: `Not played: the checker found ${n} error${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} first.`,
			errors: result.errors.map(formatLocated)
		};
	}
	const scenario = result.scenario;
	const report = result.paths;
	return {
		ok: true,
		seed: request.seed,
		teams: result.playtest,
		warnings: result.warnings.length,
		facts: report
			? {
					paths: report.paths,
					truncated: report.truncated,
					shortest: report.minMs === null ? null : formatScenarioTime(report.minMs),
					longest: report.maxMs === null ? null : formatScenarioTime(report.maxMs),
					deadEnds: report.deadEnds.length,
					endings: scenario.endings.map((e) => ({
						title: e.title,
						outcome: e.outcome,
						paths: report.endings[e.id] ?? 0
					})),
					bestPerPhase: scenario.phases
						.filter((p) => report.bestScore[p.id] !== undefined)
						.map((p) => ({ name: p.name, points: report.bestScore[p.id] }))
				}
			: null
	};
}
