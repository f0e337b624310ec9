/**
 * Request bodies of the JSON API. Every object is strict, so a mistyped key is a 400 naming it
 * rather than silently ignored; lengths match what the engine accepts (commands.ts).
 */
import { z } from 'zod';
import {
	MAX_OBSERVATION,
	MAX_RATIONALE,
	MAX_REASON,
	MAX_SIGN_OFF_COMMENT,
	MAX_TEXT_ANSWER,
	SPEED_RANGE
} from '#lib/engine/session/commands.js';
import { RATINGS } from '#lib/engine/session/events.js';

const id = z.string().trim().min(1).max(100);
const name = z.string().trim().min(1).max(60);
/** A team by its id or its name. */
const team = name;
const speed = z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max);

export const MAX_TEAMS = 50;

export const createSessionBody = z.strictObject({
	scenarioId: id,
	teams: z
		.array(name)
		.min(1)
		.max(MAX_TEAMS)
		.refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, {
			error: 'team names must differ'
		}),
	speed: speed.default(1),
	release: z.enum(['auto', 'manual']),
	title: z.string().trim().min(1).max(100).optional()
});

export const speedBody = z.strictObject({ speed });

export const releaseBody = z.strictObject({ team: team.optional(), injectId: id.optional() });

/** `to`: a scenario time as `+1:30:00`, `45:00`, `90m`, or a number of minutes. */
export const skipBody = z.strictObject({
	to: z.union([
		z.string().max(20),
		z
			.number()
			.positive()
			.max(7 * 24 * 60)
	])
});

export const holdBody = z.strictObject({ team, injectId: id, held: z.boolean() });

export const overrideBody = z.strictObject({
	team,
	injectId: id,
	decisionId: id,
	optionId: id,
	reason: z.string().trim().min(1).max(MAX_REASON)
});

export const dropBody = z.strictObject({
	team,
	injectId: id,
	reason: z.string().trim().max(MAX_REASON).optional()
});

export const textScoreBody = z.strictObject({
	responseId: id,
	points: z.number().finite().min(0).max(1000)
});

/** Issue 16: a lead's sign-off of an ended session's after-action report. */
export const signOffBody = z.strictObject({
	comment: z.string().trim().max(MAX_SIGN_OFF_COMMENT).default('')
});

export const observationBody = z.strictObject({
	text: z.string().trim().min(1).max(MAX_OBSERVATION),
	team: team.optional(),
	injectId: id.optional(),
	objectiveId: id.optional(),
	rating: z.enum(RATINGS).optional()
});

export const joinBody = z.strictObject({
	code: z.string().trim().min(1).max(40),
	name,
	team,
	role: name
});

export const responseValue = z.discriminatedUnion('kind', [
	z.strictObject({ kind: z.literal('single'), optionId: id }),
	// An empty list is the explicit answer "none of these" (the answer form's own box): in a
	// triage question that is a real answer, counted as given.
	z.strictObject({
		kind: z.literal('multiple'),
		optionIds: z.array(id).max(100)
	}),
	z.strictObject({
		kind: z.literal('indicators'),
		lines: z.array(z.number().int().min(0).max(100_000)).max(10_000)
	}),
	z.strictObject({
		kind: z.literal('text'),
		text: z
			.string()
			.max(MAX_TEXT_ANSWER)
			.refine((t) => t.trim().length > 0, { error: 'the answer is empty' })
	})
]);

export const responseBody = z.strictObject({
	injectId: id,
	decisionId: id,
	value: responseValue,
	rationale: z.string().max(MAX_RATIONALE).optional(),
	idempotencyKey: z.string().min(1).max(100)
});
