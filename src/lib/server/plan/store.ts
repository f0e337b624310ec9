/**
 * The IR plan and its revisions, over a `PlanRevisionStore`. Every change makes a new revision
 * recording who, when, why and what caused it (an upload, an edit, or an improvement item from an
 * exercise); revisions are never rewritten. The first revision is the sample plan shipped with
 * the app. The rules (what a valid plan is, how a section is replaced) live here, so that every
 * storage implementation shares them.
 */
import { PLAN_GENESIS, linkedAfter } from '#lib/evidence/histories.js';
import { parsePlan, replaceSection } from '#lib/reports/plan.js';
import type { PlanAuthor, PlanRevision, PlanRevisionStore, PlanSource } from '../storage/plans';

export type { PlanAuthor, PlanRevision, PlanSource } from '../storage/plans';

/** A plan text that cannot be stored: the lines and what is wrong with them. */
export class PlanError extends Error {
	constructor(readonly problems: { line: number; message: string }[]) {
		super(problems.map((p) => `line ${p.line}: ${p.message}`).join('; '));
		this.name = 'PlanError';
	}
}

export const MAX_PLAN_BYTES = 512 * 1024;
export const MAX_REASON = 500;

/** Checks a plan text: size, section ids, at least one section. */
export function validatePlan(markdown: string): void {
	if (Buffer.byteLength(markdown) > MAX_PLAN_BYTES) {
		throw new PlanError([
			{ line: 1, message: `the plan is larger than ${MAX_PLAN_BYTES / 1024} KiB` }
		]);
	}
	const parsed = parsePlan(markdown);
	if (parsed.errors.length > 0) throw new PlanError(parsed.errors);
	if (parsed.sections.length === 0) {
		throw new PlanError([
			{
				line: 1,
				message: 'no section has an id: write headings like "## Escalation {#escalation}"'
			}
		]);
	}
}

/**
 * The plan as this process knows it: the revisions read when it was opened, with the ones it
 * added since, so that reads need no wait. Changes are made on that copy and stored with the
 * revision number they expect; a store that refuses one is read again.
 */
export class PlanStore {
	private constructor(
		private readonly store: PlanRevisionStore,
		private revisions: PlanRevision[]
	) {}

	/** Opens the plan in `store`, storing `sample` as its first revision when it has none. */
	static async open(store: PlanRevisionStore, sample: string): Promise<PlanStore> {
		const plan = new PlanStore(store, await store.list());
		// Write the first revision at once, so its date is the day the plan was set up.
		if (plan.revisions.length === 0) {
			await plan.keep({
				rev: 1,
				markdown: sample,
				at: Date.now(),
				by: null,
				reason: 'Sample plan shipped with Sandtable',
				source: { kind: 'sample' }
			});
		}
		return plan;
	}

	current(): PlanRevision {
		const list = this.revisions;
		return list[list.length - 1];
	}

	revision(rev: number): PlanRevision | undefined {
		return this.revisions.find((r) => r.rev === rev);
	}

	/** Every revision, newest first. */
	history(): PlanRevision[] {
		return [...this.revisions].reverse();
	}

	private async add(
		markdown: string,
		by: PlanAuthor,
		reason: string,
		source: PlanSource
	): Promise<PlanRevision> {
		validatePlan(markdown);
		const why = reason.trim();
		if (!why) throw new PlanError([{ line: 1, message: 'say why the plan changes' }]);
		if (why.length > MAX_REASON)
			throw new PlanError([
				{ line: 1, message: `the reason is longer than ${MAX_REASON} characters` }
			]);
		const revision: PlanRevision = {
			rev: this.current().rev + 1,
			markdown,
			at: Date.now(),
			by,
			reason: why,
			source
		};
		return this.keep(revision);
	}

	/**
	 * Adds a revision here at once (later changes build on it), then to the store; it is chained
	 * to the revisions before it (issue 16).
	 */
	private async keep(unlinked: PlanRevision): Promise<PlanRevision> {
		const revision = linkedAfter(PLAN_GENESIS, this.revisions, unlinked);
		this.revisions.push(revision);
		try {
			await this.store.add(revision);
		} catch (e) {
			// Not stored: show only what the store holds (it may have moved on meanwhile).
			this.revisions = await this.store
				.list()
				.catch(() => this.revisions.filter((r) => r !== revision));
			throw e;
		}
		return revision;
	}

	/** Replaces the whole plan (an admin's upload). */
	replace(markdown: string, by: PlanAuthor, reason: string): Promise<PlanRevision> {
		return this.add(markdown.replace(/\r\n?/g, '\n'), by, reason, { kind: 'upload' });
	}

	/** Rewrites one section's body; `source` says what caused it (an edit or an improvement). */
	async editSection(
		sectionId: string,
		body: string,
		by: PlanAuthor,
		reason: string,
		source: Omit<PlanSource, 'sectionId'> = { kind: 'edit' }
	): Promise<PlanRevision> {
		const current = this.current().markdown;
		const before = parsePlan(current).sections;
		if (!before.some((s) => s.id === sectionId)) {
			throw new PlanError([{ line: 1, message: `no section '${sectionId}' in the current plan` }]);
		}
		const next = replaceSection(current, sectionId, body);
		// An unclosed code fence in the new body would swallow every later heading.
		const after = new Set(parsePlan(next).sections.map((s) => s.id));
		const lost = before.filter((s) => !after.has(s.id)).map((s) => s.id);
		if (lost.length > 0) {
			throw new PlanError([
				{
					line: 1,
					message: `the new text would remove the sections ${lost.join(', ')} (is a \`\`\` code block left open?)`
				}
			]);
		}
		return this.add(next, by, reason, { ...source, sectionId });
	}
}
