/**
 * Writes static/scenario.schema.json, the JSON Schema of scenario files, from the zod schema in
 * src/lib/engine/scenario/schema.ts, so that editors (the YAML language server) validate and complete
 * scenarios as they are typed. Run it with `npm run schema` after changing schema.ts; a unit test
 * fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { ScenarioFileSchema } from '../src/lib/engine/scenario/schema';

/** Where the schema is served from (`/scenario.schema.json`) and committed. */
export const SCHEMA_FILE = fileURLToPath(
	new URL('../static/scenario.schema.json', import.meta.url)
);

/** The JSON Schema (draft-07) of a scenario file as text, exactly as it is committed. */
export function scenarioJsonSchema(): string {
	const generated = z.toJSONSchema(ScenarioFileSchema, { io: 'input', target: 'draft-07' });
	const { $schema, ...rest } = generated;
	const schema = {
		$schema,
		title: 'Sandtable scenario',
		description:
			'A branching incident-response tabletop scenario for Sandtable. Generated from ' +
			'src/lib/engine/scenario/schema.ts by `npm run schema`; do not edit. The checker ' +
			'(`npm run scenarios:check`) also verifies links, expressions and paths, which a JSON ' +
			'Schema cannot express. Reference: docs/scenario-format.md.',
		...rest
	};
	return `${JSON.stringify(schema, null, '\t')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	writeFileSync(SCHEMA_FILE, scenarioJsonSchema());
	console.log(`wrote ${SCHEMA_FILE}`);
}
