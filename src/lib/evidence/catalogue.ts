/**
 * The catalogue of standards the compliance view checks exercises against: per requirement its
 * reference, a paraphrase in our own words (never a standard's licensed text), the interval at
 * which it wants the plan tested, and what an exercise must touch to evidence it: NIST CSF 2.0
 * ids (matched against the scenario's `controls:`) and IR phases (played in the session). Pure:
 * the server reads a file (or takes the bundled one) and parses it here.
 */
import { z } from 'zod';
import { CSF2_ID_PATTERN } from '../engine/scenario/schema';

const text = (max: number) => z.string().trim().min(1).max(max);

const requirementSchema = z
	.object({
		id: z
			.string()
			.regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'lower-case letters, digits, dot, dash or underscore'),
		reference: text(120),
		summary: text(600),
		intervalMonths: z.number().int().min(1).max(120).nullable().optional(),
		evidence: z
			.object({
				csf: z
					.array(
						z.string().regex(CSF2_ID_PATTERN, 'a NIST CSF 2.0 id such as RS, RS.MA or RS.MA-01')
					)
					.max(50)
					.default([]),
				phases: z.array(text(60)).max(20).default([])
			})
			.refine((e) => e.csf.length + e.phases.length > 0, 'name at least one CSF id or phase')
	})
	.strict();

const standardSchema = z
	.object({
		id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/),
		name: text(120),
		requirements: z.array(requirementSchema).min(1).max(200)
	})
	.strict();

export const catalogueSchema = z
	.object({
		/** Months between tests for a requirement whose standard names no interval. */
		defaultIntervalMonths: z.number().int().min(1).max(120).default(12),
		standards: z.array(standardSchema).min(1).max(100)
	})
	.strict()
	.superRefine((c, ctx) => {
		const seen = new Set<string>();
		c.standards.forEach((s, si) =>
			s.requirements.forEach((r, ri) => {
				if (seen.has(r.id))
					ctx.addIssue({
						code: 'custom',
						path: ['standards', si, 'requirements', ri, 'id'],
						message: `duplicate requirement id '${r.id}'`
					});
				seen.add(r.id);
			})
		);
	});

export type Catalogue = z.output<typeof catalogueSchema>;
export type CatalogueInput = z.input<typeof catalogueSchema>;
export type Standard = Catalogue['standards'][number];
export type Requirement = Standard['requirements'][number];

/** The catalogue in `data`, or an error naming every problem by its path. */
export function parseCatalogue(data: unknown): Catalogue {
	const parsed = catalogueSchema.safeParse(data);
	if (parsed.success) return parsed.data;
	const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
	throw new Error(problems.join('; '));
}
