/**
 * The debrief of a session as an HSEEP-style after-action report and improvement plan: overview,
 * per-phase scores, objective ratings with evidence, each team's decision log, the attacker stages
 * it did not stop, the indicators it missed, the room (chat, RFIs, improvised injects, incident
 * records, participant feedback, hot wash: debrief-room.ts), drafted strengths and areas for
 * improvement, and drafted improvement items tied to IR-plan sections. Pure: the server adds what lives outside
 * the session (facilitator edits, retests of earlier improvement items).
 */
import { describedRolls } from '../session/roll-source';
import { decisionMembers } from '../session/commands';
import { scenarioTime } from '../session/clock';
import { decisionKey, type Decision, type Objective, type Scenario } from '../scenario/model';
import { scenarioContext, type ScenarioContext } from '../scenario/metadata';
import { shownPercent } from './display';
import { mergeDrafts, type DraftPart } from './merge-drafts';
import { effectiveOptions } from './effective';
import { scoreSession, type SessionScores } from './session-score';
import { decayFactor } from './decay';
import type { DecisionState } from '../session/state';
import type { RollRecord } from '../session/chance';
import { answerKey, type SessionState } from '../session/state';
import { ENDED_EARLY_TITLE, endedEarly } from '../session/early-end';
import { debriefRoom, withRoomFindings, type DebriefRoom } from './debrief-room';
import { attendanceOf, type AttendanceRow } from './attendance';
import type { SignOff } from '../session/state';

/** Issue 18: a team the session ended before it reached an outcome (no blame, no ending). */
const ENDED_EARLY_ENDING = {
	title: ENDED_EARLY_TITLE,
	outcome: 'ended-early',
	summary:
		'The session was ended before this team reached an outcome: nothing after that was played.'
};

export type CapabilityElement = 'planning' | 'organisation' | 'equipment' | 'training' | 'exercise';

export interface DecisionLogEntry {
	scenarioMs: number;
	at: number | null;
	injectId: string;
	injectTitle: string;
	decisionId: string;
	prompt: string;
	isTeam: boolean;
	optionsOffered: string[];
	decidedBy: string;
	decision: string;
	correct: boolean | null;
	rationales: { name: string; text: string }[];
	consequence: string;
	/**
	 * Set when time reduced the points (the decision's `decay`): the share kept and the response
	 * time behind it; for an individual decision, the slowest member's.
	 */
	decayed?: { factor: number; responseMs: number };
}

interface MissedIndicator {
	injectId: string;
	artefactTitle: string;
	/** 0-based index into the log's lines, as the API numbers them; people see `line + 1`. */
	line: number;
	text: string;
	note?: string;
	/** Members who flagged it, of those who answered. */
	flaggedBy: number;
	answered: number;
}

export interface ImprovementDraft {
	/** Stable within the session, so accepting one twice is detectable. */
	key: string;
	issue: string;
	correctiveAction: string;
	planSection: string | null;
	capabilityElement: CapabilityElement;
	objectiveId: string | null;
	teamId: string | null;
	/** The findings (teams, objectives, evidence) merged into this proposal; see merge-drafts.ts. */
	covers?: DraftPart[];
}

export interface RetestLine {
	itemId: string;
	issue: string;
	planSection: string;
	objectiveId: string | null;
	objectiveTitle: string | null;
	phase: string | null;
	before: { sessionId: string; title: string; percent: number | null; rating: string | null };
	now: { percent: number | null; rating: string | null };
	improved: boolean | null;
}

