/**
 * Where a scenario comes from and what it is about for the organisation: source, licence and
 * attribution, threat actor, affected assets, control mappings and register risks, as plain
 * data for the library, the scenario page and the debrief. Every field of the file is optional;
 * this gives each one a single shape (empty lists, nulls).
 */
import { CSF2_ID_PATTERN, type ScenarioFile } from './schema';

export interface ScenarioContext {
	licence: string;
	attribution: string | null;
	source: { title: string; url: string | null; publisher: string | null } | null;
	threatActor: { name: string; description: string | null } | null;
	assets: { name: string; kind: string | null }[];
	controls: { framework: string; id: string; title: string | null }[];
	risks: string[];
}

/** Framework names that mean NIST CSF 2.0 ("NIST CSF 2.0", "CSF v2", "Cybersecurity Framework 2.0"). */
const CSF2_FRAMEWORK = /\b(csf|cybersecurity framework)\s*(v|version\s*)?2(\.0)?$/i;

/** Whether `framework` names NIST CSF 2.0, whose control ids the checker verifies. */
export function isCsf2Framework(framework: string): boolean {
	return CSF2_FRAMEWORK.test(framework.trim());
}

/** Whether `id` is a NIST CSF 2.0 function, category or subcategory id (RS, RS.MA, RS.MA-01). */
export function isCsf2Id(id: string): boolean {
	return CSF2_ID_PATTERN.test(id);
}

/** The scenario's metadata in one shape; a URL that is not http(s) is dropped, never linked. */
export function scenarioContext(file: ScenarioFile): ScenarioContext {
	const url = file.source?.url;
	return {
		licence: file.licence,
		attribution: file.attribution ?? null,
		source: file.source
			? {
					title: file.source.title,
					url: url && /^https?:\/\//i.test(url) ? url : null,
					publisher: file.source.publisher ?? null
				}
			: null,
		threatActor: file.threatActor
			? { name: file.threatActor.name, description: file.threatActor.description ?? null }
			: null,
		assets: (file.assets ?? []).map((a) =>
			typeof a === 'string' ? { name: a, kind: null } : { name: a.name, kind: a.kind ?? null }
		),
		controls: (file.controls ?? []).map((c) => ({
			framework: c.framework,
			id: c.id,
			title: c.title ?? null
		})),
		risks: [...(file.risks ?? [])]
	};
}

/** "Title, Publisher" of a source, the way reports credit it. */
export function sourceLine(source: NonNullable<ScenarioContext['source']>): string {
	return source.publisher ? `${source.title}, ${source.publisher}` : source.title;
}
