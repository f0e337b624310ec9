/**
 * Test support: a session of Phish whose room is in use, for the debrief's specs (engine and
 * exports). Not imported by the app.
 */
import * as command from '../session/commands';
import * as room from '../session/room';
import { MINUTE } from '../scenario/model';
import { phishScenario, Sim } from '../testing';

let n = 0;
const id = (p: string) => `${p}-${++n}`;

/**
 * Phish with Red (Ana, analyst; Ian, commander) and Blue (Bob, commander) talking, asking,
 * keeping their records and giving feedback, with exercise control improvising. The scenario
 * clock runs at double speed, so a response time read off the scenario clock would be wrong.
 */
export function playedRoom() {
	const scenario = phishScenario();
	const sim = new Sim(scenario, {
		teams: [
			{ id: 'red', name: 'Red' },
			{ id: 'blue', name: 'Blue' }
		],
		speed: 2
	});
	for (const [participantId, role, teamId] of [
		['ana', 'analyst', 'red'],
		['ian', 'ic', 'red'],
		['bob', 'ic', 'blue']
	])
		sim.must((s) =>
			command.join(scenario, s, { participantId, name: participantId, teamId, role })
		);
	sim.must(command.start);
	const chat = (channel: string, text: string, who: { participantId?: string; by?: string }) =>
		sim.must((s) =>
			room.postChat(scenario, s, { messageId: id('m'), channel, text, ...who }, sim.now)
		);
	const ask = (participantId: string, text: string) => {
		const rfiId = id('r');
		sim.must((s) => room.askRfi(s, { rfiId, participantId, text }, sim.now));
		return rfiId;
	};
	const answer = (rfiId: string, afterMs: number, a: { text?: string; injectId?: string }) => {
		sim.now += afterMs;
		sim.must((s) => room.answerRfi(scenario, s, { rfiId, by: 'fac', ...a }, sim.now));
	};

	chat('red', 'Red only: **isolate** WS-01? @ic', { participantId: 'ana' });
	chat('blue', 'Blue only: checking mail gateway', { participantId: 'bob' });
	chat('room', 'Hello all', { participantId: 'ian' });
	chat('red', 'Control to Red', { by: 'fac' });

	// Red: answered after 90 s, 30 s (with an inject) and 240 s. Blue: 60 s, and one left open.
	const r1 = ask('ana', 'What does the EDR show on WS-01?');
	answer(r1, 90_000, { text: 'A PowerShell child of *WINWORD*' });
	const r2 = ask('ian', 'Any alert?');
	answer(r2, 30_000, { injectId: 'alert' });
	const b1 = ask('bob', 'Is the mail gateway logging?');
	answer(b1, 60_000, { text: 'Yes, 30 days.' });
	const r3 = ask('ana', 'Who owns WS-01?');
	answer(r3, 240_000, { text: 'Finance.' });
	ask('bob', 'Can we call the vendor?');

	const cfo = id('i');
	sim.must((s) =>
		room.improvise(
			scenario,
			s,
			{
				improvisedId: cfo,
				by: 'fac',
				audience: { teamId: 'red' },
				channel: 'call',
				from: 'CFO',
				title: 'The CFO calls',
				body: 'Is **payroll** safe?',
				question: 'What do you tell her?'
			},
			sim.now
		)
	);
	sim.must((s) =>
		room.answerImprovised(s, { improvisedId: cfo, participantId: 'ana', text: 'Yes.' }, sim.now)
	);
	const board = id('i');
	sim.must((s) =>
		room.improvise(
			scenario,
			s,
			{
				improvisedId: board,
				by: 'fac',
				audience: { role: 'ic' },
				channel: 'email',
				from: 'Board',
				title: 'The board asks',
				body: 'Status?',
				question: 'One line for the board'
			},
			sim.now
		)
	);
	for (const [participantId, text] of [
		['bob', 'Blue: investigating'],
		['ian', 'Red: contained']
	])
		sim.must((s) =>
			room.answerImprovised(s, { improvisedId: board, participantId, text }, sim.now)
		);
	sim.must((s) =>
		room.improvise(
			scenario,
			s,
			{
				improvisedId: id('i'),
				by: 'fac',
				audience: {},
				channel: 'news',
				from: '',
				title: 'Press leak',
				body: 'Too late to matter.',
				atMs: 500 * MINUTE
			},
			sim.now
		)
	);

	// Records.
	sim.must((s) =>
		room.updateRecord(
			s,
			{ participantId: 'ana', status: 'investigating', severity: 'high' },
			sim.now
		)
	);
	sim.now += MINUTE;
	sim.must((s) => room.updateRecord(s, { participantId: 'ian', status: 'contained' }, sim.now));
	sim.must((s) =>
		room.addRecordEntry(
			s,
			{ entryId: id('e'), participantId: 'ana', kind: 'timeline', text: 'Red isolated WS-01' },
			sim.now
		)
	);
	const evidence = id('e');
	sim.must((s) =>
		room.addRecordEntry(
			s,
			{
				entryId: evidence,
				participantId: 'ana',
				kind: 'evidence',
				text: 'Red memory image',
				hash: 'AB'.repeat(32)
			},
			sim.now
		)
	);
	sim.must((s) =>
		room.addCustody(s, { entryId: evidence, participantId: 'ian', text: 'Sealed bag 12' }, sim.now)
	);
	sim.must((s) => room.updateRecord(s, { participantId: 'bob', summary: 'Blue summary' }, sim.now));
	const recordRating = (teamId: string, rating: 'S' | 'M', text: string) =>
		sim.must(() => ({
			ok: true,
			events: [
				{
					type: 'observation.added',
					observationId: id('o'),
					teamId,
					objectiveId: 'contain',
					rating,
					about: 'record',
					text,
					by: 'fac'
				}
			]
		}));
	recordRating('red', 'S', 'Red record: custody complete');
	recordRating('blue', 'M', 'Blue record: no timeline');
	sim.must((s) =>
		command.observe(scenario, s, {
			observationId: id('o'),
			teamId: 'red',
			text: 'Not about the record',
			by: 'fac'
		})
	);

	// Feedback: Ian's second form replaces his first.
	const form = (participantId: string, f: Partial<room.Feedback>) =>
		sim.must((s) => room.submitFeedback(scenario, s, { participantId, ratings: {}, ...f }));
	form('ana', {
		strengths: 'Fast triage\n- Clear roles',
		ratings: { detect: 4, contain: 2 },
		comments: 'More time please'
	});
	form('ian', { ratings: { detect: 1 } });
	form('ian', { strengths: 'fast  triage', ratings: { detect: 5, contain: 3 } });
	form('bob', { improvements: 'Comms with legal', ratings: { detect: 3 } });
	const note = (kind: string, text: string, objectiveId?: string) =>
		sim.must((s) =>
			room.noteHotwash(scenario, s, { noteId: id('h'), by: 'fac', kind, text, objectiveId })
		);
	note('strength', 'Everyone found the alert', 'detect');
	note('improvement', 'Escalate sooner');
	note('note', 'Projector flaky');
	return sim;
}
