import { describe, expect, it } from 'vitest';
import * as room from '../session/room';
import { MINUTE } from '../scenario/model';
import { phishTwoTeams } from '../testing';
import { buildDebrief } from './debrief';
import { median, teamTimeline, withRoomFindings } from './debrief-room';
import { playedRoom } from './debrief-room.fixture';

const sim = playedRoom();
const d = buildDebrief(sim.scenario, sim.state, sim.now);
const team = (teamId: string) => d.room.teams.find((t) => t.teamId === teamId)!;

describe('the room in the debrief: channels', () => {
	it('keeps each team channel to its own messages, with author, role and team', () => {
		const [whole, red, blue] = d.room.channels;
		expect([whole.id, red.id, blue.id]).toEqual(['room', 'red', 'blue']);
		expect(red.name).toBe('Red team channel');
		expect(red.messages.map((m) => m.text)).toEqual([
			'Red only: **isolate** WS-01? @ic',
			'Control to Red'
		]);
		expect(red.messages[0]).toMatchObject({
			author: 'ana',
			roleName: 'SOC analyst',
			teamName: 'Red',
			staff: false,
			mentions: ['ic'],
			scenarioMs: 0
		});
		expect(red.messages[1]).toMatchObject({
			author: 'Exercise control',
			staff: true,
			teamId: null
		});
		expect(blue.messages.map((m) => m.text)).toEqual(['Blue only: checking mail gateway']);
		expect(whole.messages.map((m) => [m.author, m.teamName])).toEqual([['ian', 'Red']]);
	});
});

describe('the room in the debrief: requests for information', () => {
	it('gives each RFI its answer and its response time in real time', () => {
		const red = team('red');
		expect(red.rfis.map((r) => [r.text, r.responseMs])).toEqual([
			['What does the EDR show on WS-01?', 90_000],
			['Any alert?', 30_000],
			['Who owns WS-01?', 240_000]
		]);
		expect(red.rfis[0]).toMatchObject({
			asker: 'ana',
			askerRole: 'SOC analyst',
			answer: { text: 'A PowerShell child of *WINWORD*', injectId: null }
		});
		expect(red.rfis[1].answer).toMatchObject({
			text: null,
			injectId: 'alert',
			injectTitle: 'EDR alert'
		});
	});

	it('flags the unanswered and sums up per team and for the room', () => {
		const blue = team('blue');
		expect(blue.rfis.map((r) => r.text)).toEqual([
			'Is the mail gateway logging?',
			'Can we call the vendor?'
		]);
		expect(blue.rfis[1]).toMatchObject({ answer: null, responseMs: null });
		expect(team('red').rfiFigures).toEqual({
			asked: 3,
			answered: 3,
			open: 0,
			medianResponseMs: 90_000,
			longestResponseMs: 240_000
		});
		expect(blue.rfiFigures).toEqual({
			asked: 2,
			answered: 1,
			open: 1,
			medianResponseMs: 60_000,
			longestResponseMs: 60_000
		});
		expect(d.room.rfiTotals).toMatchObject({ asked: 5, answered: 4, open: 1 });
		// 30, 60, 90, 240 s: the mean of the middle two.
		expect(d.room.rfiTotals.medianResponseMs).toBe(75_000);
		expect(median([])).toBeNull();
	});
});

describe('the room in the debrief: improvised injects', () => {
	it('says who each was for, which teams it reached, and who answered what', () => {
		const [cfo, board, press] = d.room.improvised;
		expect(cfo).toMatchObject({
			title: 'The CFO calls',
			channel: 'call',
			from: 'CFO',
			audienceText: 'Red team',
			teamIds: ['red'],
			released: true,
			question: 'What do you tell her?',
			body: 'Is **payroll** safe?'
		});
		expect(cfo.answers.map((a) => [a.name, a.teamName, a.text])).toEqual([['ana', 'Red', 'Yes.']]);
		expect(board.audienceText).toBe('Incident commander in every team');
		expect(board.teamIds).toEqual(['red', 'blue']);
		// Answers in team order, whoever answered first.
		expect(board.answers.map((a) => a.text)).toEqual(['Red: contained', 'Blue: investigating']);
		expect(press).toMatchObject({
			audienceText: 'every team',
			released: false,
			teamIds: [],
			at: null,
			scenarioMs: 500 * MINUTE
		});
	});

	it("puts an improvised inject in a team's timeline only if it reached the team, in time order", () => {
		const rows = (teamId: string) => teamTimeline(d.decisionLog[teamId], d.room.improvised, teamId);
		const red = rows('red');
		expect(red.filter((r) => r.kind === 'unscripted').map((r) => r.item.title)).toEqual([
			'The CFO calls',
			'The board asks'
		]);
		expect(
			rows('blue')
				.filter((r) => r.kind === 'unscripted')
				.map((r) => r.item.title)
		).toEqual(['The board asks']);
		const times = red.map((r) => r.scenarioMs);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(red.filter((r) => r.kind === 'scripted')).toHaveLength(d.decisionLog.red.length);
	});
});

