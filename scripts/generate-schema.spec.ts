import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, scenarioJsonSchema } from './generate-schema';

type JsonSchema = {
	title?: string;
	type?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: unknown;
	items?: JsonSchema;
};

describe('static/scenario.schema.json', () => {
	it('is what `npm run schema` generates from schema.ts (run it after changing the schema)', () => {
		expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(scenarioJsonSchema());
	});

	const schema = JSON.parse(scenarioJsonSchema()) as JsonSchema & { $schema: string };

	it('is a titled draft-07 schema that allows the $schema key', () => {
		expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
		expect(schema.title).toBe('Sandtable scenario');
		expect(schema.properties?.$schema).toEqual({ type: 'string' });
	});

	it('refuses unknown keys so that editors flag typos', () => {
		expect(schema.additionalProperties).toBe(false);
		const inject = schema.properties!.injects.items!;
		expect(inject.additionalProperties).toBe(false);
		expect(inject.properties!.decisions.items!.additionalProperties).toBe(false);
	});

	it('describes the input: fields with defaults are optional', () => {
		expect(schema.required).toEqual(
			expect.arrayContaining(['id', 'title', 'injects', 'endings', 'roles', 'objectives'])
		);
		expect(schema.required).not.toContain('tags');
		expect(schema.required).not.toContain('variables');
	});
});
