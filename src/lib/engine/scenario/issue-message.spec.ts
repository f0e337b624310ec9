import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { issueProblems } from './issue-message';
import { ScenarioFileSchema } from './schema';

function messages(schema: z.ZodType, data: unknown): string[] {
	const parsed = schema.safeParse(data);
	if (parsed.success) return [];
	return parsed.error.issues.flatMap((issue) => issueProblems(issue, data)).map((p) => p.message);
}

describe('zod issues worded for authors', () => {
	it('say what was expected and what was found, at the field path', () => {
		const schema = z.object({
			title: z.string().min(1),
			tags: z.array(z.string()).max(1),
			level: z.enum(['low', 'high']),
			minutes: z.number().positive()
		});
		expect(messages(schema, { title: '', tags: ['a', 'b'], level: 'mid', minutes: 0 })).toEqual([
			'title: must not be empty',
			'tags: needs at most 1 item (has 2)',
			'level: expected one of low|high, got "mid"',
			'minutes: must be greater than 0, got number 0'
		]);
		expect(messages(schema, { tags: 'a', level: 'low', minutes: 1 })).toEqual([
			'title: required',
			'tags: expected a list, got "a"'
		]);
	});

	it('keep a schema’s own message', () => {
		const schema = z.object({ id: z.string().regex(/^[a-z]+$/, 'must be lowercase letters') });
		expect(messages(schema, { id: 'X' })).toEqual(['id: must be lowercase letters, got "X"']);
	});

	it('suggest the scenario key an unknown key was meant to be', () => {
		const problems = ScenarioFileSchema.safeParse({ titel: 'x' }).error!.issues.flatMap((issue) =>
			issueProblems(issue, { titel: 'x' })
		);
		expect(problems).toContainEqual({
			path: ['titel'],
			key: true,
			message: "titel: unknown key; did you mean 'title'?"
		});
	});
});
