/**
 * Seeds a data folder with finished sessions, as if the app had run them: one session file per
 * session (its log, the frozen scenario, token hashes), the session index and one summary each,
 * in the formats of src/lib/server/storage/file/session-files.ts and summaries.ts.
 *
 * A few template sessions are played with the real engine (commands, the clock's `advance`, the
 * fold in `applyEvent`, `summarise`) on the bundled scenarios; every stored session is a copy of
 * one with its own ids, join code, participants and times, so it replays to the same summary
 * (bench/history.spec.ts checks that).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { advance } from '../src/lib/engine/session/advance';
import { applyEvent } from '../src/lib/engine/session/apply';
import { canonicalJson } from '../src/lib/engine/scenario/canonical';
import * as command from '../src/lib/engine/session/commands';
import type { CommandResult } from '../src/lib/engine/session/commands';
import type {
	Rating,
	ResponseValue,
	SessionEvent,
	SessionEventBody
} from '../src/lib/engine/session/events';
import { loadScenario } from '../src/lib/engine/scenario/load';
import {
	decisionKey,
	type Decision,
	type Inject,
	type Scenario
} from '../src/lib/engine/scenario/model';
import type { ScenarioFile } from '../src/lib/engine/scenario/schema';
import type { SessionState } from '../src/lib/engine/session/state';
import { summarise, type SessionSummary } from '../src/lib/engine/score/summary';
import { seededRandom } from '../src/lib/reports/dashboard-fixtures';
import type { SessionFile } from '../src/lib/server/storage/file/session-files';
import { FrozenScenarios } from '../src/lib/server/storage/file/frozen-scenarios';
import type { SessionMeta } from '../src/lib/server/storage/sessions';

const MINUTE = 60_000;
const DAY = 86_400_000;
const JOIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const TEAM_NAMES = ['Red', 'Blue', 'Green', 'SOC', 'IT Ops', 'Night shift'];
const NAMES = ['Ana', 'Ben', 'Chen', 'Dana', 'Eve', 'Farid', 'Gita', 'Hugo', 'Ines', 'Jon'];
/** Placeholder ids in templates, replaced in every copy. */
const TEMPLATE_SESSION = 'template0000';

/** A scenario as the library holds it: the parsed file, its compiled form, hash and length. */
export interface LibraryScenario {
	source: ScenarioFile;
	scenario: Scenario;
	hash: string;
	expectedMs: number;
}

/** Loads a scenario file with the app's loader; throws if it has errors. */
export function loadLibraryScenario(path: string): LibraryScenario {
	const result = loadScenario(readFileSync(path), path);
	if (!result.scenario || !result.source || result.errors.length) {
		throw new Error(`${path}: ${result.errors.map((e) => e.message).join('; ')}`);
	}
	return {
		source: result.source,
		scenario: result.scenario,
		// As src/lib/server/scenarios.ts computes it.
		hash: createHash('sha256').update(canonicalJson(result.source)).digest('hex'),
		expectedMs: result.paths?.maxMs ?? 0
	};
}

/** A session played to its end by the engine, with placeholder ids and times from 0. */
export interface Template {
	lib: LibraryScenario;
	events: SessionEvent[];
	state: SessionState;
	summary: SessionSummary;
	participantIds: string[];
}

function answerFor(inject: Inject, decision: Decision, random: () => number): ResponseValue | null {
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	switch (decision.kind) {
		case 'single':
			return { kind: 'single', optionId: pick(decision.options).id };
		case 'multiple':
			return {
				kind: 'multiple',
				optionIds: decision.options.filter(() => random() < 0.5).map((o) => o.id)
			};
		case 'indicators': {
			const log = inject.artefacts.find((a) => a.id === decision.artefact);
			const count = log && log.type === 'log' ? log.lines.length : 0;
			const lines = decision.indicatorLines.filter(() => random() < 0.7);
			if (count > 0 && random() < 0.3) lines.push(Math.floor(random() * count));
			return { kind: 'indicators', lines: [...new Set(lines)].sort((a, b) => a - b) };
		}
		case 'text':
			return { kind: 'text', text: 'Isolate first, then tell legal what we know and do not know.' };
	}
}

/**
 * Plays one session of `lib` with the engine, as the server would: every command first lets the
 * clock catch up (`advance`), then its events are applied in order. Trainees answer what is
 * released to them, the incident commander decides for the team, the facilitator rates
 * objectives and scores text answers, then ends the session.
 */
