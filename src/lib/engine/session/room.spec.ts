import { describe, expect, it } from 'vitest';
import { replay } from './apply';
import * as command from './commands';
import { nextWakeMs } from './advance';
import { MINUTE } from '../scenario/model';
import { phishScenario, phishTwoTeams } from '../testing';
import * as room from './room';
import { facilitatorRoom, traineeRoom } from './room-view';
import { traineePatch, traineePatchKey } from './trainee-patch';
import { traineeView } from './trainee-view';

const md = (s: string) => `<p>${s}</p>`;

function started() {
	const { sim } = phishTwoTeams();
	sim.must(command.start);
	return { sim, scenario: sim.scenario };
}

let n = 0;
const id = (p: string) => `${p}-${++n}`;

describe('team and room chat', () => {
	it('keeps each team channel to its team and the room channel to everyone', () => {
		const { sim, scenario } = started();
		sim.must((s) =>
			room.postChat(
				scenario,
				s,
				{ messageId: id('m'), channel: 'red', participantId: 'ana', text: 'isolate WS-01? @ic' },
				sim.now
			)
		);
		sim.must((s) =>
			room.postChat(
				scenario,
				s,
				{ messageId: id('m'), channel: 'room', participantId: 'bob', text: 'hello all' },
				sim.now
			)
		);
		const red = traineeRoom(scenario, sim.state, 'ian', md)!;
		const blue = traineeRoom(scenario, sim.state, 'bob', md)!;
		expect(red.channels.map((c) => [c.id, c.messages.map((m) => m.author)])).toEqual([
			['red', ['ana']],
			['room', ['bob']]
		]);
		expect(red.channels[0].messages[0].mentions).toEqual(['ic']);
		expect(JSON.stringify(blue)).not.toContain('isolate WS-01');
		expect(blue.channels.map((c) => c.id)).toEqual(['blue', 'room']);
		const control = facilitatorRoom(scenario, sim.state, md);
		expect(control.channels.map((c) => [c.id, c.total])).toEqual([
			['room', 1],
			['red', 1],
			['blue', 0]
		]);
	});

	it("refuses a trainee writing in another team's channel, empty or oversized messages", () => {
		const { sim, scenario } = started();
		const post = (channel: string, text: string) =>
			sim.run((s) =>
				room.postChat(
					scenario,
					s,
					{ messageId: id('m'), channel, participantId: 'bob', text },
					sim.now
				)
			);
		expect(post('red', 'psst')).toMatchObject({ ok: false, status: 403 });
		expect(post('blue', '   ')).toMatchObject({ ok: false, status: 400 });
		expect(post('blue', 'x'.repeat(room.MAX_CHAT + 1))).toMatchObject({ ok: false, status: 400 });
		expect(post('nowhere', 'hi')).toMatchObject({ ok: false, status: 404 });
		expect(sim.state.room.messages).toEqual([]);
		// Exercise control writes anywhere.
		sim.must((s) =>
			room.postChat(
				scenario,
				s,
				{ messageId: id('m'), channel: 'red', by: 'fac', text: 'From control' },
				sim.now
			)
		);
		expect(traineeRoom(scenario, sim.state, 'ana', md)!.channels[0].messages[0]).toMatchObject({
			author: 'Exercise control',
			staff: true
		});
	});

	it('only mentions roles of the scenario', () => {
		const scenario = phishScenario();
		expect(room.mentionsIn(scenario, '@ic and @analyst, not @ceo or mail@ic')).toEqual([
			'ic',
			'analyst'
		]);
	});

	it('patches a message to the team that can read it and to nobody else', () => {
		const { sim, scenario } = started();
		const events = sim.run((s) =>
			room.postChat(
				scenario,
				s,
				{ messageId: id('m'), channel: 'red', participantId: 'ana', text: 'found it' },
				sim.now
			)
		);
		const log = sim.log.slice(-(events.ok ? events.events.length : 0));
		const forIan = traineePatch(scenario, sim.state, 'ian', log, md);
		expect(forIan?.room?.messages?.map((m) => m.html)).toEqual(['<p>found it</p>']);
		expect(traineePatch(scenario, sim.state, 'bob', log, md)).toBeNull();
		// Same team and role share one patch; the key keeps other teams apart.
		expect(traineePatchKey(scenario, sim.state, 'ian', log)).not.toEqual(
			traineePatchKey(scenario, sim.state, 'bob', log)
		);
	});

	it('survives a replay of the log', () => {
		const { sim, scenario } = started();
		sim.must((s) =>
			room.postChat(
				scenario,
				s,
				{ messageId: id('m'), channel: 'room', participantId: 'ana', text: 'one' },
				sim.now
			)
		);
		sim.must((s) =>
			room.askRfi(s, { rfiId: id('r'), participantId: 'bob', text: 'EDR on WS-01?' }, sim.now)
		);
		expect(replay(scenario, sim.log).room).toEqual(sim.state.room);
	});
});