describe('the room in the debrief: incident records', () => {
	it("keeps each team's record, its changes, entries, custody and ratings to that team", () => {
		const red = team('red').record;
		expect(red).toMatchObject({ status: 'contained', severity: 'high', kept: true });
		expect(red.changes.map((c) => [c.by, c.status, c.severity])).toEqual([
			['ana', 'investigating', 'high'],
			['ian', 'contained', null]
		]);
		// One real minute at double speed.
		expect(red.changes[1].scenarioMs - red.changes[0].scenarioMs).toBe(2 * MINUTE);
		expect(red.timeline.map((e) => [e.by, e.text])).toEqual([['ana', 'Red isolated WS-01']]);
		expect(red.evidence).toEqual([
			expect.objectContaining({
				by: 'ana',
				text: 'Red memory image',
				hash: 'ab'.repeat(32),
				custody: [expect.objectContaining({ by: 'ian', text: 'Sealed bag 12' })]
			})
		]);
		expect(red.ratings.map((r) => [r.rating, r.objectiveTitle, r.text])).toEqual([
			['S', 'Contain the host', 'Red record: custody complete']
		]);

		const blue = team('blue').record;
		expect(blue).toMatchObject({ status: 'new', severity: null, summary: 'Blue summary' });
		expect(blue.timeline).toEqual([]);
		expect(blue.evidence).toEqual([]);
		expect(blue.ratings.map((r) => r.text)).toEqual(['Blue record: no timeline']);
		expect(JSON.stringify(team('blue'))).not.toMatch(/Red |WS-01|custody complete/);
	});
});

describe('the room in the debrief: participant feedback and hot wash', () => {
	it('averages the ratings per objective over the latest form of each participant', () => {
		const [detect, contain] = d.room.feedback.objectives;
		expect(d.room.feedback).toMatchObject({ forms: 3, participants: 3 });
		// Ana 4, Ian 5 (his first form said 1), Bob 3.
		expect(detect).toMatchObject({
			id: 'detect',
			mean: 4,
			count: 3,
			distribution: [0, 0, 1, 1, 1]
		});
		expect(detect.byTeam).toEqual({ red: { mean: 4.5, count: 2 }, blue: { mean: 3, count: 1 } });
		expect(contain).toMatchObject({ mean: 2.5, count: 2 });
		expect(contain.byTeam.blue).toEqual({ mean: null, count: 0 });
	});

	it('lists strengths, areas and comments with team and role, not the name', () => {
		const f = d.room.feedback;
		expect(f.strengths.map((l) => [l.teamName, l.roleName, l.text])).toEqual([
			['Red', 'SOC analyst', 'Fast triage\n- Clear roles'],
			['Red', 'Incident commander', 'fast  triage']
		]);
		expect(f.improvements.map((l) => [l.teamName, l.text])).toEqual([['Blue', 'Comms with legal']]);
		expect(f.comments.map((l) => l.text)).toEqual(['More time please']);
		for (const line of [...f.strengths, ...f.improvements, ...f.comments])
			expect(Object.keys(line).sort()).toEqual(['at', 'roleName', 'teamId', 'teamName', 'text']);
	});

	it('keeps the hot-wash notes by kind, with their objective', () => {
		expect(d.room.hotwash.map((h) => [h.kind, h.objectiveTitle, h.text])).toEqual([
			['strength', 'Detect the phish', 'Everyone found the alert'],
			['improvement', null, 'Escalate sooner'],
			['note', null, 'Projector flaky']
		]);
	});

	it('adds the hot wash and the feedback to the drafted findings, after them, once', () => {
		const plain = buildDebrief(sim.scenario, { ...sim.state, room: room.emptyRoom() }, sim.now);
		expect(d.strengths.slice(0, plain.strengths.length)).toEqual(plain.strengths);
		expect(d.strengths.slice(plain.strengths.length)).toEqual([
			'Hot wash: Everyone found the alert (Detect the phish)',
			'Participant feedback: Fast triage',
			'Participant feedback: Clear roles'
		]);
		expect(d.improvements.slice(plain.improvements.length)).toEqual([
			'Hot wash: Escalate sooner',
			'Participant feedback: Comms with legal'
		]);
		expect([...d.strengths, ...d.improvements].join('\n')).not.toContain('Projector');
	});

	it('lets the edited findings win over the drafts', () => {
		const edited = buildDebrief(sim.scenario, sim.state, sim.now, {
			edits: { strengths: ['Only this'], improvements: [] }
		});
		expect(edited.strengths).toEqual(['Only this']);
		expect(edited.improvements).toEqual([]);
		expect(edited.room.hotwash).toHaveLength(3);
	});

	it('does not repeat a line the drafts already hold', () => {
		const merged = withRoomFindings(
			{ strengths: ['Participant feedback: fast triage'], improvements: [] },
			d.room
		);
		expect(merged.strengths.filter((s) => /triage/i.test(s))).toHaveLength(1);
	});
});

describe('the room in the debrief of a session from before issue 13', () => {
	it('is empty, not missing', () => {
		const { sim: old } = phishTwoTeams();
		const state = { ...old.state } as Partial<typeof old.state>;
		delete state.room;
		const r = buildDebrief(old.scenario, state as typeof old.state, old.now).room;
		expect(r.channels.map((c) => c.messages.length)).toEqual([0, 0, 0]);
		expect(r.rfiTotals).toEqual({
			asked: 0,
			answered: 0,
			open: 0,
			medianResponseMs: null,
			longestResponseMs: null
		});
		expect(r.teams.map((t) => t.record.kept)).toEqual([false, false]);
		expect(r.feedback.objectives.every((o) => o.mean === null)).toBe(true);
		expect('room' in state).toBe(false);
	});
});
