/**
 * The OpenAPI description against the code and the docs: it is valid OpenAPI 3.1; every
 * endpoint under src/routes/api/v1 is in it with each method it exports (and nothing that does
 * not exist); every example in it validates against its schema, and so does every JSON body
 * that docs/api.md sends with curl.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { CONTROL_ACTIONS } from '#lib/server/sessions/service.js';
import { openApiDocument } from './openapi';

const ROOT = 'src/routes/api/v1';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Doc = {
	paths: Record<string, Record<string, OperationDoc>>;
	components?: { schemas?: Record<string, unknown> };
};
type OperationDoc = {
	requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> };
};

const doc = JSON.parse(JSON.stringify(openApiDocument())) as Doc;

function serverFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return serverFiles(path);
		return name === '+server.ts' ? [path] : [];
	});
}

/** `method path` for every handler the routes export, in OpenAPI's path syntax. */
function routeOperations(): string[] {
	return serverFiles(ROOT).flatMap((file) => {
		const source = readFileSync(file, 'utf8');
		const route = `/api/v1/${relative(ROOT, file)}`
			.replace(/\/\+server\.ts$/, '')
			.replace(/\[(\w+)\]/g, '{$1}');
		const paths = route.endsWith('/{action}')
			? CONTROL_ACTIONS.map((a) => route.replace('{action}', a))
			: [route];
		return METHODS.filter((m) => new RegExp(`export const ${m}\\b`).test(source)).flatMap((m) =>
			paths.map((p) => `${m.toLowerCase()} ${p}`)
		);
	});
}

function documentedOperations(): string[] {
	return Object.entries(doc.paths).flatMap(([path, item]) =>
		Object.keys(item).map((method) => `${method} ${path}`)
	);
}

/** A validator for a request body schema, resolving the document's component references. */
function compile(schema: unknown) {
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	ajv.addSchema({ $id: 'doc', components: doc.components ?? {} });
	const withRefs = JSON.parse(
		JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/')
	) as object;
	return ajv.compile(withRefs);
}

function jsonBody(path: string, method = 'post') {
	const content = doc.paths[path]?.[method]?.requestBody?.content['application/json'];
	return content;
}

describe('the OpenAPI description', () => {
	it('is valid OpenAPI 3.1', async () => {
		const validator = new Validator();
		const result = await validator.validate(
			JSON.parse(JSON.stringify(openApiDocument())) as Record<string, unknown>
		);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(validator.version).toBe('3.1');
	});

	it('has every endpoint and method the routes export, and no other', () => {
		const routes = routeOperations().sort();
		expect(routes.length).toBeGreaterThan(25);
		expect(documentedOperations().sort()).toEqual(routes);
	});

	it('has an example for every JSON body, and each validates against its schema', () => {
		let checked = 0;
		for (const [path, item] of Object.entries(doc.paths)) {
			for (const [method, op] of Object.entries(item)) {
				const json = op.requestBody?.content['application/json'];
				if (!json) continue;
				expect(json.example, `${method} ${path} has an example`).toBeDefined();
				const validate = compile(json.schema);
				expect(
					validate(json.example),
					`${method} ${path}: ${JSON.stringify(validate.errors)}`
				).toBe(true);
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(15);
	});

	it('refuses what the endpoints refuse: a mistyped key, a wrong type', () => {
		const release = compile(jsonBody('/api/v1/sessions/{id}/release')!.schema);
		expect(release({ team: 'Red' })).toBe(true);
		expect(release({ teem: 'Red' })).toBe(false);
		const speed = compile(jsonBody('/api/v1/sessions/{id}/speed')!.schema);
		expect(speed({ speed: 'fast' })).toBe(false);
	});

	it('accepts every JSON body docs/api.md sends with curl', () => {
		const text = readFileSync('docs/api.md', 'utf8');
		const calls = [
			...text.matchAll(
				/curl -s -X POST "\$ST(\/api\/v1\/[^"?]+)(?:\?[^"]*)?"[^\n]*(?:\\\n[^\n]*)?-d '(\{[^']*\})'/g
			)
		];
		expect(calls.length).toBeGreaterThan(15);
		for (const [, rawPath, body] of calls) {
			const path = rawPath
				.replace(/\/sessions\/\$SID/, '/sessions/{id}')
				.replace(/\/rfis\/[^/]+$/, '/rfis/{rfiId}');
			const content = jsonBody(path);
			expect(content, `docs/api.md posts to ${path}, which the description has`).toBeDefined();
			const validate = compile(content!.schema);
			expect(
				validate(JSON.parse(body)),
				`${path} ${body}: ${JSON.stringify(validate.errors)}`
			).toBe(true);
		}
	});
});
