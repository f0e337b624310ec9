/**
 * The "new session" form: which scenario, a title, the teams (one name per line) and the pacing.
 * Parsed with zod so that the page and its tests agree on every limit.
 */
import * as z from 'zod';
import { SPEED_RANGE } from '#lib/engine/session/commands.js';

export const MAX_TEAMS = 50;
export const MAX_TEAM_NAME = 60;
export const MAX_TITLE = 120;
/** Scenario minutes per real minute offered in the form; any value in SPEED_RANGE is accepted. */
export const SPEEDS = [1, 2, 5, 10, 20, 30, 60] as const;

/** Team names from a textarea: one per line, trimmed, blank lines ignored. */
export function teamNames(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length > 0);
}

const teams = z
	.string()
	.max(MAX_TEAMS * (MAX_TEAM_NAME + 2), 'the list of teams is too long')
	.transform(teamNames)
	.pipe(
		z
			.array(z.string().max(MAX_TEAM_NAME, `a team name has at most ${MAX_TEAM_NAME} characters`))
			.min(1, 'name at least one team')
			.max(MAX_TEAMS, `at most ${MAX_TEAMS} teams`)
			.refine(
				(names) => new Set(names.map((n) => n.toLowerCase())).size === names.length,
				'each team needs a different name'
			)
	);

export const newSessionSchema = z.object({
	scenarioId: z.string().min(1, 'choose a scenario').max(100),
	title: z.string().trim().max(MAX_TITLE, `at most ${MAX_TITLE} characters`).default(''),
	teams,
	speed: z.coerce
		.number('choose a speed')
		.min(SPEED_RANGE.min, `at least ${SPEED_RANGE.min}`)
		.max(SPEED_RANGE.max, `at most ${SPEED_RANGE.max}`),
	release: z.enum(['auto', 'manual'], 'choose how injects are released')
});

export type NewSessionForm = z.output<typeof newSessionSchema>;
