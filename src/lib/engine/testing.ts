/**
 * Test support for the engine: a small scenario built in code and a simulated session driven
 * with a fake wall clock, so specs read like a facilitator and trainees playing.
 */
import { advance } from './session/advance';
import { applyEvent } from './session/apply';
import type { CommandResult } from './session/commands';
import { compileScenario } from './scenario/compile';
import * as command from './session/commands';
import type {
	ReleaseMode,
	ResponseValue,
	SessionEvent,
	SessionEventBody,
	TeamSpec
} from './session/events';
import { MINUTE, type Scenario } from './scenario/model';
import { ScenarioFileSchema, type ScenarioFile } from './scenario/schema';
import type { SessionState } from './session/state';

/**
 * "Phish": a briefing, an alert with a log to triage and a team containment decision (deadline
 * 10m) that branches, an attacker stage at 14m unless the host is isolated, a wrap-up at 60m.
 */
export function phishFile(overrides: Partial<ScenarioFile> = {}): ScenarioFile {
	return ScenarioFileSchema.parse({
		id: 'phish',
		title: 'Phish',
		summary: 'A phished workstation.',
		version: '1.0.0',
		authors: ['Sandtable team'],
		licence: 'CC-BY-4.0',
		duration: { min: 30, max: 60 },
		difficulty: 'introductory',
		attack: ['T1566.001', 'T1021.002'],
		objectives: [
			{ id: 'detect', title: 'Detect the phish', phases: ['identification'] },
			{
				id: 'contain',
				title: 'Contain the host',
				phases: ['containment'],
				debrief: {
					lessons: ['Isolate first, investigate second.'],
					planSections: ['playbook-ransomware.containment']
				}
			}
		],
		roles: [
			{ id: 'ic', name: 'Incident commander' },
			{ id: 'analyst', name: 'SOC analyst' }
		],
		variables: { hostIsolated: false, spread: 0 },
		injects: [
			{
				id: 'brief',
				title: 'Briefing',
				phase: 'preparation',
				channel: 'briefing',
				at: 0,
				body: 'You are the **IR team**.',
				decisions: [
					{
						id: 'ready',
						kind: 'single',
						prompt: 'Is the IR plan at hand?',
						options: [
							{ id: 'yes', label: 'Yes', scores: { preparation: 5 }, feedback: 'Good.' },
							{ id: 'no', label: 'No', scores: { preparation: 0 } }
						]
					}
				]
			},
			{
				id: 'alert',
				title: 'EDR alert',
				phase: 'identification',
				channel: 'alert',
				at: '5m',
				attack: ['T1566.001'],
				body: 'EDR flags WS-01.',
				artefacts: [
					{
						type: 'log',
						id: 'sysmon',
						title: 'Sysmon',
						lines: [
							'benign 1',
							{
								text: 'winword.exe spawned powershell.exe -enc ...',
								indicator: true,
								note: 'macro'
							},
							'benign 2',
							{ text: 'powershell.exe connects to 203.0.113.7:443', indicator: true },
							'benign 3'
						]
					}
				],
				decisions: [
					{
						id: 'flag',
						kind: 'indicators',
						prompt: 'Flag the indicators.',
						artefact: 'sysmon',
						phase: 'identification',
						points: 10,
						objectives: ['detect']
					},
					{
						id: 'contain',
						kind: 'single',
						prompt: 'Isolate WS-01?',
						team: { decider: 'ic' },
						deadline: '10m',
						objectives: ['contain'],
						options: [
							{
								id: 'isolate',
								label: 'Isolate now',
								plan: 'playbook-ransomware.containment',
								scores: { containment: 10 },
								effects: ['hostIsolated = true'],
								next: 'isolated',
								milestone: 'contained'
							},
							{
								id: 'wait',
								label: 'Keep watching',
								scores: { containment: -5 },
								next: 'spread-news'
							}
						],
						timeout: { scores: { containment: -5 }, next: 'spread-news', feedback: 'Too slow.' }
					}
				]
			},
			{
				id: 'isolated',
				title: 'Host isolated',
				phase: 'containment',
				channel: 'ticket',
				delay: '2m',
				body: 'WS-01 is isolated.',
				decisions: [
					{ id: 'why', kind: 'text', prompt: 'Why?', phase: 'lessons-learned', points: 5 }
				]
			},
			{
				id: 'spread-news',
				title: 'Spreading',
				phase: 'identification',
				channel: 'chat',
				body: 'More hosts.'
			},
			{
				id: 'lateral-alert',
				title: 'Lateral movement',
				phase: 'containment',
				channel: 'alert',
				body: 'PsExec.'
			},
			{
				id: 'wrap',
				title: 'Wrap-up',
				phase: 'lessons-learned',
				channel: 'meeting',
				at: '60m',
				body: 'Review.',
				decisions: [
					{
						id: 'lesson',
						kind: 'multiple',
						prompt: 'What to improve?',
						options: [
							{ id: 'edr', label: 'EDR tuning', scores: { 'lessons-learned': 3 } },
							{ id: 'mfa', label: 'MFA', scores: { 'lessons-learned': 2 } },
							{ id: 'none', label: 'Nothing', scores: { 'lessons-learned': -2 } }
						]
					}
				]
			}
		],
		attacker: [
			{
				id: 'lateral',
				title: 'Lateral movement',
				technique: 'T1021.002',
				at: '14m',
				unless: 'hostIsolated',
				effects: ['spread += 1'],
				inject: 'lateral-alert'
			}
		],
		endings: [
			{
				id: 'good',
				title: 'Contained',
				when: 'hostIsolated and not fired(lateral)',
				outcome: 'good',
				summary: 'Well done.'
			},
			{ id: 'bad', title: 'It spread', outcome: 'bad', summary: 'It spread.' }
		],
		...overrides
	});
}