describe('requests for information', () => {
	it('are answered in words or with an inject, with the response time', () => {
		const { sim, scenario } = started();
		const rfiId = id('r');
		sim.must((s) =>
			room.askRfi(
				s,
				{ rfiId, participantId: 'ana', text: 'What does the EDR show on WS-01?' },
				sim.now
			)
		);
		expect(facilitatorRoom(scenario, sim.state, md).openRfis).toBe(1);
		sim.now += 90_000;
		const events = sim.must((s) =>
			room.answerRfi(
				scenario,
				s,
				{ rfiId, by: 'fac', text: 'A PowerShell child of WINWORD', injectId: 'alert' },
				sim.now
			)
		);
		expect(events.map((e) => e.type)).toEqual(['inject.released', 'rfi.answered']);
		expect(sim.state.teams.red.released.alert).toBeDefined();
		expect(sim.state.teams.blue.released.alert).toBeUndefined();
		const control = facilitatorRoom(scenario, sim.state, md);
		expect(control.openRfis).toBe(0);
		expect(control.rfis[0]).toMatchObject({
			responseMs: 90_000,
			answer: { injectTitle: 'EDR alert' }
		});
		// Blue never sees Red's question.
		expect(traineeRoom(scenario, sim.state, 'bob', md)!.rfis).toEqual([]);
		expect(traineeRoom(scenario, sim.state, 'ian', md)!.rfis[0].answer?.html).toContain(
			'PowerShell'
		);
	});

	it('refuses an answer with nothing in it, or an unknown request', () => {
		const { sim, scenario } = started();
		const rfiId = id('r');
		sim.must((s) => room.askRfi(s, { rfiId, participantId: 'ana', text: 'Q?' }, sim.now));
		expect(
			sim.run((s) => room.answerRfi(scenario, s, { rfiId, by: 'fac', text: ' ' }, sim.now))
		).toMatchObject({ ok: false, status: 400 });
		expect(
			sim.run((s) => room.answerRfi(scenario, s, { rfiId: 'nope', by: 'fac', text: 'A' }, sim.now))
		).toMatchObject({ ok: false, status: 404 });
		expect(
			sim.run((s) =>
				room.askRfi(
					s,
					{ rfiId: id('r'), participantId: 'ana', text: 'x'.repeat(room.MAX_RFI + 1) },
					sim.now
				)
			)
		).toMatchObject({ ok: false, status: 400 });
	});
});

