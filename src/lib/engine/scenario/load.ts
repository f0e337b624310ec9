/**
 * Loads a scenario file: bytes -> text -> YAML -> schema -> links and semantics -> compiled
 * scenario -> path report. Every problem is located at file:line:column (1-based), and each
 * stage stops the pipeline at its errors. Pure: no `node:*`, so the server and the checker CLI
 * share it. The stages live beside it: decode.ts, parse-yaml.ts, issue-message.ts (zod's issues
 * worded for authors) and source-position.ts (data paths to line:column).
 */
import { compileScenario } from './compile';
import { decodeUtf8, utf8Length } from './decode';
import { issueProblems } from './issue-message';
import type { Scenario } from './model';
import { parseYaml, type YamlResult } from './parse-yaml';
import { ScenarioFileSchema, type ScenarioFile } from './schema';
import { Locator } from './source-position';
import { explorePaths, type PathReport } from '../check/paths';
import { pathProblems, validateScenario, type Problem } from '../check/validate';

/** A problem at a place in a file; line and column are 1-based, columns in UTF-16 units. */
export interface Located {
	file: string;
	line: number;
	column: number;
	message: string;
}

export interface LoadResult {
	file: string;
	/** The zod-parsed file, when it is structurally valid. */
	source?: ScenarioFile;
	/** The compiled scenario, when there are no errors. */
	scenario?: Scenario;
	/** What the path explorer found, when the scenario compiled. */
	paths?: PathReport;
	errors: Located[];
	warnings: Located[];
}

/** The largest scenario file accepted, in bytes. */
export const MAX_SCENARIO_BYTES = 1_048_576;

/** What `loadScenario` may leave out. */
export interface LoadOptions {
	/**
	 * Explore the paths (default true). Without it the file is parsed, validated and compiled but
	 * its paths are not explored, so loops and endings go unchecked and `paths` stays unset: the
	 * studio's check as you type, which must answer quickly on a 2,000-line file.
	 */
	paths?: boolean;
}

/** Loads, validates and compiles one scenario file; never throws on bad input. */
export function loadScenario(
	input: string | Uint8Array,
	file: string,
	options: LoadOptions = {}
): LoadResult {
	const result: LoadResult = { file, errors: [], warnings: [] };
	const at = (line: number, column: number, message: string): Located => ({
		file,
		line,
		column,
		message
	});

	const size = typeof input === 'string' ? utf8Length(input) : input.byteLength;
	if (size > MAX_SCENARIO_BYTES) {
		const n = (x: number) => x.toLocaleString('en');
		result.errors.push(
			at(1, 1, `file is too large: ${n(size)} bytes; the limit is ${n(MAX_SCENARIO_BYTES)} bytes`)
		);
		return result;
	}

	const decoded = typeof input === 'string' ? { text: input } : decodeUtf8(input);
	if ('error' in decoded) {
		result.errors.push(at(decoded.line, decoded.column, decoded.error));
		return result;
	}
	const text = decoded.text.startsWith('\uFEFF') ? decoded.text.slice(1) : decoded.text;

	let yaml: YamlResult;
	try {
		yaml = parseYaml(text);
	} catch (e) {
		// The yaml package turns most stack overflows into errors; this catches the rest.
		const why = e instanceof RangeError ? 'the file is nested too deeply or too large' : String(e);
		result.errors.push(at(1, 1, `cannot parse the YAML: ${why}`));
		return result;
	}
	const pos = (offset: number) => {
		const { line, col } = yaml.lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
		return { line, column: col };
	};
	const atOffset = (offset: number, message: string): Located => {
		const p = pos(offset);
		return at(p.line, p.column, message);
	};
	for (const e of yaml.errors) result.errors.push(atOffset(e.offset, e.message));
	for (const w of yaml.warnings) result.warnings.push(atOffset(w.offset, w.message));
	if (result.errors.length || !yaml.doc) return result;

	const locator = new Locator(yaml.doc, text, yaml.lineCounter);
	const located = (p: Problem): Located => {
		const where = locator.locate(p);
		let message = p.message;
		if (p.related) {
			const other = locator.locate({ path: p.related.path, message: '' });
			message += ` (${p.related.label} at ${other.line}:${other.column})`;
		}
		return at(where.line, where.column, message);
	};

	const parsed = ScenarioFileSchema.safeParse(yaml.data);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			for (const p of issueProblems(issue, yaml.data)) result.errors.push(located(p));
		}
		sortLocated(result.errors);
		return result;
	}
	result.source = parsed.data;

	const checked = validateScenario(parsed.data);
	result.errors.push(...checked.errors.map(located));
	result.warnings.push(...checked.warnings.map(located));
	if (result.errors.length) {
		sortLocated(result.errors);
		sortLocated(result.warnings);
		return result;
	}

	try {
		const scenario = compileScenario(parsed.data);
		if (options.paths === false) {
			result.scenario = scenario;
			sortLocated(result.warnings);
			return result;
		}
		const report = explorePaths(scenario);
		const found = pathProblems(parsed.data, report);
		result.paths = report;
		result.errors.push(...found.errors.map(located));
		result.warnings.push(...found.warnings.map(located));
		if (!result.errors.length) result.scenario = scenario;
	} catch (e) {
		// Validation should make this unreachable; say so rather than crash the caller.
		const why = e instanceof Error ? e.message : String(e);
		result.errors.push(at(1, 1, `the scenario passed validation but could not be played: ${why}`));
	}
	sortLocated(result.warnings);
	return result;
}

function sortLocated(list: Located[]): void {
	list.sort((a, b) => a.line - b.line || a.column - b.column);
}