/** The compiled "Phish" scenario. */
export function phishScenario(overrides: Partial<ScenarioFile> = {}): Scenario {
	return compileScenario(phishFile(overrides));
}

/**
 * A session driven by a fake wall clock. Every command runs `advance` first, as the server
 * does, and every event is kept so specs can replay the log.
 */
export class Sim {
	now = 1_000_000;
	state: SessionState;
	log: SessionEvent[] = [];

	constructor(
		readonly scenario: Scenario,
		options: { teams?: TeamSpec[]; speed?: number; release?: ReleaseMode; seed?: string } = {}
	) {
		this.state = this.record({
			type: 'session.created',
			sessionId: 's1',
			scenarioId: scenario.id,
			scenarioHash: 'hash',
			title: 'Test session',
			teams: options.teams ?? [{ id: 'red', name: 'Red' }],
			speed: options.speed ?? 1,
			release: options.release ?? 'auto',
			facilitatorId: 'fac',
			...(options.seed !== undefined && { seed: options.seed })
		});
	}

	private record(body: SessionEventBody): SessionState {
		const event = { ...body, seq: this.log.length + 1, at: this.now } as SessionEvent;
		this.log.push(event);
		return applyEvent(this.scenario, this.state ?? null, event);
	}

	/** Moves the wall clock by `minutes` real minutes and lets due events happen. */
	wait(minutes: number): SessionEvent[] {
		this.now += minutes * MINUTE;
		return this.tick();
	}

	tick(): SessionEvent[] {
		const events = advance(this.scenario, this.state, this.now);
		this.log.push(...events);
		return events;
	}

	/** Runs a command (after catching up), records its events and returns its result. */
	run(command: (state: SessionState) => CommandResult): CommandResult {
		this.tick();
		const result = command(this.state);
		if (result.ok) for (const body of result.events) this.state = this.record(body);
		return result;
	}

	/** Like `run`, but throws when the command is refused. */
	must(command: (state: SessionState) => CommandResult): SessionEventBody[] {
		const result = this.run(command);
		if (!result.ok) throw new Error(`refused (${result.status}): ${result.message}`);
		return result.events;
	}

	get team() {
		return this.state.teams[this.state.teamOrder[0]];
	}
}

/** Red (Ana, analyst; Ian, commander) and Blue (Bob, commander, alone) joined, not started. */
export function phishTwoTeams(scenario = phishScenario()) {
	const sim = new Sim(scenario, {
		teams: [
			{ id: 'red', name: 'Red' },
			{ id: 'blue', name: 'Blue' }
		]
	});
	const people: [string, string, string][] = [
		['ana', 'analyst', 'red'],
		['ian', 'ic', 'red'],
		['bob', 'ic', 'blue']
	];
	for (const [id, role, teamId] of people) {
		sim.must((s) => command.join(scenario, s, { participantId: id, name: id, teamId, role }));
	}
	let n = 0;
	const answer = (who: string, injectId: string, decisionId: string, value: ResponseValue) =>
		sim.must((s) =>
			command.submitResponse(scenario, s, {
				responseId: `r${++n}`,
				participantId: who,
				injectId,
				decisionId,
				value
			})
		);
	return { sim, answer };
}

