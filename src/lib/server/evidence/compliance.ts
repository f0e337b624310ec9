/**
 * The compliance view over the stores: every ended exercise's summary with the CSF ids of the
 * scenario it played, and the improvement items, through the pure `compliance` of
 * #lib/evidence/compliance.ts.
 */
import {
	compliance,
	controlMapping,
	type Evidenced,
	type ExerciseEvidence
} from '#lib/evidence/compliance.js';
import type { Catalogue } from '#lib/evidence/catalogue.js';
import { isCsf2Framework } from '#lib/engine/scenario/metadata.js';
import type { Scenario } from '#lib/engine/scenario/model.js';
import type { SessionSummary } from '#lib/engine/score/summary.js';
import { improvements, summaries } from '../app';
import { getScenario } from '../scenarios';
import { hub } from '../sessions/hub';
import { loadCatalogue } from './catalogue';

/** The NIST CSF 2.0 ids a scenario maps to in its `controls:`. */
export function csfIds(scenario: Pick<Scenario, 'file'>): string[] {
	return (scenario.file.controls ?? [])
		.filter((c) => isCsf2Framework(c.framework))
		.map((c) => c.id);
}

/**
 * The exercise's evidence: its summary and its scenario's CSF ids. The library's current copy of
 * the scenario is read (a view over every exercise must not load every session); a scenario no
 * longer in the library evidences nothing by CSF id.
 */
async function evidenceOf(summary: SessionSummary): Promise<ExerciseEvidence> {
	const entry = await getScenario(summary.scenarioId);
	return { summary, csf: entry?.scenario ? csfIds(entry.scenario) : [] };
}

/** The compliance view at `now`, over every ended exercise and every improvement item. */
export async function complianceNow(now = Date.now()) {
	const catalogue = await loadCatalogue();
	const all = (await summaries.all()).filter((s) => s.endedAt !== null);
	const exercises = await Promise.all(all.map(evidenceOf));
	return {
		defaultIntervalMonths: catalogue.defaultIntervalMonths,
		standards: compliance(catalogue, exercises, (await improvements()).list(), now)
	};
}

/**
 * Which requirements one ended exercise evidences and why, for its evidence pack; null when the
 * session is unknown or has not ended. Takes the scenario the session played (its snapshot).
 */
export async function controlMappingFor(
	sessionOrSummary: string | SessionSummary,
	catalogue?: Catalogue
): Promise<Evidenced[] | null> {
	const summary =
		typeof sessionOrSummary === 'string' ? await summaries.get(sessionOrSummary) : sessionOrSummary;
	if (!summary) return null;
	const session = await hub.get(summary.sessionId);
	const csf = session ? csfIds(session.scenario) : (await evidenceOf(summary)).csf;
	return controlMapping({ summary, csf }, catalogue ?? (await loadCatalogue()));
}