describe('improvised injects', () => {
	it('go out now to one team, marked, and only its members see them', () => {
		const { sim, scenario } = started();
		const improvisedId = id('i');
		sim.must((s) =>
			room.improvise(
				scenario,
				s,
				{
					improvisedId,
					by: 'fac',
					audience: { teamId: 'red' },
					channel: 'call',
					from: 'CFO',
					title: 'The CFO calls',
					body: 'Is payroll safe?',
					question: 'What do you tell her?'
				},
				sim.now
			)
		);
		expect(traineeRoom(scenario, sim.state, 'ana', md)!.improvised.map((i) => i.title)).toEqual([
			'The CFO calls'
		]);
		expect(traineeRoom(scenario, sim.state, 'bob', md)!.improvised).toEqual([]);
		sim.must((s) =>
			room.answerImprovised(
				s,
				{ improvisedId, participantId: 'ana', text: 'Yes, isolated.' },
				sim.now
			)
		);
		expect(
			sim.run((s) =>
				room.answerImprovised(s, { improvisedId, participantId: 'bob', text: 'me too' }, sim.now)
			)
		).toMatchObject({ ok: false, status: 404 });
		expect(traineeRoom(scenario, sim.state, 'ana', md)!.improvised[0].myAnswer).toBe(
			'Yes, isolated.'
		);
		expect(facilitatorRoom(scenario, sim.state, md).improvised[0].answers).toEqual([
			{ participant: 'ana', teamId: 'red', text: 'Yes, isolated.' }
		]);
	});

	it('can be set for a time: the clock releases them, by role across the room', () => {
		const { sim, scenario } = started();
		sim.must((s) =>
			room.improvise(
				scenario,
				s,
				{
					improvisedId: id('i'),
					by: 'fac',
					audience: { role: 'ic' },
					channel: 'email',
					from: '',
					title: 'Board asks',
					body: 'Status?',
					atMs: 3 * MINUTE
				},
				sim.now
			)
		);
		expect(traineeRoom(scenario, sim.state, 'ian', md)!.improvised).toEqual([]);
		expect(nextWakeMs(scenario, sim.state)).toBeLessThanOrEqual(3 * MINUTE);
		const due = sim.wait(3);
		expect(due.map((e) => e.type)).toContain('improvised.released');
		expect(traineeRoom(scenario, sim.state, 'ian', md)!.improvised.map((i) => i.from)).toEqual([
			'Exercise control'
		]);
		expect(traineeRoom(scenario, sim.state, 'bob', md)!.improvised).toHaveLength(1);
		expect(traineeRoom(scenario, sim.state, 'ana', md)!.improvised).toEqual([]);
	});

	it('refuses unknown teams, roles and channels, and the lobby', () => {
		const { sim } = phishTwoTeams();
		const scenario = sim.scenario;
		const go = (over: Partial<room.ImprovisedInput>) =>
			sim.run((s) =>
				room.improvise(
					scenario,
					s,
					{
						improvisedId: id('i'),
						by: 'fac',
						audience: {},
						channel: 'email',
						from: 'x',
						title: 't',
						body: 'b',
						...over
					},
					sim.now
				)
			);
		expect(go({})).toMatchObject({ ok: false, status: 409 });
		sim.must(command.start);
		expect(go({ audience: { teamId: 'green' } })).toMatchObject({ ok: false, status: 404 });
		expect(go({ audience: { role: 'ceo' } })).toMatchObject({ ok: false, status: 404 });
		expect(go({ channel: 'fax' })).toMatchObject({ ok: false, status: 400 });
		expect(go({ body: '' })).toMatchObject({ ok: false, status: 400 });
	});
});

describe('incident record', () => {
	it('keeps status, severity, timeline and evidence with custody per team', () => {
		const { sim, scenario } = started();
		sim.must((s) =>
			room.updateRecord(
				s,
				{ participantId: 'ana', status: 'investigating', severity: 'high' },
				sim.now
			)
		);
		const entryId = id('e');
		sim.must((s) =>
			room.addRecordEntry(
				s,
				{
					entryId,
					participantId: 'ana',
					kind: 'evidence',
					text: 'Memory image of WS-01',
					hash: 'AB'.repeat(32)
				},
				sim.now
			)
		);
		sim.must((s) =>
			room.addCustody(
				s,
				{ entryId, participantId: 'ian', text: 'Handed to forensics, sealed bag 12' },
				sim.now
			)
		);
		const red = traineeRoom(scenario, sim.state, 'ian', md)!.record;
		expect(red).toMatchObject({ status: 'investigating', severity: 'high' });
		expect(red.entries[0]).toMatchObject({
			kind: 'evidence',
			hash: 'ab'.repeat(32),
			author: 'ana'
		});
		expect(red.entries[0].custody.map((c) => c.author)).toEqual(['ian']);
		expect(traineeRoom(scenario, sim.state, 'bob', md)!.record.entries).toEqual([]);
		expect(
			sim.run((s) =>
				room.addCustody(s, { entryId, participantId: 'bob', text: 'mine now' }, sim.now)
			)
		).toMatchObject({ ok: false, status: 404 });
		expect(
			sim.run((s) =>
				room.updateRecord(s, { participantId: 'ana', status: 'investigating' }, sim.now)
			)
		).toMatchObject({ ok: false, status: 409 });
		expect(
			sim.run((s) =>
				room.updateRecord(s, { participantId: 'ana', severity: 'apocalyptic' }, sim.now)
			)
		).toMatchObject({ ok: false, status: 400 });
		expect(
			sim.run((s) =>
				room.addRecordEntry(
					s,
					{ entryId: id('e'), participantId: 'ana', kind: 'evidence', text: 'x', hash: 'not-hex' },
					sim.now
				)
			)
		).toMatchObject({ ok: false, status: 400 });
	});
});

