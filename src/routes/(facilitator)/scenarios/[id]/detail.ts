/**
 * The scenario page's data: metadata, objectives, roles, variables, an MSEL-style outline of the
 * injects with the answer key, the attacker track, the endings, the path report and the branch
 * drawing. Staff only (the route checks); Markdown is rendered and sanitized here, on the server.
 */
import type { Decision, Scenario } from '#lib/engine/scenario/model.js';
import { scenarioContext } from '#lib/engine/scenario/metadata.js';
import type { DecisionFile } from '#lib/engine/scenario/schema.js';
import type { PathReport } from '#lib/engine/check/paths.js';
import { layoutBranchGraph } from '#lib/facilitator/graph.js';
import { formatOffset, formatSpan } from '#lib/facilitator/format.js';
import { earliestReleaseTimes, scenarioLinks } from '#lib/facilitator/links.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import type { CatalogueEntry } from '#lib/server/scenarios.js';
import { formatLocated, phasesCovered } from '#lib/server/scenario-library.js';

function scoreText(scores: Record<string, number>, phaseName: (id: string) => string): string {
	return Object.entries(scores)
		.filter(([, points]) => points !== 0)
		.map(([phase, points]) => `${phaseName(phase)} ${points > 0 ? '+' : ''}${points}`)
		.join(', ');
}

function decisionOutline(
	decision: Decision,
	phaseName: (id: string) => string,
	roleName: (id: string) => string,
	fileDecision?: DecisionFile
) {
	const fileOption = (id: string) => fileDecision?.options?.find((o) => o.id === id);
	const decider = decision.team?.decider;
	return {
		id: decision.id,
		kind: decision.kind,
		team: decider ? (decider === 'majority' ? 'majority' : roleName(decider)) : null,
		deadline: decision.deadlineMs === undefined ? null : formatSpan(decision.deadlineMs),
		points:
			decision.kind === 'indicators' || (decision.kind === 'text' && decision.scored)
				? `${decision.points} (${phaseName(decision.phase ?? '')})`
				: null,
		indicatorLines: decision.indicatorLines.map((n) => n + 1),
		options: decision.options.map((o) => ({
			id: o.id,
			label: o.label,
			correct: o.correct,
			next: o.next,
			/** The option's condition as written: offered only when it holds. */
			when: fileOption(o.id)?.when ?? null,
			scores: scoreText(o.scores, phaseName)
		})),
		timeout: decision.timeout
			? {
					next: decision.timeout.next,
					scores: scoreText(decision.timeout.scores, phaseName)
				}
			: null
	};
}

export type DecisionOutline = ReturnType<typeof decisionOutline>;

function reportOutline(report: PathReport, scenario: Scenario) {
	const phaseName = (id: string) => scenario.phases.find((p) => p.id === id)?.name ?? id;
	return {
		paths: report.paths,
		truncated: report.truncated,
		min: report.minMs === null ? null : formatOffset(report.minMs),
		max: report.maxMs === null ? null : formatOffset(report.maxMs),
		deadEnds: report.deadEnds.length,
		bestScore: scenario.phases
			.filter((p) => report.bestScore[p.id] !== undefined)
			.map((p) => ({ phase: phaseName(p.id), points: report.bestScore[p.id] }))
	};
}

/**
 * The page data per catalogue entry: the library keeps one entry object per unchanged file, so
 * the layout and the outline are computed once per file version, not per request.
 */
const cache = new WeakMap<CatalogueEntry, ReturnType<typeof buildDetail>>();

/** Everything the scenario page shows about a valid scenario (`entry.scenario` is set). */
export function scenarioDetail(entry: CatalogueEntry) {
	if (!entry.scenario) throw new Error(`scenario '${entry.id}' has errors; it has no outline`);
	let detail = cache.get(entry);
	if (!detail) {
		detail = buildDetail(entry, entry.scenario);
		cache.set(entry, detail);
	}
	return detail;
}

