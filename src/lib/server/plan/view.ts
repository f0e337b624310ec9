/**
 * What the plan pages show of a revision: its sections rendered to sanitized HTML on the server
 * (never Markdown in the browser), a table of contents, and the revision's provenance (who, when,
 * why, and what caused it). Revisions never change, so a rendered revision is kept by number.
 */
import { parsePlan } from '#lib/reports/plan.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import type { PlanRevision } from './store';
import type { Provenance, RenderedPlan } from '#lib/components/plan/types.js';

/** Who, when, why and what caused a revision, without its text. */
export function provenance(revision: PlanRevision): Provenance {
	return {
		rev: revision.rev,
		at: revision.at,
		by: revision.by?.name ?? null,
		reason: revision.reason,
		source: revision.source
	};
}

const rendered = new Map<string, RenderedPlan>();

/** A revision's sections as sanitized HTML, with its title and provenance. */
export function renderPlan(revision: PlanRevision): RenderedPlan {
	// The time is part of the key: a new data folder starts numbering again at 1.
	const key = `${revision.rev}:${revision.at}`;
	const hit = rendered.get(key);
	if (hit) return hit;
	const plan = parsePlan(revision.markdown);
	const result: RenderedPlan = {
		title: plan.title,
		sections: plan.sections.map((s) => ({
			id: s.id,
			title: s.title,
			level: s.level,
			html: scrollableTables(renderMarkdown(s.body), s.title)
		})),
		provenance: provenance(revision)
	};
	if (rendered.size >= 8) rendered.delete(rendered.keys().next().value!);
	rendered.set(key, result);
	return result;
}

/**
 * Wide tables (the contact sheet, the severity matrix) scroll sideways on a phone inside a
 * focusable region, so keyboard users can scroll them too. Added after sanitizing: marked writes
 * bare `<table>` tags and these wrappers carry only our own attributes.
 */
function scrollableTables(html: string, title: string): string {
	const label = `Table in ${title}`.replace(/[&"<>]/g, '');
	return html
		.replaceAll(
			'<table>',
			`<div class="table-scroll" tabindex="0" role="region" aria-label="${label}"><table>`
		)
		.replaceAll('</table>', '</table></div>');
}
