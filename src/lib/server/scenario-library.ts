/**
 * What the scenario library shows of each catalogue entry: plain data for the page, never the
 * compiled scenario itself (its answer key stays on the server until a staff page asks for it).
 */
import type { Located } from '#lib/engine/scenario/load.js';
import { scenarioContext, type ScenarioContext } from '#lib/engine/scenario/metadata.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import type { CatalogueEntry } from '#lib/server/scenarios.js';

/** A checker problem as authors read it in their editor: `file:line:col: message`. */
export function formatLocated(problem: Located): string {
	return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

/** The phases a scenario plays in (its injects' phases), in the order of its phase model. */
export function phasesCovered(scenario: Scenario): { id: string; name: string }[] {
	const used = new Set(scenario.injects.map((i) => i.phase));
	return scenario.phases.filter((p) => used.has(p.id)).map((p) => ({ id: p.id, name: p.name }));
}

export interface LibraryItem {
	id: string;
	title: string;
	summaryHtml: string;
	origin: CatalogueEntry['origin'];
	fileName: string;
	valid: boolean;
	errorCount: number;
	warningCount: number;
	duration: { min: number; max: number } | null;
	difficulty: string | null;
	phases: string[];
	attack: string[];
	tags: string[];
	paths: number | null;
	pathsTruncated: boolean;
	/** Where the scenario comes from and the credit its licence asks for (plain text). */
	licence: string | null;
	attribution: string | null;
	source: ScenarioContext['source'];
}

/** One row of the library. */
export function libraryItem(entry: CatalogueEntry): LibraryItem {
	const s = entry.scenario;
	const context = s ? scenarioContext(s.file) : null;
	return {
		id: entry.id,
		title: s?.title ?? entry.source?.title ?? entry.fileName,
		summaryHtml: s ? renderMarkdown(s.summary) : '',
		origin: entry.origin,
		fileName: entry.fileName,
		valid: entry.valid,
		errorCount: entry.errors.length,
		warningCount: entry.warnings.length,
		duration: s ? { ...s.duration } : null,
		difficulty: s?.difficulty ?? null,
		phases: s ? phasesCovered(s).map((p) => p.name) : [],
		attack: s ? [...s.attack] : [],
		tags: s ? [...s.tags] : [],
		paths: entry.report?.paths ?? null,
		pathsTruncated: entry.report?.truncated ?? false,
		licence: context?.licence ?? null,
		attribution: context?.attribution ?? null,
		source: context?.source ?? null
	};
}
