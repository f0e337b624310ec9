/**
 * The structure of a scenario file (YAML), as zod schemas. This is the *file* format: durations
 * are strings like "15m", expressions are strings. `compile.ts` turns a parsed file into the
 * runtime `Scenario` the engine plays. The JSON Schema in static/ is generated from these.
 * Every object is strict: an unknown key (a typo such as `nxet:`) is an error, never dropped.
 */
import * as z from 'zod';
import { CHANNELS, DURATION_PATTERN, ID_PATTERN } from './patterns';

export { CHANNELS, DURATION_PATTERN, ID_PATTERN };

/** Variable names are identifiers of the expression language (no hyphens). */
export const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** MITRE ATT&CK technique or sub-technique id, e.g. T1566 or T1566.001. */
const ATTACK_PATTERN = /^T\d{4}(\.\d{3})?$/;

const id = z.string().regex(ID_PATTERN, 'must be lowercase letters, digits and hyphens (max 64)');
const markdown = z.string().max(20_000, 'text is too long (max 20,000 characters)');
const shortText = z.string().min(1).max(200);
const duration = z
	.union([
		z.number().nonnegative().max(100_000),
		z
			.string()
			.regex(
				DURATION_PATTERN,
				'must be a duration such as "90s", "15m", "1h30m" or a number of minutes'
			)
			.refine((s) => s.length > 0, 'must not be empty')
	])
	.describe('Scenario time: "90s", "15m", "1h30m" or a number of minutes');
const expression = z
	.string()
	.min(1)
	.max(500)
	.describe(
		'An expression: variables, and/or/not, comparisons, visited(inject-id), fired(stage-id)'
	);
const effects = z
	.array(z.string().min(1).max(300))
	.max(20)
	.describe('Assignments run in order, e.g. "hostIsolated = true", "cost = cost + 5"');
/** Points per phase id, e.g. `{ containment: 10, identification: 2 }`; may be negative. */
const phaseScores = z.record(z.string(), z.number().min(-1000).max(1000));

const PhaseSchema = z.strictObject({
	id,
	name: shortText,
	description: markdown.optional(),
	nist: z
		.array(z.enum(['govern', 'identify', 'protect', 'detect', 'respond', 'recover']))
		.optional()
		.describe('NIST CSF 2.0 functions this phase maps to')
});

const RoleSchema = z.strictObject({
	id,
	name: shortText,
	description: markdown.optional()
});

const ObjectiveSchema = z.strictObject({
	id,
	title: z.string().min(1).max(300),
	description: markdown.optional(),
	phases: z.array(id).min(1).describe('Phase ids this objective is about'),
	capability: z
		.string()
		.max(200)
		.optional()
		.describe('The capability evaluated, e.g. "Containment"'),
	criticalTasks: z.array(z.string().max(300)).max(20).optional(),
	debrief: z
		.strictObject({
			lessons: z.array(markdown).max(20).optional(),
			planSections: z.array(z.string().max(100)).max(20).optional()
		})
		.optional()
		.describe('Hints for the debrief: lessons to draw and IR-plan sections to review')
});

const LogLineSchema = z.union([
	z.string().max(2000),
	z.strictObject({
		text: z.string().max(2000),
		indicator: z.boolean().optional().describe('Part of the answer key: this line is an indicator'),
		note: z.string().max(1000).optional().describe('Why the line matters, shown after the reveal')
	})
]);

