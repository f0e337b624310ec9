import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as command from '#lib/engine/session/commands.js';
import { summarise, type SessionSummary } from '#lib/engine/score/summary.js';
import { phishScenario, phishTwoTeams, playedPhish, type Sim } from '#lib/engine/testing.js';
import {
	Debriefs,
	EditedFindings,
	exportResponse,
	findingsFromText,
	MAX_FINDING_LENGTH,
	memberAnswers,
	planSectionsOf,
	roomHtml,
	type DebriefDeps
} from './debrief';
import { playedRoom } from '#lib/engine/score/debrief-room.fixture.js';
import type { ImprovementItem } from './improvements/store';
import { FileDebriefEditStore } from './storage/file/debrief-edits';

const scenario = phishScenario();
const DAY = 24 * 3600_000;
const SECTION = 'playbook-ransomware.containment';
const fac = { name: 'Fran Facilitator' };

/** The earlier session: Red isolates in time, Blue lets the deadline pass (rated U). */
function earlierSummary(): SessionSummary {
	const summary = summarise(scenario, playedPhish(scenario).state);
	return {
		...summary,
		sessionId: 'earlier01',
		title: 'March drill',
		startedAt: summary.startedAt! - 7 * DAY,
		createdAt: summary.createdAt - 7 * DAY
	};
}

/**
 * This session, a week later: teams with the given names; Blue's commander isolates in time,
 * Red's waits; Blue's containment is rated S.
 */