export function playTemplate(lib: LibraryScenario, random: () => number): Template {
	const { scenario } = lib;
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const events: SessionEvent[] = [];
	let now = 0;
	const created: SessionEvent = {
		type: 'session.created',
		sessionId: TEMPLATE_SESSION,
		scenarioId: scenario.id,
		scenarioHash: lib.hash,
		title: scenario.title,
		teams: [],
		speed: 4,
		release: 'auto',
		facilitatorId: 'facilitator',
		seq: 1,
		at: now
	};
	const teamCount = 1 + Math.floor(random() * 3);
	const first = Math.floor(random() * TEAM_NAMES.length);
	for (let k = 0; k < teamCount; k++) {
		const name = TEAM_NAMES[(first + k) % TEAM_NAMES.length];
		created.teams.push({ id: name.toLowerCase().replace(/\s+/g, '-'), name });
	}
	const state: SessionState = applyEvent(scenario, null, created);
	events.push(created);
	const run = (cmd: (s: SessionState) => CommandResult): CommandResult => {
		events.push(...advance(scenario, state, now));
		const result = cmd(state);
		if (!result.ok) return result;
		for (const body of result.events) {
			const event = { ...body, seq: state.seq + 1, at: now } as SessionEvent;
			applyEvent(scenario, state, event);
			events.push(event);
		}
		return result;
	};
	const must = (cmd: (s: SessionState) => CommandResult) => {
		const result = run(cmd);
		if (!result.ok) throw new Error(`template: refused (${result.status}): ${result.message}`);
	};

	const commander = scenario.roles.find((r) => r.id === 'incident-commander') ?? scenario.roles[0];
	const participantIds: string[] = [];
	for (const team of created.teams) {
		const members = 3 + Math.floor(random() * 4);
		for (let m = 0; m < members; m++) {
			const participantId = `p${String(participantIds.length).padStart(4, '0')}`;
			participantIds.push(participantId);
			now += 1000;
			must((s) =>
				command.join(scenario, s, {
					participantId,
					name: `${pick(NAMES)} ${team.name}`,
					teamId: team.id,
					role: m === 0 ? commander.id : pick(scenario.roles).id
				})
			);
		}
	}
	now += MINUTE;
	must(command.start);

	const answered = new Set<string>();
	let responses = 0;
	for (let step = 0; step < 400 && state.teamOrder.some((t) => !state.teams[t].ending); step++) {
		now += MINUTE;
		events.push(...advance(scenario, state, now));
		for (const teamId of state.teamOrder) {
			const team = state.teams[teamId];
			const members = Object.values(state.participants).filter((p) => p.teamId === teamId);
			for (const injectId of team.releaseOrder) {
				const inject = scenario.injectById[injectId];
				for (const decision of inject.decisions) {
					const d = team.decisions[decisionKey(injectId, decision.id)];
					for (const p of members) {
						if (inject.audience && !inject.audience.includes(p.role)) continue;
						const key = `${p.id}/${injectId}/${decision.id}`;
						if (answered.has(key)) continue;
						if (decision.team && (d.status !== 'open' || p.role !== commander.id)) continue;
						answered.add(key);
						if (!decision.team && random() < 0.2) continue;
						const value = answerFor(inject, decision, random);
						if (!value) continue;
						const responseId = `r${String(responses++).padStart(6, '0')}`;
						run((s) =>
							command.submitResponse(scenario, s, {
								responseId,
								participantId: p.id,
								injectId,
								decisionId: decision.id,
								value,
								...(random() < 0.3 ? { rationale: 'Following the playbook.' } : {})
							})
						);
						if (decision.kind === 'text' && decision.scored) {
							const points = Math.round(random() * decision.points);
							run((s) => command.scoreText(scenario, s, { responseId, points, by: 'facilitator' }));
						}
					}
				}
			}
		}
	}
	const ratings: Rating[] = ['P', 'S', 'M', 'U'];
	let observations = 0;
	for (const teamId of state.teamOrder) {
		for (const objective of scenario.objectives) {
			if (random() < 0.3) continue;
			const observationId = `o${String(observations++).padStart(6, '0')}`;
			run((s) =>
				command.observe(scenario, s, {
					observationId,
					teamId,
					objectiveId: objective.id,
					rating: pick(ratings),
					text: 'Worked through the playbook; the hand-over to legal was slow.',
					by: 'facilitator'
				})
			);
		}
	}
	now += MINUTE;
	must((s) => command.end(scenario, s, now));
	return { lib, events, state, summary: summarise(scenario, state), participantIds };
}

/** One stored session: its file, its index line and its summary. */
export interface StoredSession {
	file: SessionFile;
	summary: SessionSummary;
}

function joinCode(): string {
	const bytes = randomBytes(10);
	let code = '';
	for (const b of bytes) code += JOIN_ALPHABET[b % JOIN_ALPHABET.length];
	return code;
}

/**
 * A copy of `template` as session `id`, created at `createdAt` by `facilitatorId`: new
 * participant ids and token hashes, every time shifted; the summary patched to match (the same
 * as summarising the replayed copy).
 */