const ArtefactSchema = z.discriminatedUnion('type', [
	z.strictObject({
		type: z.literal('log'),
		id,
		title: shortText,
		source: z
			.string()
			.max(200)
			.optional()
			.describe('Where the log comes from, e.g. "Sysmon on WS-0231"'),
		format: z.string().max(100).optional(),
		lines: z.array(LogLineSchema).min(1).max(500)
	}),
	z.strictObject({
		type: z.literal('email'),
		id,
		title: shortText.optional(),
		headers: z
			.array(z.strictObject({ name: z.string().min(1).max(100), value: z.string().max(2000) }))
			.min(1)
			.max(50),
		body: markdown,
		attachments: z.array(z.string().max(200)).max(20).optional()
	}),
	z.strictObject({
		type: z.literal('alert'),
		id,
		title: shortText,
		source: z.string().max(200).optional(),
		severity: z.enum(['informational', 'low', 'medium', 'high', 'critical']),
		fields: z
			.array(z.strictObject({ name: z.string().min(1).max(100), value: z.string().max(2000) }))
			.max(50)
	}),
	z.strictObject({
		type: z.literal('table'),
		id,
		title: shortText,
		columns: z.array(z.string().max(200)).min(1).max(20),
		rows: z.array(z.array(z.union([z.string().max(1000), z.number(), z.boolean()]))).max(200)
	}),
	z.strictObject({
		type: z.literal('chat'),
		id,
		title: shortText,
		messages: z
			.array(
				z.strictObject({
					from: z.string().min(1).max(100),
					at: z.string().max(50).optional(),
					text: z.string().max(2000)
				})
			)
			.min(1)
			.max(100)
	}),
	z.strictObject({
		type: z.literal('ticket'),
		id,
		title: shortText,
		fields: z
			.array(z.strictObject({ name: z.string().min(1).max(100), value: z.string().max(2000) }))
			.max(50),
		body: markdown.optional()
	})
]);

const MILESTONES = ['identified', 'contained', 'eradicated', 'recovered'] as const;
const MilestoneSchema = z
	.enum(MILESTONES)
	.describe('Marks the moment the team reached this point, for time-to-identify/contain');

/** One inject id, or a list of them: every one is scheduled (each with its own `delay`). */
const nextInjects = z
	.union([id, z.array(id).min(1).max(10)])
	.describe('Inject(s) released when a team locks this (each after its own delay)');
/** Story text shown to the team as soon as its decision locks with this option (or times out). */
const outcomeText = markdown.describe(
	'What happens in the story: shown to the team as soon as its decision locks with this (individual decisions: at the reveal)'
);

const OptionSchema = z.strictObject({
	id,
	label: z.string().min(1).max(300),
	detail: markdown.optional(),
	when: expression
		.optional()
		.describe('Offered only if this holds when the inject is released; otherwise unavailable'),
	scores: phaseScores.optional().describe('Points per phase id; negative for harmful choices'),
	scoresIf: z
		.array(
			z.strictObject({
				when: expression,
				scores: phaseScores.describe("Replaces the option's `scores` when `when` holds")
			})
		)
		.min(1)
		.max(10)
		.optional()
		.describe(
			'Scores that depend on state: the first entry whose `when` holds replaces `scores` (team decisions: at lock, before effects; individual: at release)'
		),
	correct: z
		.boolean()
		.optional()
		.describe('Marks the expected answer; default: options with a positive total score'),
	effects: effects.optional(),
	feedback: markdown.optional().describe('Shown after the reveal'),
	outcome: outcomeText.optional(),
	plan: z.string().max(100).optional().describe('IR-plan section this option relates to'),
	next: nextInjects
		.optional()
		.describe('Inject(s) released when a team locks this option (team decisions)'),
	milestone: MilestoneSchema.optional()
});

const TimeoutSchema = z
	.strictObject({
		feedback: markdown.optional(),
		outcome: outcomeText.optional(),
		scores: phaseScores.optional(),
		effects: effects.optional(),
		next: nextInjects.optional(),
		milestone: MilestoneSchema.optional()
	})
	.describe('What happens when the deadline passes with no decision');

const DecisionSchema = z.strictObject({
	id,
	kind: z
		.enum(['single', 'multiple', 'indicators', 'text'])
		.describe('single choice, multiple choice, flag the indicators in a log, or free text'),
	prompt: markdown,
	objectives: z.array(id).max(10).optional().describe('Objective ids this decision tests'),
	team: z
		.strictObject({
			decider: z
				.string()
				.min(1)
				.describe('"majority", or the id of the role that locks the team decision')
		})
		.optional()
		.describe('A team decision drives the branch; without it the decision is individual'),
	deadline: duration.optional().describe('Scenario time after the inject is released'),
	timeout: TimeoutSchema.optional(),
	options: z.array(OptionSchema).max(12).optional(),
	artefact: id
		.optional()
		.describe('For kind "indicators": the log artefact whose lines are flagged'),
	phase: id
		.optional()
		.describe('For kinds "indicators" and "text": the phase the points count for'),
	points: z.number().min(0).max(1000).optional().describe('For kinds "indicators" and "text"'),
	scored: z
		.boolean()
		.optional()
		.describe('For kind "text": false when the facilitator does not score it (default true)'),
	plan: z.string().max(100).optional(),
	guidance: markdown
		.optional()
		.describe('For kind "text": what a good answer says, shown after the reveal'),
	decay: z
		.strictObject({
			full: duration.describe('Full points for a response within this time of the release'),
			zero: duration.describe('From here on the points are at the floor'),
			floor: z
				.number()
				.min(0)
				.max(1)
				.optional()
				.describe('Share of the points kept from `zero` on (default 0)')
		})
		.optional()
		.describe('Positive points fall linearly from `full` to `zero` after the release')
});