/**
 * Red's Ana (analyst) and Ian (commander) six minutes into Phish: Ana flagged log lines 1 and 2
 * and proposed to wait; Ian has not answered.
 */
export function phishInPlay(scenario = phishScenario()): Sim {
	const sim = new Sim(scenario);
	for (const [id, role] of [
		['ana', 'analyst'],
		['ian', 'ic']
	]) {
		sim.must((s) =>
			command.join(scenario, s, { participantId: id, name: id.toUpperCase(), teamId: 'red', role })
		);
	}
	sim.must(command.start);
	sim.wait(6);
	sim.must((s) =>
		command.submitResponse(scenario, s, {
			responseId: 'r1',
			participantId: 'ana',
			injectId: 'alert',
			decisionId: 'flag',
			value: { kind: 'indicators', lines: [1, 2] }
		})
	);
	sim.must((s) =>
		command.submitResponse(scenario, s, {
			responseId: 'r2',
			participantId: 'ana',
			injectId: 'alert',
			decisionId: 'contain',
			value: { kind: 'single', optionId: 'wait' }
		})
	);
	return sim;
}

/**
 * Red isolates in time with mixed individual answers; Blue (one person) lets the deadline pass;
 * answers, a scored text answer, ratings, then the end.
 */
export function playedPhish(scenario = phishScenario()) {
	const { sim, answer } = phishTwoTeams(scenario);
	sim.must(command.start);
	answer('ana', 'brief', 'ready', { kind: 'single', optionId: 'yes' });
	answer('ian', 'brief', 'ready', { kind: 'single', optionId: 'no' });
	answer('bob', 'brief', 'ready', { kind: 'single', optionId: 'yes' });
	sim.wait(5);
	answer('ana', 'alert', 'flag', { kind: 'indicators', lines: [1, 3] });
	answer('ian', 'alert', 'flag', { kind: 'indicators', lines: [1, 2] });
	answer('bob', 'alert', 'flag', { kind: 'indicators', lines: [1] });
	sim.wait(1);
	answer('ana', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
	answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
	sim.wait(2);
	answer('ana', 'isolated', 'why', { kind: 'text', text: 'Stop the spread.' });
	const why = sim.state.responses.at(-1)!.responseId;
	sim.must((s) => command.scoreText(scenario, s, { responseId: why, points: 4, by: 'fac' }));
	sim.wait(52);
	answer('ana', 'wrap', 'lesson', { kind: 'multiple', optionIds: ['edr', 'mfa'] });
	answer('ian', 'wrap', 'lesson', { kind: 'multiple', optionIds: ['edr', 'none'] });
	sim.must((s) =>
		command.observe(scenario, s, {
			observationId: 'o1',
			objectiveId: 'contain',
			teamId: 'red',
			rating: 'P',
			text: 'Isolated fast.',
			by: 'fac'
		})
	);
	sim.must((s) =>
		command.observe(scenario, s, {
			observationId: 'o2',
			objectiveId: 'contain',
			teamId: 'blue',
			rating: 'U',
			text: 'No decision.',
			by: 'fac'
		})
	);
	sim.must((s) => command.end(scenario, s, sim.now));
	return sim;
}

/**
 * Issue 18: Red and Blue 7 minutes into Phish (30-60 min). Everyone answered the briefing right
 * and Red's commander isolated the host; Blue's containment decision is still open (deadline at
 * 15 min), the lateral stage (14 min) and the wrap-up (60 min) are to come. Then the session ends.
 */
export function phishEndedEarly(scenario = phishScenario()) {
	const { sim, answer } = phishTwoTeams(scenario);
	sim.must(command.start);
	for (const who of ['ana', 'ian', 'bob'])
		answer(who, 'brief', 'ready', { kind: 'single', optionId: 'yes' });
	sim.wait(6);
	answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'isolate' });
	sim.wait(1);
	const before = sim.state;
	sim.must((s) => command.end(scenario, s, sim.now));
	return { sim, before };
}