export function copySession(
	template: Template,
	input: { id: string; createdAt: number; facilitatorId: string; title: string }
): StoredSession {
	const { lib, state } = template;
	const delta = input.createdAt;
	const people = new Map(
		template.participantIds.map((p) => [p, `p${input.id.slice(0, 8)}${p.slice(1)}`])
	);
	const person = (p: string) => people.get(p) ?? p;
	const events = template.events.map((e) => {
		const copy = { ...e, at: e.at + delta } as SessionEvent;
		switch (copy.type) {
			case 'session.created':
				return {
					...copy,
					sessionId: input.id,
					title: input.title,
					facilitatorId: input.facilitatorId
				};
			case 'participant.joined':
			case 'response.submitted':
				return { ...copy, participantId: person(copy.participantId) };
			case 'decision.locked':
				return { ...copy, by: person(copy.by) };
			case 'observation.added':
			case 'text.scored':
				return { ...copy, by: input.facilitatorId };
			default:
				return copy;
		}
	});
	const shift = (t: number | null) => (t === null ? null : t + delta);
	const meta: SessionMeta = {
		id: input.id,
		joinCode: joinCode(),
		scenarioId: lib.scenario.id,
		scenarioTitle: lib.scenario.title,
		scenarioHash: lib.hash,
		title: input.title,
		facilitatorId: input.facilitatorId,
		teams: (events[0] as Extract<SessionEventBody, { type: 'session.created' }>).teams,
		speed: state.clock.speed,
		release: state.release,
		status: state.status,
		expectedMs: lib.expectedMs,
		createdAt: state.createdAt + delta,
		startedAt: shift(state.startedAt),
		endedAt: shift(state.endedAt)
	};
	const tokens: Record<string, string> = {};
	for (const p of people.values()) tokens[randomBytes(32).toString('hex')] = p;
	const summary: SessionSummary = {
		...template.summary,
		sessionId: input.id,
		title: input.title,
		facilitatorId: input.facilitatorId,
		createdAt: meta.createdAt,
		startedAt: meta.startedAt,
		endedAt: meta.endedAt,
		trainees: template.summary.trainees.map((t) => ({
			...t,
			participantId: person(t.participantId)
		}))
	};
	return {
		file: { version: 2, meta, scenario: lib.source, tokens, events },
		summary
	};
}

export interface SeedResult {
	sessions: number;
	bytes: number;
	ms: number;
}

/**
 * Writes `count` finished sessions into `dataDir` (sessions/, sessions/index.json, summaries/),
 * spread over the three years before `until`, played on the given scenarios. Plain writes: the
 * caller syncs the file system once before measuring.
 */
export function seedHistory(input: {
	dataDir: string;
	count: number;
	scenarios: LibraryScenario[];
	until: number;
	seed?: number;
	templatesPerScenario?: number;
}): SeedResult {
	const started = performance.now();
	const random = seededRandom(input.seed ?? 1);
	const templates: Template[] = [];
	for (const lib of input.scenarios) {
		for (let i = 0; i < (input.templatesPerScenario ?? 3); i++)
			templates.push(playTemplate(lib, random));
	}
	const sessionsDir = join(input.dataDir, 'sessions');
	const summariesDir = join(input.dataDir, 'summaries');
	mkdirSync(sessionsDir, { recursive: true });
	mkdirSync(summariesDir, { recursive: true });
	// Each scenario once, as the app stores it: the sessions name it by its hash.
	const frozen = new FrozenScenarios(join(sessionsDir, 'frozen'));
	const scenarioRef = new Map(input.scenarios.map((lib) => [lib, frozen.refOf(lib.source)]));
	const span = 3 * 365 * DAY;
	const index: SessionMeta[] = [];
	let bytes = 0;
	for (let i = 0; i < input.count; i++) {
		const template = templates[i % templates.length];
		const id = randomBytes(8).toString('hex');
		const createdAt = input.until - span + Math.floor((i / Math.max(1, input.count)) * span);
		const stored = copySession(template, {
			id,
			createdAt,
			facilitatorId: `history-facilitator-${i % 5}`,
			title: `${template.lib.scenario.title} #${i + 1}`
		});
		const { meta, tokens, events } = stored.file;
		const text = `{"version":2,"meta":${JSON.stringify(meta)},"scenarioRef":"${scenarioRef.get(template.lib)}","tokens":${JSON.stringify(tokens)},"events":${JSON.stringify(events)}}`;
		writeFileSync(join(sessionsDir, `${id}.json`), text);
		const summary = JSON.stringify(stored.summary);
		writeFileSync(join(summariesDir, `${id}.json`), summary);
		bytes += text.length + summary.length;
		index.push(stored.file.meta);
	}
	const indexText = JSON.stringify({ version: 1, sessions: index });
	writeFileSync(join(sessionsDir, 'index.json'), indexText);
	bytes += indexText.length;
	return { sessions: input.count, bytes, ms: Math.round(performance.now() - started) };
}
