/**
 * The console's form actions, parsed and described: one zod schema per action, and the sentence
 * the facilitator reads when it worked. The rules themselves live in the session service.
 */
import * as z from 'zod';
import { MAX_OBSERVATION, MAX_REASON, SPEED_RANGE } from '#lib/engine/session/commands.js';
import { formatScenarioTime, parseScenarioTime } from '#lib/engine/session/clock.js';
import { RATINGS, type SessionEvent } from '#lib/engine/session/events.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import type { SessionState } from '#lib/engine/session/state.js';

const id = z.string().trim().min(1).max(100);
/** An optional id from a select whose first choice is "none" (an empty string). */
const optionalId = z
	.string()
	.trim()
	.max(100)
	.optional()
	.transform((v) => (v ? v : undefined));

export const controlSchema = z
	.object({
		action: z.enum(['start', 'pause', 'resume', 'reveal', 'end']),
		confirm: z.string().optional()
	})
	.refine((f) => f.action !== 'end' || f.confirm === 'yes', {
		message: 'Tick the box to confirm that you want to end the exercise.',
		path: ['confirm']
	});

export const speedSchema = z.object({
	speed: z.coerce
		.number('choose a speed')
		.min(SPEED_RANGE.min, `the speed must be at least ${SPEED_RANGE.min}`)
		.max(SPEED_RANGE.max, `the speed must be at most ${SPEED_RANGE.max}`)
});

export const releaseSchema = z.object({ teamId: optionalId, injectId: optionalId });

export const skipSchema = z.object({
	to: z
		.string('give the scenario time to skip to')
		.max(20)
		.transform((text, ctx) => {
			const ms = parseScenarioTime(text);
			if (ms === null) {
				ctx.addIssue({
					code: 'custom',
					message: 'write the time as +1:30:00, 45:00, 90m or a number of minutes'
				});
				return z.NEVER;
			}
			return ms;
		})
});

export const holdSchema = z.object({
	teamId: id,
	injectId: id,
	held: z.enum(['true', 'false']).transform((v) => v === 'true')
});

export const overrideSchema = z.object({
	teamId: id,
	injectId: id,
	decisionId: id,
	optionId: z.string().trim().min(1, 'choose the option to lock').max(100),
	reason: z
		.string()
		.trim()
		.min(1, 'give a reason for the override')
		.max(MAX_REASON, `at most ${MAX_REASON} characters`)
});

/** Dropping an inject for a team (issue 11): the reason is optional. */
export const dropSchema = z.object({
	teamId: id,
	injectId: id,
	reason: z
		.string()
		.trim()
		.max(MAX_REASON, `at most ${MAX_REASON} characters`)
		.optional()
		.transform((v) => (v ? v : undefined))
});

export const observeSchema = z.object({
	text: z
		.string()
		.trim()
		.min(1, 'write the observation')
		.max(MAX_OBSERVATION, `at most ${MAX_OBSERVATION} characters`),
	teamId: optionalId,
	injectId: optionalId,
	objectiveId: optionalId,
	/** 'record': the observation rates the team's incident record (issue 13). */
	about: z
		.enum(['', 'record'])
		.optional()
		.transform((v) => (v ? v : undefined)),
	rating: z
		.enum(['', ...RATINGS])
		.optional()
		.transform((v) => (v ? (v as (typeof RATINGS)[number]) : undefined))
});

export const scoreSchema = z.object({
	responseId: id,
	points: z.coerce.number('give the points').min(0, 'points cannot be negative')
});

/** What a release did, in words: which injects went to which team, which were skipped. */
export function describeRelease(
	scenario: Scenario,
	state: SessionState,
	events: readonly SessionEvent[]
): string {
	const parts: string[] = [];
	for (const e of events) {
		if (e.type === 'clock.skipped') {
			parts.push(
				`skipped the clock from ${formatScenarioTime(e.fromMs)} to ${formatScenarioTime(e.toMs)}`
			);
			continue;
		}
		if (e.type === 'stage.fired') {
			const stage = scenario.stageById[e.stageId]?.title ?? e.stageId;
			parts.push(`“${stage}” happened to ${state.teams[e.teamId]?.name ?? e.teamId}`);
			continue;
		}
		if (e.type !== 'inject.released' && e.type !== 'inject.skipped') continue;
		const title = scenario.injectById[e.injectId]?.title ?? e.injectId;
		const team = state.teams[e.teamId]?.name ?? e.teamId;
		parts.push(
			e.type === 'inject.released'
				? `released “${title}” to ${team}`
				: `skipped “${title}” for ${team} (its condition does not hold)`
		);
	}
	if (parts.length === 0) return 'Done.';
	const text = parts.join('; ');
	return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export const CONTROL_DONE = {
	start: 'The exercise has started.',
	pause: 'Paused.',
	resume: 'Resumed.',
	reveal: 'The answers are revealed to the trainees.',
	end: 'The exercise has ended.'
} as const;
