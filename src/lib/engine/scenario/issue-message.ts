/**
 * zod's issues reworded for scenario authors: the field path, what was expected and what was
 * found (`injects.0.phase: expected one of ...|..., got "contain"`), with a "did you mean" for
 * an unknown key. A schema's own custom message is kept.
 */
import * as z from 'zod';
import { closest, formatPath, type Problem } from '../check/validate';
import { ScenarioFileSchema } from './schema';

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
	let v = data;
	for (const segment of path) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<PropertyKey, unknown>)[segment];
	}
	return v;
}

function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'an empty value';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping';
	if (typeof value === 'string')
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
	return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	boolean: 'true or false',
	array: 'a list',
	object: 'a mapping',
	record: 'a mapping'
};

/** zod's own wording, which a schema's custom message replaces. */
const DEFAULT_MESSAGE = /^(Invalid|Too small|Too big|Unrecognized)/;

/** The problems one zod issue about `data` stands for, worded for the scenario's author. */
export function issueProblems(issue: Issue, data: unknown): Problem[] {
	return problemsOf(issue, [], data);
}

function problemsOf(issue: Issue, prefix: PropertyKey[], data: unknown): Problem[] {
	const path = [...prefix, ...issue.path] as (string | number)[];
	const name = formatPath(path);
	const here = (message: string, extra: Partial<Problem> = {}): Problem[] => [
		{ path, message: name ? `${name}: ${message}` : message, ...extra }
	];
	const value = valueAt(data, path);
	const custom = !DEFAULT_MESSAGE.test(issue.message);
	switch (issue.code) {
		case 'invalid_type':
			if (value === undefined) return here('required');
			return here(
				`expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describe(value)}`
			);
		case 'invalid_value':
			return here(`expected one of ${issue.values.join('|')}, got ${describe(value)}`);
		case 'invalid_format':
			return here(
				`${custom ? issue.message : `must be a valid ${issue.format}`}, got ${describe(value)}`
			);
		case 'too_small':
		case 'too_big': {
			if (custom) return here(issue.message);
			const small = issue.code === 'too_small';
			const limit = Number(small ? issue.minimum : issue.maximum);
			if (issue.origin === 'array') {
				const n = Array.isArray(value) ? value.length : 0;
				return here(
					`needs ${small ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'} (has ${n})`
				);
			}
			if (issue.origin === 'string') {
				if (small && limit === 1) return here('must not be empty');
				return here(`must be ${small ? 'at least' : 'at most'} ${limit} characters`);
			}
			const exclusive = issue.inclusive === false;
			const relation = small
				? exclusive
					? 'greater than'
					: 'at least'
				: exclusive
					? 'less than'
					: 'at most';
			return here(`must be ${relation} ${limit}, got ${describe(value)}`);
		}
		case 'unrecognized_keys': {
			const known = knownKeys(path, data);
			return issue.keys.map((key) => {
				const near = known ? closest(key, known) : undefined;
				const advice = near
					? `; did you mean '${near}'?`
					: known
						? ` (allowed: ${known.join(', ')})`
						: '';
				return {
					path: [...path, key],
					key: true,
					message: `${formatPath([...path, key])}: unknown key${advice}`
				};
			});
		}
		case 'invalid_union': {
			const options = (issue as { options?: unknown[] }).options;
			if (issue.discriminator !== undefined && options) {
				return here(`expected one of ${options.join('|')}, got ${describe(value)}`);
			}
			// The branch whose value had the right type explains the problem best.
			const typed = issue.errors.find(
				(branch) => !branch.every((e) => e.code === 'invalid_type' && e.path.length === 0)
			);
			if (typed) return typed.flatMap((e) => problemsOf(e, path, data));
			const expected = issue.errors.flatMap((branch) =>
				branch.map((e) => (e.code === 'invalid_type' ? (TYPE_NAMES[e.expected] ?? e.expected) : ''))
			);
			const kinds = [...new Set(expected.filter(Boolean))];
			const list =
				kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}` : kinds[0];
			return here(`expected ${list}, got ${describe(value)}`);
		}
		default:
			return here(custom ? issue.message : issue.message.replace(/^Invalid input: /, ''));
	}
}

type Def = {
	type: string;
	shape?: Record<string, z.ZodType>;
	element?: z.ZodType;
	innerType?: z.ZodType;
	valueType?: z.ZodType;
	options?: z.ZodType[];
	discriminator?: string;
	in?: z.ZodType;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The keys the schema allows for the object at `path`, for "did you mean" hints. */
function knownKeys(path: readonly PropertyKey[], data: unknown): string[] | undefined {
	const unwrap = (schema: z.ZodType, value: unknown): z.ZodType | undefined => {
		for (;;) {
			const def = defOf(schema);
			if (def.innerType) schema = def.innerType;
			else if (def.type === 'pipe' && def.in) schema = def.in;
			else if (def.type === 'union' && def.options) {
				const objects = def.options.filter((o) => defOf(o).type === 'object');
				const disc = def.discriminator;
				const chosen = disc
					? objects.find((o) => {
							const field = defOf(o).shape?.[disc];
							const values = field && (field as unknown as { values?: Set<unknown> }).values;
							return values?.has((value as Record<string, unknown>)?.[disc]);
						})
					: objects[0];
				if (!chosen) return undefined;
				schema = chosen;
			} else return schema;
		}
	};
	let schema: z.ZodType | undefined = ScenarioFileSchema;
	let value = data;
	for (const segment of path) {
		schema = unwrap(schema, value);
		if (!schema) return undefined;
		const def = defOf(schema);
		value = (value as Record<PropertyKey, unknown>)?.[segment];
		schema =
			def.type === 'object'
				? def.shape?.[String(segment)]
				: def.type === 'array'
					? def.element
					: def.type === 'record'
						? def.valueType
						: undefined;
		if (!schema) return undefined;
	}
	schema = unwrap(schema, value);
	const shape = schema && defOf(schema).shape;
	return shape ? Object.keys(shape) : undefined;
}