export interface Debrief {
	overview: {
		sessionId: string;
		title: string;
		scenarioId: string;
		scenarioTitle: string;
		scenarioVersion: string;
		scenarioHash: string;
		summary: string;
		createdAt: number;
		startedAt: number | null;
		endedAt: number | null;
		realDurationMs: number | null;
		scenarioDurationMs: number;
		/** Where the facilitator skipped the scenario clock forward (scenario ms, wall-clock ms). */
		clockSkips: { fromMs: number; toMs: number; at: number }[];
		teams: { id: string; name: string; members: { name: string; role: string }[] }[];
		participants: number;
		objectives: { id: string; title: string; phases: string[] }[];
		attack: string[];
		/** Source, licence and attribution, threat actor, assets, controls and risks. */
		context: ScenarioContext;
	};
	scores: SessionScores;
	endings: Record<string, { title: string; outcome: string; summary: string } | null>;
	decisionLog: Record<string, DecisionLogEntry[]>;
	attacker: Record<string, { fired: StageLine[]; prevented: StageLine[] }>;
	missedIndicators: Record<string, MissedIndicator[]>;
	/** Every roll() of each team's play, in order: die, value, scenario time and what rolled it. */
	rolls: Record<string, (RollRecord & { about: string })[]>;
	strengths: string[];
	improvements: string[];
	improvementDrafts: ImprovementDraft[];
	retests: RetestLine[];
	/**
	 * Issue 13: chat transcripts, RFIs with response times, improvised injects, incident records,
	 * participant feedback and hot-wash notes (debrief-room.ts).
	 */
	room: DebriefRoom;
	/** Issue 16: who took part, with joining time and last recorded action (attendance.ts). */
	attendance: AttendanceRow[];
	/** Issue 16: the leads' (and admins') sign-offs of this report, in order. */
	signOffs: SignOff[];
}

interface StageLine {
	id: string;
	title: string;
	technique?: string;
	scenarioMs: number;
}

export interface DebriefEdits {
	strengths?: string[];
	improvements?: string[];
}