function laterSession(names: [string, string] = ['Red', 'Blue']): Sim {
	const { sim, answer } = phishTwoTeams(scenario);
	sim.state.teams.red.name = names[0];
	sim.state.teams.blue.name = names[1];
	sim.must(command.start);
	sim.wait(6);
	answer('bob', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
	answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
	sim.must((s) =>
		command.observe(scenario, s, {
			observationId: 'o1',
			objectiveId: 'contain',
			teamId: 'blue',
			rating: 'S',
			text: 'Isolated, after some debate.',
			by: 'fac'
		})
	);
	return sim;
}

function item(overrides: Partial<ImprovementItem> = {}): ImprovementItem {
	return {
		id: 'i1',
		sessionId: 'earlier01',
		sessionTitle: 'March drill',
		scenarioId: 'phish',
		draftKey: 'blue:contain:playbook-ransomware.containment:planning',
		teamId: 'blue',
		objectiveId: 'contain',
		phases: ['containment'],
		issue: 'Blue: no containment decision in time',
		correctiveAction: 'Name the decision owner.',
		planSection: SECTION,
		capabilityElement: 'planning',
		owner: 'Lena',
		dueDate: '2026-05-01',
		review: 'accepted',
		reviewNote: null,
		status: 'done',
		planRevision: 2,
		createdAt: 0,
		updatedAt: 0,
		doneAt: 0,
		history: [],
		...overrides
	};
}

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-debrief-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function service(items: ImprovementItem[], summaries: SessionSummary[] = [earlierSummary()]) {
	const deps: DebriefDeps = {
		edits: new EditedFindings(new FileDebriefEditStore(dir)),
		summaryOf: async (id) => summaries.find((s) => s.sessionId === id),
		items: async () => items
	};
	return new Debriefs(deps);
}

function source(sim: Sim, id = 'later0001') {
	return { id, scenario, state: { ...sim.state, sessionId: id } };
}

describe('retests of earlier improvement items', () => {
	it('compares the item’s team on its objective’s phase, then and now', async () => {
		const { debrief } = await service([item()]).debriefFor(source(laterSession()));
		expect(debrief.retests).toEqual([
			{
				itemId: 'i1',
				issue: 'Blue: no containment decision in time',
				planSection: SECTION,
				objectiveId: 'contain',
				objectiveTitle: 'Contain the host',
				phase: 'containment',
				before: { sessionId: 'earlier01', title: 'March drill', percent: 0, rating: 'U' },
				now: { percent: 100, rating: 'S' },
				improved: true
			}
		]);
	});

	it('matches the team by name, whatever its id and letter case', async () => {
		const { debrief } = await service([item()]).debriefFor(source(laterSession(['Red', ' blue '])));
		expect(debrief.retests[0]).toMatchObject({ before: { percent: 0 }, now: { percent: 100 } });
	});

	it('falls back to the room average, then and now, when the team did not play again', async () => {
		const { debrief } = await service([item()]).debriefFor(
			source(laterSession(['Green', 'Amber']))
		);
		// Room containment: (100 + 0) / 2 both times; no rating for the whole room was given, so
		// the room counts as its weakest team each time.
		expect(debrief.retests[0]).toMatchObject({
			before: { percent: 50, rating: 'U' },
			now: { percent: 50, rating: 'S' },
			improved: false
		});
	});

	it('compares ratings when the phase has no score', async () => {
		const { debrief } = await service([item({ phases: ['recovery'] })]).debriefFor(
			source(laterSession())
		);
		expect(debrief.retests[0]).toMatchObject({
			phase: 'recovery',
			before: { percent: null, rating: 'U' },
			now: { percent: null, rating: 'S' },
			improved: true
		});
	});

	it('retests only done or verified items of earlier sessions on this scenario’s sections', async () => {
		const sim = laterSession();
		const later = source(sim);
		const items = [
			item({ id: 'open', status: 'open' }),
			item({ id: 'progress', status: 'in-progress' }),
			item({ id: 'verified', status: 'verified' }),
			item({ id: 'other-section', planSection: 'communications.regulatory' }),
			item({ id: 'no-section', planSection: null }),
			item({ id: 'same-session', sessionId: later.id }),
			item({ id: 'later-session', sessionId: 'future001' })
		];
		const future = { ...earlierSummary(), sessionId: 'future001', startedAt: sim.now + DAY };
		const { debrief } = await service(items, [earlierSummary(), future]).debriefFor(later);
		expect(debrief.retests.map((r) => r.itemId)).toEqual(['verified']);
	});

	it('knows the plan sections a scenario refers to', () => {
		expect([...planSectionsOf(scenario)]).toEqual([SECTION]);
	});
});

describe('the facilitator’s findings', () => {
	it('replace the drafts, survive a restart, and give way to the drafts again', async () => {
		const sim = playedPhish(scenario);
		const session = { id: 's1abcdef', scenario, state: sim.state };
		const edits = new EditedFindings(new FileDebriefEditStore(dir));
		await edits.save(session.id, { strengths: ['  Calm IC.  ', '', 'Fast isolation.'] }, fac);
		// A store opened afresh (as after a restart) reads what was acknowledged from disk.
		const afterRestart = (store = new EditedFindings(new FileDebriefEditStore(dir))) =>
			new Debriefs({ edits: store, summaryOf: async () => undefined, items: async () => [] });
		const bundle = await afterRestart().debriefFor(session);
		expect(bundle.debrief.strengths).toEqual(['Calm IC.', 'Fast isolation.']);
		expect(bundle.debrief.improvements).toContain(
			'Blue did not stop "Lateral movement" (T1021.002).'
		);
		expect(bundle.edited).toMatchObject({ by: 'Fran Facilitator' });
		const file = JSON.parse(await readFile(join(dir, 's1abcdef.json'), 'utf8'));
		expect(file).toMatchObject({ sessionId: 's1abcdef', improvements: null });

		await edits.restoreDrafts(session.id, fac);
		for (const store of [edits, new EditedFindings(new FileDebriefEditStore(dir))]) {
			const restored = await afterRestart(store).debriefFor(session);
			expect(restored.edited).toBeNull();
			expect(restored.debrief.strengths).toContain('Red scored 100% in Containment.');
		}
	});

	it('are read one per line, trimmed and bounded', () => {
		const long = 'x'.repeat(MAX_FINDING_LENGTH + 50);
		expect(findingsFromText('a\r\n\n  b  \n' + long)).toEqual(['a', 'b', 'x'.repeat(1000)]);
		expect(findingsFromText('line\n'.repeat(500))).toHaveLength(100);
	});

	it('refuse to run over a corrupt file and name it', async () => {
		await writeFile(join(dir, 'broken01.json'), '{"version":1,');
		await expect(new EditedFindings(new FileDebriefEditStore(dir)).get('broken01')).rejects.toThrow(
			/broken01\.json/
		);
	});

	it('never build a path from something that is not a session id', async () => {
		await expect(new EditedFindings(new FileDebriefEditStore(dir)).get('../etc')).rejects.toThrow(
			/not a session id/
		);
	});
});

describe('the improvement plan rows', () => {
	const mine = (status: ImprovementItem['status']) =>
		item({ id: 'mine', sessionId: 'ended0001', review: 'pending', status });

	it('are the drafts while the session runs', async () => {
		const sim = laterSession();
		const { items } = await service([mine('open')]).debriefFor(source(sim, 'ended0001'));
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.id === null && i.review === 'draft')).toBe(true);
	});

	it('are the stored items once the session has ended', async () => {
		const sim = playedPhish(scenario);
		const { items } = await service([mine('open'), item()]).debriefFor(source(sim, 'ended0001'));
		expect(items.map((i) => [i.id, i.review, i.owner])).toEqual([['mine', 'pending', 'Lena']]);
	});

	it('are the drafts when an ended session has no stored items yet', async () => {
		const sim = playedPhish(scenario);
		const { items, debrief } = await service([]).debriefFor(source(sim, 'ended0001'));
		expect(items.map((i) => i.draftKey)).toEqual(debrief.improvementDrafts.map((d) => d.key));
	});
});

