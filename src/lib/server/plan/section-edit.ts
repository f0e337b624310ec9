/**
 * Editing one plan section, shared by the section editor and by accepting an improvement item:
 * the form, the text to prefill, and the save, which refuses an edit made on a stale copy of the
 * section (someone else changed it since the editor was opened) instead of silently undoing it.
 */
import { z } from 'zod';
import { parsePlan, type PlanSection } from '#lib/reports/plan.js';
import {
	MAX_PLAN_BYTES,
	MAX_REASON,
	PlanError,
	type PlanAuthor,
	type PlanRevision,
	type PlanSource,
	type PlanStore
} from '#lib/server/plan/store.js';

/** A section edit form post may carry a section as large as a whole plan. */
export const MAX_EDIT_BODY = MAX_PLAN_BYTES + 16 * 1024;

export const sectionEditSchema = z.object({
	body: z.string().max(MAX_PLAN_BYTES, 'The section is larger than the whole plan may be.'),
	reason: z
		.string()
		.trim()
		.min(1, 'Say why the section changes.')
		.max(MAX_REASON, `Keep the reason under ${MAX_REASON} characters.`),
	baseRev: z.coerce.number().int().min(1)
});

export type SectionEdit = z.output<typeof sectionEditSchema>;

export interface EditableSection {
	id: string;
	title: string;
	level: number;
	body: string;
	rev: number;
}

function sectionOf(markdown: string, id: string): PlanSection | undefined {
	return parsePlan(markdown).sections.find((s) => s.id === id);
}

/** The section as the current revision has it, to prefill an editor; null if there is none. */
export function editableSection(store: PlanStore, id: string): EditableSection | null {
	const current = store.current();
	const section = sectionOf(current.markdown, id);
	if (!section) return null;
	return { id, title: section.title, level: section.level, body: section.body, rev: current.rev };
}

export type SaveResult =
	{ ok: true; revision: PlanRevision } | { ok: false; status: 400 | 404 | 409; message: string };

/** Saves a section edit as a new revision, unless the section changed since `baseRev`. */
export async function saveSection(
	store: PlanStore,
	sectionId: string,
	edit: SectionEdit,
	by: PlanAuthor,
	source: Omit<PlanSource, 'sectionId'> = { kind: 'edit' }
): Promise<SaveResult> {
	const current = store.current();
	const now = sectionOf(current.markdown, sectionId);
	if (!now) return { ok: false, status: 404, message: `The plan has no section "${sectionId}".` };
	if (edit.baseRev !== current.rev) {
		const base = store.revision(edit.baseRev);
		const then = base && sectionOf(base.markdown, sectionId);
		if (!then || then.body !== now.body) {
			const who = current.by?.name ?? 'Sandtable';
			return {
				ok: false,
				status: 409,
				message: `${who} changed this section in revision ${current.rev} after you opened the editor. Your text is kept below: compare it with the current section and save again.`
			};
		}
	}
	if (normalise(edit.body) === now.body) {
		return { ok: false, status: 400, message: 'The section text is unchanged.' };
	}
	try {
		return {
			ok: true,
			revision: await store.editSection(sectionId, edit.body, by, edit.reason, source)
		};
	} catch (e) {
		if (e instanceof PlanError) {
			return { ok: false, status: 400, message: e.problems.map((p) => p.message).join('; ') };
		}
		throw e;
	}
}

/** The body as the plan will store it, to tell whether anything changed. */
function normalise(body: string): string {
	return body.replace(/\r\n?/g, '\n').trim();
}
