/**
 * The IR plan and its revisions, in `${DATA_DIR}/plan.json`. Every change makes a new revision
 * recording who, when, why and what caused it (an upload, an edit, or an improvement item from an
 * exercise); revisions are never rewritten. The first revision is the sample plan shipped with
 * the app.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan, replaceSection } from '#lib/reports/plan.js';
import { DurableDoc } from '../storage/file/durable-file';

export interface PlanAuthor {
	id: string;
	name: string;
}

export interface PlanSource {
	kind: 'sample' | 'upload' | 'edit' | 'improvement';
	sectionId?: string;
	sessionId?: string;
	sessionTitle?: string;
	itemId?: string;
}

export interface PlanRevision {
	rev: number;
	markdown: string;
	at: number;
	by: PlanAuthor | null;
	reason: string;
	source: PlanSource;
}

interface PlanData {
	version: 1;
	revisions: PlanRevision[];
}

/** A plan text that cannot be stored: the lines and what is wrong with them. */
export class PlanError extends Error {
	constructor(readonly problems: { line: number; message: string }[]) {
		super(problems.map((p) => `line ${p.line}: ${p.message}`).join('; '));
		this.name = 'PlanError';
	}
}

export const MAX_PLAN_BYTES = 512 * 1024;
export const MAX_REASON = 500;

function check(data: unknown): string | null {
	const d = data as Partial<PlanData>;
	if (!d || d.version !== 1 || !Array.isArray(d.revisions)) return 'is not an IR plan file';
	return null;
}

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

export class PlanStore {
	private constructor(private readonly doc: DurableDoc<PlanData>) {}

	/** Opens the plan file, creating it from `sample` on first use. */
	static async open(dataDir: string, sample: string): Promise<PlanStore> {
		const doc = await DurableDoc.open<PlanData>(
			join(dataDir, 'plan.json'),
			() => ({
				version: 1,
				revisions: [
					{
						rev: 1,
						markdown: sample,
						at: Date.now(),
						by: null,
						reason: 'Sample plan shipped with Sandtable',
						source: { kind: 'sample' }
					}
				]
			}),
			check
		);
		// Write the first revision at once, so its date is the day the plan was set up.
		if (!existsSync(join(dataDir, 'plan.json'))) await doc.commit();
		return new PlanStore(doc);
	}

	current(): PlanRevision {
		const list = this.doc.data.revisions;
		return list[list.length - 1];
	}

	revision(rev: number): PlanRevision | undefined {
		return this.doc.data.revisions.find((r) => r.rev === rev);
	}

	/** Every revision, newest first. */
	history(): PlanRevision[] {
		return [...this.doc.data.revisions].reverse();
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
		this.doc.data.revisions.push(revision);
		await this.doc.commit();
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