describe('members’ own answers to individual decisions', () => {
	it('say what each member chose and what it earned, team by team', () => {
		const answers = memberAnswers(scenario, playedPhish(scenario).state);
		const brief = (team: string, key: string) =>
			answers[team][key].map((a) => [a.name, a.answer, a.earned, a.max, a.verdict]);
		expect(brief('red', 'brief/ready')).toEqual([
			['ana', 'Yes', 5, 5, 'full'],
			['ian', 'No', 0, 5, 'none']
		]);
		expect(brief('red', 'alert/flag')).toEqual([
			['ana', 'flagged lines 2, 4', 10, 10, 'full'],
			['ian', 'flagged lines 2, 3', 5, 10, 'partial']
		]);
		expect(brief('red', 'isolated/why')).toEqual([['ana', 'Stop the spread.', 4, 5, 'partial']]);
		expect(brief('red', 'wrap/lesson')[1]).toEqual(['ian', 'EDR tuning; Nothing', 1, 5, 'partial']);
		expect(brief('blue', 'alert/flag')).toEqual([
			['bob', 'flagged line 2', expect.closeTo(20 / 3, 10), 10, 'partial']
		]);
		// Team decisions are logged by their lock, not here; Blue never reached "isolated".
		expect(answers.red['alert/contain']).toBeUndefined();
		expect(answers.blue['isolated/why']).toBeUndefined();
	});
});

describe('exports', () => {
	it('download Markdown with the plan rows, CSV of scores and JSON with the items', async () => {
		const sim = playedPhish(scenario);
		const bundle = await service([item({ id: 'mine', sessionId: 'ended0001' })]).debriefFor(
			source(sim, 'ended0001')
		);
		const md = exportResponse(bundle, 'md', { download: true });
		expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
		expect(md.headers.get('content-disposition')).toBe(
			'attachment; filename="debrief-test-session-ended0001.md"'
		);
		const text = await md.text();
		expect(text).toContain('| Red | 50% | 75% | 100% | n/a | n/a | 50% |');
		expect(text).toContain('| Blue: no containment decision in time | Name the decision owner. |');
		expect(text).toContain('| Lena | 2026-05-01 | done |');

		const csv = exportResponse(bundle, 'csv', { download: false });
		expect(csv.headers.get('content-disposition')).toBeNull();
		expect(await csv.text()).toContain(
			'"ended0001","team","Red","","","Containment","10","10","100"'
		);

		const json = await exportResponse(bundle, 'json', { download: false }).json();
		expect(json.items).toHaveLength(1);
		expect(json.scores.room.containment).toBe(50);
	});
});

describe('the room in the debrief (issue 13)', () => {
	const sim = playedRoom();
	const session = { id: 'room0001', scenario: sim.scenario, state: sim.state };
	const debriefs = () =>
		new Debriefs({
			edits: new EditedFindings(new FileDebriefEditStore(dir)),
			summaryOf: async () => undefined,
			items: async () => []
		});

	it('is in the JSON export', async () => {
		const bundle = await debriefs().debriefFor(session);
		const json = await exportResponse(bundle, 'json', { download: false }).json();
		expect(json.room.rfiTotals).toMatchObject({ asked: 5, answered: 4, open: 1 });
		expect(json.room.channels.map((c: { id: string }) => c.id)).toEqual(['room', 'red', 'blue']);
		expect(json.room.improvised.map((i: { title: string }) => i.title)).toContain('The CFO calls');
	});

	it('feeds the drafted findings, and edited findings still win until restored', async () => {
		const drafted = (await debriefs().debriefFor(session)).debrief;
		expect(drafted.strengths).toContain('Hot wash: Everyone found the alert (Detect the phish)');
		expect(drafted.improvements).toContain('Participant feedback: Comms with legal');
		await new EditedFindings(new FileDebriefEditStore(dir)).save(
			session.id,
			{ strengths: ['Our own words'], improvements: ['Ours too'] },
			fac
		);
		const edited = (await debriefs().debriefFor(session)).debrief;
		expect([edited.strengths, edited.improvements]).toEqual([['Our own words'], ['Ours too']]);
		await new EditedFindings(new FileDebriefEditStore(dir)).restoreDrafts(session.id, fac);
		expect((await debriefs().debriefFor(session)).debrief.strengths).toEqual(drafted.strengths);
	});

	it('renders only what people wrote as Markdown, through the renderer it is given', async () => {
		const { debrief } = await debriefs().debriefFor(session);
		const html = roomHtml(debrief.room, (s) => `<rendered>${s}</rendered>`);
		const red = debrief.room.channels[1].messages[0];
		expect(html.chat[red.id]).toBe('<rendered>Red only: **isolate** WS-01? @ic</rendered>');
		expect(Object.values(html.rfiAnswers)).toEqual([
			'<rendered>A PowerShell child of *WINWORD*</rendered>',
			'<rendered>Finance.</rendered>',
			'<rendered>Yes, 30 days.</rendered>'
		]);
		expect(html.improvised[debrief.room.improvised[0].id]).toBe(
			'<rendered>Is **payroll** safe?</rendered>'
		);
	});
});