const AfterSchema = z.union([
	id,
	z.strictObject({
		inject: id,
		decision: id
			.optional()
			.describe('Count from when this decision of the inject closes (locked, overridden, expired)'),
		delay: duration.optional()
	})
]);

/** A local wall time of the story, without zone: "2025-03-13T17:00". */
const WALL_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

const InjectSchema = z.strictObject({
	id,
	title: z.string().min(1).max(300),
	phase: id,
	channel: z.enum(CHANNELS),
	from: z.string().max(200).optional().describe('Who or what the inject comes from'),
	audience: z.array(z.string()).min(1).optional().describe('Role ids, or ["all"] (the default)'),
	at: duration.optional().describe('Release at this scenario time'),
	after: AfterSchema.optional().describe('Release after another inject is released'),
	delay: duration.optional().describe('Wait this long after the trigger (branch, after, stage)'),
	when: expression.optional().describe('Released only if this holds at release time'),
	milestone: MilestoneSchema.optional(),
	body: markdown,
	variants: z
		.array(
			z.strictObject({
				when: expression.describe('The text is shown if this holds when the inject is released'),
				body: markdown
			})
		)
		.max(20)
		.optional()
		.describe('Text shown after the body, each part only when its condition holds at release'),
	optional: z
		.boolean()
		.optional()
		.describe("Its decisions may be left unanswered: they do not hold back the team's ending"),
	artefacts: z.array(ArtefactSchema).max(10).optional(),
	decisions: z.array(DecisionSchema).max(10).optional(),
	attack: z
		.array(z.string().regex(ATTACK_PATTERN, 'must be an ATT&CK id like T1566 or T1566.001'))
		.max(20)
		.optional()
		.describe('ATT&CK techniques this inject shows; its decisions score the team on them'),
	facilitatorNotes: markdown.optional().describe('Only the facilitator sees these'),
	expectedActions: z.array(z.string().max(300)).max(20).optional()
});

const AttackerStageSchema = z.strictObject({
	id,
	title: z.string().min(1).max(300),
	technique: z
		.string()
		.regex(ATTACK_PATTERN, 'must be an ATT&CK id like T1021 or T1021.002')
		.optional(),
	description: markdown.optional(),
	at: duration.optional().describe('Fires at this scenario time (or `after`)...'),
	after: AfterSchema.optional().describe(
		'...or this long after an inject is released or one of its decisions closes'
	),
	unless: expression.optional().describe('...unless this holds by then'),
	effects: effects.optional(),
	inject: id.optional().describe('Inject released when the stage fires')
});

const EndingSchema = z.strictObject({
	id,
	title: z.string().min(1).max(300),
	when: expression.optional().describe('The first ending whose condition holds is reached'),
	outcome: z.enum(['good', 'mixed', 'bad']).optional(),
	summary: markdown
});

/** NIST CSF 2.0 function, category or subcategory id, e.g. RS, RS.MA or RS.MA-01. */
export const CSF2_ID_PATTERN = /^(GV|ID|PR|DE|RS|RC)(\.[A-Z]{2}(-\d{2})?)?$/;

const SourceSchema = z
	.strictObject({
		title: z.string().min(1).max(300).describe('Title of the original exercise or report'),
		url: z
			.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
			.max(2000)
			.optional()
			.describe('Where it is published (http or https)'),
		publisher: z.string().min(1).max(200).optional().describe('e.g. "CISA", "ENISA"')
	})
	.describe('Where the exercise comes from');

