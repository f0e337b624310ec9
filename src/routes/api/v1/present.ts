/**
 * How the API shows scenarios and sessions: plain JSON with only the fields a client needs, so
 * nothing from the answer key or the account store rides along by accident.
 */
import { MINUTE } from '#lib/engine/scenario/model.js';
import type { CatalogueEntry } from '#lib/server/scenarios.js';
import { formatJoinCode } from '#lib/server/sessions/hub.js';
import type { SessionMeta } from '#lib/server/storage/sessions.js';

/** One scenario of the library; fields of a file too broken to read are null. */
export function scenarioSummary(entry: CatalogueEntry) {
	const s = entry.scenario;
	const report = entry.report;
	const used = new Set(s?.injects.map((i) => i.phase) ?? []);
	const minutes = (ms: number | null | undefined) =>
		ms === null || ms === undefined ? null : Math.round((ms / MINUTE) * 10) / 10;
	return {
		id: entry.id,
		title: s?.title ?? null,
		summary: s?.summary ?? null,
		version: s?.version ?? null,
		difficulty: s?.difficulty ?? null,
		duration: s?.duration ?? null,
		phases: (s?.phases ?? [])
			.filter((p) => used.has(p.id))
			.map((p) => ({ id: p.id, name: p.name })),
		attack: s?.attack ?? [],
		tags: s?.tags ?? [],
		valid: entry.valid,
		errors: entry.errors,
		warnings: entry.warnings,
		paths: report?.paths ?? null,
		endings: (s?.endings ?? []).map((e) => ({
			id: e.id,
			title: e.title,
			outcome: e.outcome,
			paths: report?.endings[e.id] ?? 0
		})),
		minMinutes: minutes(report?.minMs),
		maxMinutes: minutes(report?.maxMs),
		hash: entry.hash ?? null,
		origin: entry.origin
	};
}

/** One line of the sessions list. */
export function sessionSummary(meta: SessionMeta, origin: string) {
	return {
		id: meta.id,
		title: meta.title,
		scenarioId: meta.scenarioId,
		scenarioTitle: meta.scenarioTitle,
		status: meta.status,
		joinCode: formatJoinCode(meta.joinCode),
		teams: meta.teams.map((t) => ({ id: t.id, name: t.name })),
		speed: meta.speed,
		release: meta.release,
		facilitatorId: meta.facilitatorId,
		createdAt: new Date(meta.createdAt).toISOString(),
		startedAt: meta.startedAt === null ? null : new Date(meta.startedAt).toISOString(),
		endedAt: meta.endedAt === null ? null : new Date(meta.endedAt).toISOString(),
		url: `${origin}/sessions/${meta.id}`
	};
}