describe('participant feedback and hot wash', () => {
	it('takes a rating per objective and replaces an earlier form', () => {
		const { sim, scenario } = started();
		sim.must((s) =>
			room.submitFeedback(scenario, s, {
				participantId: 'ana',
				strengths: 'Fast triage',
				ratings: { detect: 4 }
			})
		);
		sim.must((s) =>
			room.submitFeedback(scenario, s, {
				participantId: 'ana',
				strengths: 'Fast triage',
				improvements: 'Comms',
				ratings: { detect: 5, contain: 2 }
			})
		);
		expect(traineeRoom(scenario, sim.state, 'ana', md)!.myForm).toMatchObject({
			ratings: { detect: 5, contain: 2 },
			improvements: 'Comms'
		});
		expect(traineeRoom(scenario, sim.state, 'ian', md)!.myForm).toBeNull();
		expect(facilitatorRoom(scenario, sim.state, md).feedback).toHaveLength(1);
		expect(
			sim.run((s) =>
				room.submitFeedback(scenario, s, { participantId: 'ana', ratings: { detect: 6 } })
			)
		).toMatchObject({ ok: false, status: 400 });
		expect(
			sim.run((s) =>
				room.submitFeedback(scenario, s, { participantId: 'ana', ratings: { nope: 3 } })
			)
		).toMatchObject({ ok: false, status: 404 });
		expect(
			sim.run((s) => room.submitFeedback(scenario, s, { participantId: 'ana', ratings: {} }))
		).toMatchObject({ ok: false, status: 400 });
	});

	it('is still accepted after the session ended; chat is not', () => {
		const { sim, scenario } = started();
		sim.must((s) => command.end(scenario, s, sim.now));
		sim.must((s) =>
			room.submitFeedback(scenario, s, { participantId: 'bob', comments: 'Good day', ratings: {} })
		);
		sim.must((s) =>
			room.noteHotwash(scenario, s, {
				noteId: id('h'),
				by: 'fac',
				kind: 'strength',
				objectiveId: 'detect',
				text: 'Everyone found the alert'
			})
		);
		expect(
			sim.run((s) =>
				room.postChat(
					scenario,
					s,
					{ messageId: id('m'), channel: 'room', participantId: 'bob', text: 'bye' },
					sim.now
				)
			)
		).toMatchObject({ ok: false, status: 409 });
		expect(facilitatorRoom(scenario, sim.state, md).hotwash.map((h) => h.kind)).toEqual([
			'strength'
		]);
	});

	it('leaves the trainee view free of the words of the answer key', () => {
		const { sim, scenario } = started();
		sim.must((s) =>
			room.submitFeedback(scenario, s, {
				participantId: 'ana',
				comments: 'ok',
				ratings: { detect: 3 }
			})
		);
		const json = JSON.stringify(traineeView(scenario, sim.state, 'ana', md));
		expect(json).not.toContain('"feedback"');
	});
});

describe('retries', () => {
	it('record a post whose id is already in the log once', () => {
		const { sim, scenario } = started();
		const post = () =>
			sim.must((s) =>
				room.postChat(
					scenario,
					s,
					{ messageId: 'same', channel: 'red', participantId: 'ana', text: 'once' },
					sim.now
				)
			);
		expect(post()).toHaveLength(1);
		expect(post()).toHaveLength(0);
		expect(sim.state.room.messages).toHaveLength(1);
	});
});

describe('a corrected RFI answer', () => {
	it('keeps the response time of the first answer', () => {
		const { sim, scenario } = started();
		const rfiId = id('r');
		sim.must((s) => room.askRfi(s, { rfiId, participantId: 'ana', text: 'Q?' }, sim.now));
		sim.now += 60_000;
		sim.must((s) => room.answerRfi(scenario, s, { rfiId, by: 'fac', text: 'A' }, sim.now));
		sim.now += 600_000;
		sim.must((s) =>
			room.answerRfi(scenario, s, { rfiId, by: 'fac', text: 'A, corrected' }, sim.now)
		);
		const [rfi] = facilitatorRoom(scenario, sim.state, md).rfis;
		expect(rfi.responseMs).toBe(60_000);
		expect(rfi.answer?.html).toContain('corrected');
	});
});
