import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImprovementDraft } from '#lib/engine/score/debrief.js';
import { FileImprovementItemStore } from '../storage/file/improvements';
import { mergeDrafts } from '#lib/engine/score/merge-drafts.js';
import { checkItemHistory, itemGenesis } from '#lib/evidence/histories.js';
import { ImprovementStore } from './store';

const session = { id: 's1', title: 'Month-end lockout', scenarioId: 'ransomware-file-server' };
const system = { id: 'sandtable', name: 'Sandtable' };
const lead = { id: 'u1', name: 'Lena Lead' };

function draft(
	key: string,
	planSection: string | null = 'escalation'
): ImprovementDraft & {
	phases: string[];
} {
	return {
		key,
		issue: `Issue ${key}`,
		correctiveAction: `Action ${key}`,
		planSection,
		capabilityElement: 'planning',
		objectiveId: 'contain-under-pressure',
		teamId: 'blue',
		phases: ['containment']
	};
}

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-items-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('improvement items', () => {
	it('records a session’s drafts as pending, open items with their origin', async () => {
		const store = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'improvements.json'))
		);
		const added = await store.propose(session, [draft('a'), draft('b', null)], system);
		expect(added).toHaveLength(2);
		const [a] = added;
		expect(a.id).toMatch(/^i[0-9a-f]{12}$/);
		expect(a).toMatchObject({
			sessionId: 's1',
			sessionTitle: 'Month-end lockout',
			scenarioId: 'ransomware-file-server',
			draftKey: 'a',
			planSection: 'escalation',
			phases: ['containment'],
			review: 'pending',
			status: 'open',
			owner: '',
			dueDate: null,
			planRevision: null
		});
		expect(a.history).toEqual([
			{
				at: a.createdAt,
				by: 'Sandtable',
				change: 'proposed by the debrief',
				prev: itemGenesis(a.id)
			}
		]);
		expect(store.forSession('s1').map((i) => i.draftKey)).toEqual(['a', 'b']);
		expect(store.forSession('other')).toEqual([]);
	});

	it('proposes each draft of a session once and keeps edits made since', async () => {
		const store = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'improvements.json'))
		);
		const [a] = await store.propose(session, [draft('a')], system);
		await store.update(a.id, { correctiveAction: 'Edited by the facilitator' }, lead);
		const again = await store.propose(session, [draft('a'), draft('c')], system);
		expect(again.map((i) => i.draftKey)).toEqual(['c']);
		expect(store.get(a.id)?.correctiveAction).toBe('Edited by the facilitator');
		// The same draft key in another session is another item.
		const other = await store.propose({ ...session, id: 's2' }, [draft('a')], system);
		expect(other).toHaveLength(1);
		expect(store.list()).toHaveLength(3);
		const reopened = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'improvements.json'))
		);
		expect(reopened.list().map((i) => `${i.sessionId}/${i.draftKey}`)).toEqual([
			's1/a',
			's1/c',
			's2/a'
		]);
	});

	it('keeps a history line per update naming what changed, and none for a no-op', async () => {
		const store = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'improvements.json'))
		);
		const [item] = await store.propose(session, [draft('a')], system);
		await store.update(item.id, { owner: 'Nadia Kowalczyk', dueDate: '2026-06-30' }, lead);
		await store.update(item.id, { owner: 'Nadia Kowalczyk' }, lead);
		const updated = await store.update(item.id, { status: 'done' }, lead);
		expect(updated.history.map((h) => [h.by, h.change])).toEqual([
			['Sandtable', 'proposed by the debrief'],
			['Lena Lead', 'owner: (empty) -> Nadia Kowalczyk; dueDate: (empty) -> 2026-06-30'],
			['Lena Lead', 'status: open -> done']
		]);
		expect(updated.doneAt).toBe(updated.updatedAt);
		await expect(store.update('nope', { owner: 'x' }, lead)).rejects.toThrow(
			'no improvement item nope'
		);
	});

	it('records a review with its note and the plan revision it produced', async () => {
		const store = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'improvements.json'))
		);
		const [a, b] = await store.propose(session, [draft('a'), draft('b')], system);
		await store.review(a.id, 'accepted', lead, 'Escalation now names the month-end rule', 4);
		await store.review(b.id, 'deferred', lead, 'After the ERP upgrade');
		const reopened = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'improvements.json'))
		);
		const accepted = reopened.get(a.id)!;
		expect(accepted.review).toBe('accepted');
		expect(accepted.planRevision).toBe(4);
		expect(accepted.history.at(-1)).toMatchObject({
			by: 'Lena Lead',
			change: 'accepted (plan revision 4): Escalation now names the month-end rule'
		});
		const deferred = reopened.get(b.id)!;
		expect(deferred).toMatchObject({ review: 'deferred', reviewNote: 'After the ERP upgrade' });
		expect(deferred.planRevision).toBeNull();
		expect(deferred.history.at(-1)?.change).toBe('deferred: After the ERP upgrade');
	});

	it('does not propose a merged draft again when its findings were proposed under their old keys', async () => {
		const store = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'improvements.json'))
		);
		// Before merging: one item per team and finding; the lead accepted one.
		const old = [draft('blue:low'), { ...draft('red:low'), teamId: 'red' }];
		const [first] = await store.propose(session, old, system);
		await store.review(first.id, 'accepted', lead, null);
		// The same debrief now drafts one merged proposal covering both: nothing new.
		const merged = mergeDrafts(old).map((d) => ({ ...d, phases: ['containment'] }));
		expect(merged).toHaveLength(1);
		expect(await store.propose(session, merged, system)).toEqual([]);
		expect(store.forSession('s1')).toHaveLength(2);
		expect(store.get(first.id)?.review).toBe('accepted');
		// A finding added since (a new rating) is proposed on its own, under the merged key.
		const more = mergeDrafts([...old, { ...draft('green:low'), teamId: 'green' }]).map((d) => ({
			...d,
			phases: ['containment']
		}));
		const added = await store.propose(session, more, system);
		expect(added.map((i) => [i.draftKey, i.teamId, i.issue, i.phases])).toEqual([
			['plan:escalation:planning', 'green', 'Issue green:low', ['containment']]
		]);
		expect(await store.propose(session, more, system)).toEqual([]);
	});

	it('chains each item’s history, and names the line altered on disk', async () => {
		const file = new FileImprovementItemStore(join(dir, 'improvements.json'));
		const store = await ImprovementStore.open(file);
		const [a] = await store.propose(session, [draft('a')], system);
		await store.update(a.id, { owner: 'Ola' }, lead);
		await store.review(a.id, 'accepted', lead, 'agreed');
		await store.update(a.id, { status: 'in-progress' }, lead);
		const [stored] = await file.list();
		expect(stored.history).toHaveLength(4);
		expect(checkItemHistory(stored)).toEqual({ ok: true, problems: [], chainedFrom: 1 });

		const edited = structuredClone(stored);
		edited.history[1].change = 'owner: (empty) -> Mallory';
		expect(checkItemHistory(edited).problems).toEqual([
			`history line 2 of item ${a.id} ("owner: (empty) -> Mallory") was altered or removed: the link after it does not match`
		]);
		const removed = structuredClone(stored);
		removed.history.splice(2, 1);
		expect(checkItemHistory(removed).ok).toBe(false);
		// Chained lines after a replaced first line still catch it.
		const replaced = { id: a.id, history: [{ change: 'x' }, ...stored.history.slice(1)] };
		expect(checkItemHistory(replaced).ok).toBe(false);
		// A history written before chaining is accepted, and said to be unchained.
		expect(checkItemHistory({ id: a.id, history: [{ change: 'x' }] })).toEqual({
			ok: true,
			problems: [],
			chainedFrom: null
		});
	});

	it('scrubs a session’s items of trainee names, noting it in the chained history (issue 17)', async () => {
		const file = join(dir, 'improvements.json');
		const store = await ImprovementStore.open(new FileImprovementItemStore(file));
		const named = { ...draft('a'), issue: 'Ana Ruiz waited for approval' };
		const [item] = await store.propose(session, [named, draft('b')], system);
		await store.propose({ ...session, id: 's2' }, [named], system);
		const scrub = (t: string) => t.replace(/Ana Ruiz/g, 'Trainee 1');
		expect(await store.scrubSession('s1', scrub, lead)).toBe(1);
		const again = await ImprovementStore.open(new FileImprovementItemStore(file));
		const stored = again.get(item.id)!;
		expect(stored.issue).toBe('Trainee 1 waited for approval');
		expect(stored.history.at(-1)!.change).toBe('trainee names replaced by pseudonyms in issue');
		expect(stored.history.at(-1)!.change).not.toContain('Ana');
		expect(checkItemHistory(stored).ok).toBe(true);
		expect(again.forSession('s2')[0].issue).toBe('Ana Ruiz waited for approval');
	});
});