const AssetSchema = z.union([
	z.string().min(1).max(200),
	z.strictObject({
		name: z.string().min(1).max(200),
		kind: z.string().min(1).max(100).optional().describe('e.g. "server", "SaaS", "data"')
	})
]);

const ControlSchema = z.strictObject({
	framework: z
		.string()
		.min(1)
		.max(100)
		.describe('e.g. "CIS Controls v8", "NIST CSF 2.0" (its ids are checked), "ISO 27001:2022"'),
	id: z.string().min(1).max(50).describe('e.g. "17.4", "RS.MA-01", "A.5.24"'),
	title: z.string().min(1).max(300).optional()
});

export const ScenarioFileSchema = z
	.object({
		$schema: z.string().optional(),
		id,
		title: z.string().min(1).max(200),
		summary: markdown,
		version: z.string().min(1).max(50),
		authors: z.array(z.string().min(1).max(200)).min(1).max(20),
		licence: z.string().min(1).max(100),
		attribution: z
			.string()
			.min(1)
			.max(2000)
			.optional()
			.describe('Attribution text the licence asks for, shown wherever the scenario is'),
		source: SourceSchema.optional(),
		threatActor: z
			.strictObject({ name: z.string().min(1).max(200), description: markdown.optional() })
			.optional()
			.describe('Who the attacker is in this exercise'),
		assets: z.array(AssetSchema).max(50).optional().describe('Affected assets'),
		controls: z
			.array(ControlSchema)
			.max(100)
			.optional()
			.describe('Controls the exercise tests, mapped to a framework'),
		risks: z
			.array(z.string().min(1).max(100))
			.max(50)
			.optional()
			.describe("Ids of the risks in the organisation's register that the exercise covers"),
		duration: z
			.strictObject({
				min: z.number().positive().max(10_000),
				max: z.number().positive().max(10_000)
			})
			.describe('Estimated real-time duration in minutes'),
		difficulty: z.enum(['introductory', 'intermediate', 'advanced']),
		tags: z.array(z.string().min(1).max(50)).max(30).default([]),
		attack: z
			.array(z.string().regex(ATTACK_PATTERN, 'must be an ATT&CK id like T1566 or T1566.001'))
			.max(100)
			.default([])
			.describe('MITRE ATT&CK technique ids'),
		phases: z.array(PhaseSchema).min(1).max(12).optional().describe('Default: the six IR phases'),
		objectives: z.array(ObjectiveSchema).min(1).max(30),
		roles: z.array(RoleSchema).min(1).max(20),
		variables: z
			.record(z.string(), z.union([z.boolean(), z.number(), z.string().max(200)]))
			.default({})
			.describe('Variables with their initial values; the value fixes the type'),
		injects: z.array(InjectSchema).min(1).max(300),
		attacker: z.array(AttackerStageSchema).max(50).default([]),
		endings: z.array(EndingSchema).min(1).max(20),
		clock: z
			.strictObject({
				start: z
					.string()
					.regex(WALL_TIME_PATTERN, 'must be a local time such as "2025-03-13T17:00"')
					.describe('Story time at scenario time 0, local wall time without zone')
			})
			.optional()
			.describe('Show release times as story time ("Thursday 17:12") instead of T+12:00')
	})
	.strict();

export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;
export type InjectFile = z.infer<typeof InjectSchema>;
export type DecisionFile = z.infer<typeof DecisionSchema>;
export type OptionFile = z.infer<typeof OptionSchema>;
export type Artefact = z.infer<typeof ArtefactSchema>;
export type Phase = z.infer<typeof PhaseSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Objective = z.infer<typeof ObjectiveSchema>;
export type Milestone = (typeof MILESTONES)[number];
export type AfterFile = z.infer<typeof AfterSchema>;

/** The six-phase model (SANS / Security+) used when a scenario names none. */
export const DEFAULT_PHASES: Phase[] = [
	{ id: 'preparation', name: 'Preparation', nist: ['govern', 'identify', 'protect'] },
	{ id: 'identification', name: 'Identification', nist: ['detect'] },
	{ id: 'containment', name: 'Containment', nist: ['respond'] },
	{ id: 'eradication', name: 'Eradication', nist: ['respond'] },
	{ id: 'recovery', name: 'Recovery', nist: ['recover'] },
	{ id: 'lessons-learned', name: 'Lessons Learned', nist: ['identify'] }
];