/** Plain text of a Markdown snippet's first line, for tables and logs. */
export function plain(markdown: string): string {
	const first = markdown.split('\n').find((l) => l.trim()) ?? '';
	return first.replace(/[*_`#>]/g, '').trim();
}

function phaseName(scenario: Scenario, id: string): string {
	return scenario.phases.find((p) => p.id === id)?.name ?? id;
}

function decisionLog(scenario: Scenario, state: SessionState, teamId: string): DecisionLogEntry[] {
	const team = state.teams[teamId];
	const entries: DecisionLogEntry[] = [];
	for (const injectId of team.releaseOrder) {
		const inject = scenario.injectById[injectId];
		for (const decision of inject.decisions) {
			const d = team.decisions[decisionKey(injectId, decision.id)];
			const members = decisionMembers(scenario, state, teamId, injectId);
			const rationales = members.flatMap((m) => {
				const i = state.latest[answerKey(m.id, injectId, decision.id)];
				const text = i === undefined ? undefined : state.responses[i].rationale;
				return text ? [{ name: m.name, text }] : [];
			});
			entries.push({
				scenarioMs: d.closedMs ?? d.openedMs,
				at: d.closedAt,
				injectId,
				injectTitle: inject.title,
				decisionId: decision.id,
				prompt: plain(decision.prompt),
				isTeam: Boolean(decision.team),
				optionsOffered: effectiveOptions(decision, d).map((o) => o.label),
				...outcomeOf(scenario, state, teamId, decision, members.length),
				rationales,
				...decayOf(state, decision, d, members)
			});
		}
	}
	// Issue 11: injects dropped before their release appear once, with who dropped them.
	for (const [injectId, x] of Object.entries(team.dropped)) {
		const inject = scenario.injectById[injectId];
		if (x.released || !inject) continue;
		entries.push({
			scenarioMs: x.scenarioMs,
			at: null,
			injectId,
			injectTitle: inject.title,
			decisionId: '',
			prompt: 'Not released',
			isTeam: false,
			optionsOffered: [],
			decidedBy: droppedBy(state, x.by),
			decision: 'Inject dropped before its release',
			correct: null,
			rationales: [],
			consequence: x.reason ?? ''
		});
	}
	// By time: a decision closed late sits after those closed before it, whatever its inject's
	// release order (the sort is stable, so ties keep the script's order).
	return entries.sort((a, b) => a.scenarioMs - b.scenarioMs);
}

/** Issue 11: who dropped an inject, in words: the session's facilitator or another staff user. */
function droppedBy(state: SessionState, by: string): string {
	return by === state.facilitatorId ? 'dropped by the facilitator' : `dropped by staff user ${by}`;
}

function decayOf(
	state: SessionState,
	decision: Decision,
	d: DecisionState,
	members: readonly { id: string }[]
): Pick<DecisionLogEntry, 'decayed'> {
	if (!decision.decay) return {};
	let decayed: DecisionLogEntry['decayed'];
	const consider = (responseMs: number) => {
		const factor = Math.round(decayFactor(decision.decay, responseMs) * 100) / 100;
		if (factor < 1 && (!decayed || factor < decayed.factor)) decayed = { factor, responseMs };
	};
	if (decision.team) {
		if (d.status === 'locked' && d.closedMs !== null) consider(d.closedMs - d.openedMs);
	} else {
		for (const m of members) {
			const i = state.latest[answerKey(m.id, decision.injectId, decision.id)];
			if (i !== undefined && !state.responses[i].late)
				consider(state.responses[i].scenarioMs - d.openedMs);
		}
	}
	return decayed ? { decayed } : {};
}

function outcomeOf(
	scenario: Scenario,
	state: SessionState,
	teamId: string,
	decision: Decision,
	audience: number
): Pick<DecisionLogEntry, 'decidedBy' | 'decision' | 'correct' | 'consequence'> {
	const d = state.teams[teamId].decisions[decisionKey(decision.injectId, decision.id)];
	if (d.status === 'dropped') {
		// Issue 11: closed by the facilitator dropping the inject; nothing at stake.
		return {
			decidedBy: droppedBy(state, d.by ?? ''),
			decision: 'Inject dropped (not scored)',
			correct: null,
			consequence: state.teams[teamId].dropped[decision.injectId]?.reason ?? ''
		};
	}
	if (!decision.team) {
		const answered = decisionMembers(scenario, state, teamId, decision.injectId).filter(
			(m) => state.latest[answerKey(m.id, decision.injectId, decision.id)] !== undefined
		).length;
		return {
			decidedBy: 'each member',
			decision: `${answered} of ${audience} answered`,
			correct: null,
			consequence:
				decision.kind === 'indicators' ? 'Scored by precision and recall' : 'Scored individually'
		};
	}
	if (d.status === 'expired') {
		const next = ledTo(scenario, decision.timeout?.next ?? []);
		return {
			decidedBy: 'nobody: the deadline passed',
			decision: 'No decision (timeout)',
			correct: false,
			consequence:
				[
					decision.timeout?.outcome && plain(decision.timeout.outcome),
					decision.timeout?.feedback && plain(decision.timeout.feedback),
					next && `Led to: ${next}`
				]
					.filter(Boolean)
					.join(' ') || 'No consequence scripted'
		};
	}
	if (d.status === 'open') {
		if (scenario.injectById[decision.injectId].optional) {
			return {
				decidedBy: 'nobody (optional)',
				decision: 'Left unanswered (optional, not scored)',
				correct: null,
				consequence: ''
			};
		}
		return {
			decidedBy: 'not decided',
			decision: 'Still open when the session ended',
			correct: null,
			consequence: ''
		};
	}
	if (decision.kind === 'text') {
		// Issue 11: a team text answer, written by the decider role.
		const r = state.responses.find((x) => x.responseId === d.responseId);
		const mark = d.responseId ? state.textScores[d.responseId] : undefined;
		return {
			decidedBy: `${state.participants[d.by ?? '']?.name ?? d.by} (${scenario.roles.find((x) => x.id === decision.team!.decider)?.name ?? decision.team!.decider})`,
			decision: r?.value.kind === 'text' ? r.value.text : '',
			correct: null,
			consequence: !decision.scored
				? 'Not scored'
				: mark
					? `Marked ${mark.points} of ${decision.points}`
					: 'Not marked yet'
		};
	}
	const option = decision.options.find((o) => o.id === d.optionId)!;
	const by =
		d.rule === 'override'
			? `facilitator override: ${d.overrideReason}`
			: d.rule === 'majority'
				? 'team majority'
				: `${state.participants[d.by ?? '']?.name ?? d.by} (${scenario.roles.find((r) => r.id === decision.team!.decider)?.name ?? decision.team!.decider})`;
	const next = ledTo(scenario, option.next);
	return {
		decidedBy: by,
		decision: option.label,
		correct: option.correct,
		consequence: [
			option.outcome && plain(option.outcome),
			option.feedback && plain(option.feedback),
			next && `Led to: ${next}`
		]
			.filter(Boolean)
			.join(' ')
	};
}

/** The titles of the injects a branch scheduled, joined for a sentence; undefined if none. */
function ledTo(scenario: Scenario, next: readonly string[]): string | undefined {
	const titles = next.flatMap((id) => scenario.injectById[id]?.title ?? []);
	return titles.length > 0 ? titles.join(', ') : undefined;
}

function missedIndicators(
	scenario: Scenario,
	state: SessionState,
	teamId: string
): MissedIndicator[] {
	const team = state.teams[teamId];
	const missed: MissedIndicator[] = [];
	for (const injectId of team.releaseOrder) {
		const inject = scenario.injectById[injectId];
		for (const decision of inject.decisions.filter((d) => d.kind === 'indicators')) {
			const log = inject.artefacts.find((a) => a.id === decision.artefact);
			if (log?.type !== 'log') continue;
			const answers = decisionMembers(scenario, state, teamId, injectId).flatMap((m) => {
				const i = state.latest[answerKey(m.id, injectId, decision.id)];
				const v = i === undefined ? undefined : state.responses[i].value;
				return v?.kind === 'indicators' ? [v.lines] : [];
			});
			for (const line of decision.indicatorLines) {
				const flaggedBy = answers.filter((lines) => lines.includes(line)).length;
				// Missed by the team: fewer than half of those who answered flagged it.
				if (flaggedBy * 2 >= answers.length && answers.length > 0) continue;
				const entry = log.lines[line];
				missed.push({
					injectId,
					artefactTitle: log.title,
					line,
					text: typeof entry === 'string' ? entry : entry.text,
					note: typeof entry === 'string' ? undefined : entry.note,
					flaggedBy,
					answered: answers.length
				});
			}
		}
	}
	return missed;
}

function draftFindings(scenario: Scenario, state: SessionState, scores: SessionScores) {
	const strengths: string[] = [];
	const improvements: string[] = [];
	const drafts: ImprovementDraft[] = [];
	const seen = new Set<string>();
	const draft = (d: Omit<ImprovementDraft, 'key'>) => {
		const key = `${d.teamId ?? 'room'}:${d.objectiveId ?? ''}:${d.planSection ?? ''}:${d.capabilityElement}`;
		if (seen.has(key)) return;
		seen.add(key);
		drafts.push({ key, ...d });
	};
	const objectivesOf = (phase: string) =>
		scenario.objectives.filter((o) => o.phases.includes(phase));

	for (const team of scores.teams) {
		// One draft per objective and plan section, naming every low phase it covers: drafting
		// per phase kept only the first and hid the others (a 0 % among them).
		const low = new Map<
			string,
			{ objective: Objective; section: string | null; phases: string[] }
		>();
		for (const [phase, s] of Object.entries(team.phases)) {
			if (s.percent === null) continue;
			const shown = `${shownPercent(s.percent)}%`;
			if (s.percent >= 80)
				strengths.push(`${team.name} scored ${shown} in ${phaseName(scenario, phase)}.`);
			if (s.percent < 50) {
				improvements.push(`${team.name} scored ${shown} in ${phaseName(scenario, phase)}.`);
				for (const o of objectivesOf(phase)) {
					for (const section of o.debrief?.planSections ?? [null]) {
						const key = `${o.id}\n${section ?? ''}`;
						if (!low.has(key)) low.set(key, { objective: o, section, phases: [] });
						low.get(key)!.phases.push(`${phaseName(scenario, phase)} (${shown})`);
					}
				}
			}
		}
		for (const { objective: o, section, phases } of low.values()) {
			draft({
				issue: `${team.name}: low ${phases.join(', ')} ${phases.length === 1 ? 'score' : 'scores'} on "${o.title}"`,
				correctiveAction: o.debrief?.lessons?.[0]
					? plain(o.debrief.lessons[0])
					: `Review and exercise the ${o.phases.map((p) => phaseName(scenario, p)).join(' and ')} steps of the plan.`,
				planSection: section,
				capabilityElement: 'training',
				objectiveId: o.id,
				teamId: team.teamId
			});
		}
		for (const stageId of team.stagesPrevented) {
			const stage = scenario.stageById[stageId];
			strengths.push(
				`${team.name} stopped "${stage.title}"${stage.technique ? ` (${stage.technique})` : ''} before it happened.`
			);
		}
		for (const stageId of team.stagesFired) {
			const stage = scenario.stageById[stageId];
			improvements.push(
				`${team.name} did not stop "${stage.title}"${stage.technique ? ` (${stage.technique})` : ''}.`
			);
		}
		const teamState = state.teams[team.teamId];
		for (const d of Object.values(teamState.decisions)) {
			const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
			if (!decision.team || d.status !== 'expired') continue;
			improvements.push(
				`${team.name} let the deadline pass on "${plain(decision.prompt)}" (no decision).`
			);
			draft({
				issue: `${team.name}: no decision in time on "${plain(decision.prompt)}"`,
				correctiveAction:
					'Make the decision owner and escalation path explicit so a decision is taken before the deadline.',
				planSection: decision.plan ?? decision.options.find((o) => o.correct)?.plan ?? null,
				capabilityElement: 'organisation',
				objectiveId: decision.objectives[0] ?? null,
				teamId: team.teamId
			});
		}
		for (const d of Object.values(teamState.decisions)) {
			const decision = scenario.decisionByKey[decisionKey(d.injectId, d.decisionId)];
			const option = decision.options.find((o) => o.id === d.optionId);
			if (!decision.team || !option || option.correct) continue;
			draft({
				issue: `${team.name} chose "${option.label}" on "${plain(decision.prompt)}"`,
				correctiveAction: option.feedback
					? plain(option.feedback)
					: 'Review the expected course of action with the team.',
				planSection:
					option.plan ?? decision.plan ?? decision.options.find((o) => o.correct)?.plan ?? null,
				capabilityElement: 'training',
				objectiveId: decision.objectives[0] ?? null,
				teamId: team.teamId
			});
		}
	}
	for (const o of scores.objectives) {
		const objective = scenario.objectives.find((x) => x.id === o.objectiveId)!;
		for (const [teamId, rating] of Object.entries(o.byTeam)) {
			const teamName = state.teams[teamId]?.name ?? teamId;
			const evidence = o.evidence
				.filter((e) => !e.teamId || e.teamId === teamId)
				.map((e) => e.text)
				.join(' ');
			if (rating === 'P')
				strengths.push(`${teamName}: "${o.title}" performed without challenges (P).`);
			if (rating === 'M' || rating === 'U') {
				improvements.push(
					`${teamName}: "${o.title}" rated ${rating}${evidence ? ` (evidence: ${evidence})` : '.'}`
				);
				for (const section of objective.debrief?.planSections ?? [null]) {
					draft({
						issue: `${teamName}: "${o.title}" performed with ${rating === 'M' ? 'major challenges' : 'no success'} (${rating})`,
						correctiveAction: objective.debrief?.lessons?.[0]
							? plain(objective.debrief.lessons[0])
							: 'Revise the plan section and exercise it again.',
						planSection: section,
						capabilityElement: rating === 'U' ? 'planning' : 'training',
						objectiveId: o.objectiveId,
						teamId
					});
				}
			}
		}
	}
	return { strengths, improvements, drafts: mergeDrafts(drafts) };
}

/** Builds the debrief of a session (ended or not: figures are as of now). */
export function buildDebrief(
	scenario: Scenario,
	state: SessionState,
	now: number,
	options: { edits?: DebriefEdits; retests?: RetestLine[] } = {}
): Debrief {
	const scores = scoreSession(scenario, state);
	const room = debriefRoom(scenario, state);
	const drafted = draftFindings(scenario, state, scores);
	// The hot wash and the participants' feedback join the drafts; the facilitator's edited
	// findings, when there are any, still replace the drafted list as a whole.
	const findings = withRoomFindings(drafted, room);
	const teamIds = state.teamOrder;
	const per = <T>(fn: (teamId: string) => T) =>
		Object.fromEntries(teamIds.map((id) => [id, fn(id)]));
	const stageLine = (id: string, ms: number): StageLine => {
		const s = scenario.stageById[id];
		return { id, title: s.title, technique: s.technique, scenarioMs: ms };
	};
	return {
		overview: {
			sessionId: state.sessionId,
			title: state.title,
			scenarioId: scenario.id,
			scenarioTitle: scenario.title,
			scenarioVersion: scenario.version,
			scenarioHash: state.scenarioHash,
			summary: scenario.summary,
			createdAt: state.createdAt,
			startedAt: state.startedAt,
			endedAt: state.endedAt,
			realDurationMs: state.startedAt === null ? null : (state.endedAt ?? now) - state.startedAt,
			scenarioDurationMs: scenarioTime(state.clock, state.endedAt ?? now),
			clockSkips: state.clockSkips.map(({ fromMs, toMs, at }) => ({ fromMs, toMs, at })),
			teams: teamIds.map((id) => ({
				id,
				name: state.teams[id].name,
				members: Object.values(state.participants)
					.filter((p) => p.teamId === id)
					.map((p) => ({
						name: p.name,
						role: scenario.roles.find((r) => r.id === p.role)?.name ?? p.role
					}))
			})),
			participants: Object.keys(state.participants).length,
			objectives: scenario.objectives.map((o) => ({ id: o.id, title: o.title, phases: o.phases })),
			attack: scenario.attack,
			context: scenarioContext(scenario.file)
		},
		scores,
		endings: per((id) => {
			const endingId = state.teams[id].ending?.endingId;
			const e = endingId ? scenario.endings.find((x) => x.id === endingId) : undefined;
			if (!e && endedEarly(state.teams[id])) return ENDED_EARLY_ENDING;
			return e ? { title: e.title, outcome: e.outcome, summary: e.summary } : null;
		}),
		decisionLog: per((id) => decisionLog(scenario, state, id)),
		attacker: per((id) => {
			const stages = Object.entries(state.teams[id].stages);
			return {
				fired: stages.filter(([, s]) => s.fired).map(([sid, s]) => stageLine(sid, s.scenarioMs)),
				prevented: stages
					.filter(([, s]) => !s.fired)
					.map(([sid, s]) => stageLine(sid, s.scenarioMs))
			};
		}),
		missedIndicators: per((id) => missedIndicators(scenario, state, id)),
		rolls: per((id) => describedRolls(scenario, state.teams[id].rolls)),
		strengths: options.edits?.strengths ?? findings.strengths,
		improvements: options.edits?.improvements ?? findings.improvements,
		improvementDrafts: drafted.drafts,
		retests: options.retests ?? [],
		room,
		attendance: attendanceOf(scenario, state),
		signOffs: (state.signOffs ?? []).map((s) => ({ ...s }))
	};
}