function buildDetail(entry: CatalogueEntry, s: Scenario) {
	const file = s.file;
	const phaseName = (id: string) => s.phases.find((p) => p.id === id)?.name ?? id;
	const roleName = (id: string) => s.roles.find((r) => r.id === id)?.name ?? id;
	const links = scenarioLinks(s);
	const times = earliestReleaseTimes(s, links);
	const fileInject = new Map(file.injects.map((i) => [i.id, i]));
	const title = (injectId: string) => s.injectById[injectId]?.title ?? injectId;

	const injects = s.injects
		.map((inject, order) => {
			let trigger: string;
			const sources: string[] = [];
			if (inject.trigger.kind === 'at') trigger = `at ${formatOffset(inject.trigger.atMs)}`;
			else if (inject.trigger.kind === 'after') {
				const delay = inject.trigger.delayMs;
				trigger = `after ${inject.trigger.inject}${delay ? ` + ${formatSpan(delay)}` : ''}`;
			} else {
				trigger = inject.delayMs ? `branch + ${formatSpan(inject.delayMs)}` : 'branch';
				for (const l of links) {
					if (l.to !== inject.id) continue;
					if (l.kind === 'option') sources.push(`${l.from} › ${l.optionId}`);
					else if (l.kind === 'timeout') sources.push(`${l.from} › ${l.decisionId} timeout`);
					else if (l.kind === 'stage') sources.push(`stage ${l.from}`);
				}
			}
			const audience = inject.audience;
			return {
				id: inject.id,
				order,
				title: inject.title,
				phase: phaseName(inject.phase),
				channel: inject.channel,
				from: inject.from ?? null,
				audience: audience ? audience.map(roleName).join(', ') : 'everyone',
				time: times[inject.id] === null ? null : formatOffset(times[inject.id]!),
				timeMs: times[inject.id],
				trigger,
				sources,
				when: fileInject.get(inject.id)?.when ?? null,
				milestone: inject.milestone ?? null,
				decisions: inject.decisions.map((d) =>
					decisionOutline(
						d,
						phaseName,
						roleName,
						fileInject.get(inject.id)?.decisions?.find((x) => x.id === d.id)
					)
				)
			};
		})
		.sort((a, b) => (a.timeMs ?? Infinity) - (b.timeMs ?? Infinity) || a.order - b.order);

	const fileStage = new Map(file.attacker.map((st) => [st.id, st]));
	const fileEnding = new Map(file.endings.map((e) => [e.id, e]));
	const report = entry.report;
	const context = scenarioContext(file);
	return {
		id: s.id,
		title: s.title,
		summaryHtml: renderMarkdown(s.summary),
		version: s.version,
		authors: s.authors,
		licence: s.licence,
		duration: s.duration,
		difficulty: s.difficulty,
		tags: s.tags,
		attack: s.attack,
		context,
		threatActorHtml: context.threatActor?.description
			? renderMarkdown(context.threatActor.description)
			: null,
		origin: entry.origin,
		fileName: entry.fileName,
		hash: entry.hash ?? null,
		phases: phasesCovered(s).map((p) => p.name),
		objectives: s.objectives.map((o) => ({
			id: o.id,
			title: o.title,
			descriptionHtml: o.description ? renderMarkdown(o.description) : null,
			phases: o.phases.map(phaseName),
			capability: o.capability ?? null
		})),
		roles: s.roles.map((r) => ({
			id: r.id,
			name: r.name,
			descriptionHtml: r.description ? renderMarkdown(r.description) : null
		})),
		variables: Object.values(s.variables).map((v) => ({
			name: v.name,
			type: v.type,
			initial: JSON.stringify(v.initial)
		})),
		injects,
		decisionCount: Object.keys(s.decisionByKey).length,
		stages: s.stages.map((st) => ({
			id: st.id,
			title: st.title,
			technique: st.technique ?? null,
			at:
				st.atMs !== null
					? formatOffset(st.atMs)
					: st.after
						? `${formatOffset(st.after.delayMs)} after ${st.after.decision ? `${st.after.inject}/${st.after.decision} closes` : st.after.inject}`
						: '',
			unless: fileStage.get(st.id)?.unless ?? null,
			inject: st.inject ? { id: st.inject, title: title(st.inject) } : null
		})),
		endings: s.endings.map((e) => ({
			id: e.id,
			title: e.title,
			outcome: e.outcome,
			when: fileEnding.get(e.id)?.when ?? null,
			summaryHtml: renderMarkdown(e.summary),
			paths: report?.endings[e.id] ?? 0
		})),
		report: report ? reportOutline(report, s) : null,
		warnings: entry.warnings.map(formatLocated),
		graph: layoutBranchGraph(s)
	};
}

export type ScenarioDetail = ReturnType<typeof scenarioDetail>;
