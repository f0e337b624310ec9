import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPlanRevisions, PLAN_GENESIS } from '#lib/evidence/histories.js';
import { parsePlan } from '#lib/reports/plan.js';
import { FilePlanRevisionStore } from '../storage/file/plans';
import { MAX_PLAN_BYTES, PlanError, PlanStore, validatePlan } from './store';

const SAMPLE = `# Test plan

## Escalation {#escalation}

The IC calls the CISO.

## Containment {#playbook-ransomware.containment}

Isolate the host.
`;

const lead = { id: 'u1', name: 'Lena Lead' };
let dir: string;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-plan-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

/** The revision numbers a fresh process would see (the file holds no revision until a change). */
async function storedRevs(): Promise<number[]> {
	const text = await readFile(join(dir, 'plan.json'), 'utf8').catch(() => null);
	if (text === null) return [1];
	return (JSON.parse(text) as { revisions: { rev: number }[] }).revisions.map((r) => r.rev);
}

/** The problems a rejected call reports, or a failure when it did not reject with a PlanError. */
async function problems(promise: Promise<unknown>): Promise<PlanError['problems']> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof PlanError) return e.problems;
		throw e;
	}
	throw new Error('expected a PlanError');
}

describe('plan store revisions', () => {
	it('starts from the sample plan as revision 1 and keeps it on disk', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		const first = store.current();
		expect(first.rev).toBe(1);
		expect(first.markdown).toBe(SAMPLE);
		expect(first.by).toBeNull();
		expect(first.source).toEqual({ kind: 'sample' });
		expect(store.history()).toHaveLength(1);
	});

	it('keeps the stored revisions when the shipped sample changes later', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		await store.editSection('escalation', 'Edited.', lead, 'Edit');
		const again = await PlanStore.open(
			new FilePlanRevisionStore(join(dir, 'plan.json')),
			'# Other\n\n## X {#x}\n'
		);
		expect(again.revision(1)?.markdown).toBe(SAMPLE);
		expect(again.current().rev).toBe(2);
	});

	it('records who, when, why and the section of an edit, and leaves older revisions alone', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		const before = Date.now();
		const rev = await store.editSection(
			'escalation',
			'The IC calls the CISO within 30 minutes.',
			lead,
			'  Exercise showed no time limit  '
		);
		expect(rev.rev).toBe(2);
		expect(rev.by).toEqual(lead);
		expect(rev.reason).toBe('Exercise showed no time limit');
		expect(rev.source).toEqual({ kind: 'edit', sectionId: 'escalation' });
		expect(rev.at).toBeGreaterThanOrEqual(before);
		const sections = parsePlan(rev.markdown).sections;
		expect(sections.find((s) => s.id === 'escalation')?.body).toBe(
			'The IC calls the CISO within 30 minutes.'
		);
		expect(sections.find((s) => s.id === 'playbook-ransomware.containment')?.body).toBe(
			'Isolate the host.'
		);
		expect(store.revision(1)?.markdown).toBe(SAMPLE);
		expect(store.history().map((r) => r.rev)).toEqual([2, 1]);
		expect(await storedRevs()).toEqual([1, 2]);
	});

	it('records the session and item behind an edit made by accepting an improvement', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		const source = {
			kind: 'improvement' as const,
			sessionId: 's1',
			sessionTitle: 'Month-end lockout',
			itemId: 'i1'
		};
		const rev = await store.editSection('escalation', 'New text.', lead, 'Item i1', source);
		expect(rev.source).toEqual({ ...source, sectionId: 'escalation' });
		const reopened = await PlanStore.open(
			new FilePlanRevisionStore(join(dir, 'plan.json')),
			SAMPLE
		);
		expect(reopened.current().source).toEqual({ ...source, sectionId: 'escalation' });
		expect(reopened.current().rev).toBe(2);
	});

	it('refuses an edit of a section the plan does not have, storing nothing', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		expect(await problems(store.editSection('no-such-section', 'x', lead, 'why'))).toEqual([
			{ line: 1, message: "no section 'no-such-section' in the current plan" }
		]);
		expect(store.current().rev).toBe(1);
		expect(await storedRevs()).toEqual([1]);
	});

	it('refuses an edit whose open code block would swallow the sections after it', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		const found = await problems(
			store.editSection('escalation', 'Run this:\n\n```\nGet-FileHash x', lead, 'why')
		);
		expect(found[0].message).toMatch(/remove the sections playbook-ransomware\.containment/);
		expect(store.current().rev).toBe(1);
	});

	it('refuses a change without a reason or with an overlong one', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		expect(await problems(store.editSection('escalation', 'x', lead, '   '))).toEqual([
			{ line: 1, message: 'say why the plan changes' }
		]);
		const long = await problems(store.editSection('escalation', 'x', lead, 'y'.repeat(501)));
		expect(long[0].message).toMatch(/longer than 500 characters/);
		expect(store.history()).toHaveLength(1);
	});

	it('replaces the whole plan on upload, normalising line endings', async () => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		const rev = await store.replace(
			'# New\r\n\r\n## Roles {#roles-and-contacts}\r\n\r\nIC.\r\n',
			lead,
			'New plan'
		);
		expect(rev.source).toEqual({ kind: 'upload' });
		expect(rev.markdown).toBe('# New\n\n## Roles {#roles-and-contacts}\n\nIC.\n');
		expect(store.current().rev).toBe(2);
	});
});

describe('invalid plans', () => {
	it.each([
		['a duplicate id', '## A {#a}\n\nx\n\n## B {#a}\n', [5]],
		['a malformed id', '## A {#a}\n\n## B {#Not_Valid}\n', [3]],
		['no section with an id', '# Title\n\n## Heading without id\n\ntext\n', [1]]
	])('refuses %s with its line numbers and stores nothing', async (_name, text, lines) => {
		const store = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		const found = await problems(store.replace(text, lead, 'Upload'));
		expect(found.map((p) => p.line)).toEqual(lines);
		expect(store.current().rev).toBe(1);
		expect(await storedRevs()).toEqual([1]);
	});

	it('refuses a plan over the size limit', () => {
		const big = `## A {#a}\n\n${'x'.repeat(MAX_PLAN_BYTES)}`;
		expect(() => validatePlan(big)).toThrow(/larger than 512 KiB/);
	});

	it('chains every revision to those before it, and names the revision altered on disk', async () => {
		const plan = await PlanStore.open(new FilePlanRevisionStore(join(dir, 'plan.json')), SAMPLE);
		await plan.replace(
			SAMPLE.replace('Isolate the host.', 'Isolate the host now.'),
			lead,
			'Faster'
		);
		await plan.replace(SAMPLE, lead, 'Back');
		const stored = await new FilePlanRevisionStore(join(dir, 'plan.json')).list();
		expect(stored.map((r) => r.rev)).toEqual([1, 2, 3]);
		expect(stored[0].prev).toBe(PLAN_GENESIS);
		expect(checkPlanRevisions(stored)).toEqual({ ok: true, problems: [], chainedFrom: 1 });
		const edited = structuredClone(stored);
		edited[1].reason = 'Slower';
		expect(checkPlanRevisions(edited).problems).toEqual([
			'plan revision 2 was altered or removed: the link after it does not match'
		]);
	});
});
