/**
 * A stored session summary as the dashboard reads it, derived once per summary object and kept
 * beside it: figures in arrays by phase and team index instead of records keyed by id, names
 * normalised once, ratings and ATT&CK cells counted per team ahead of time. Every build of the
 * dashboard passes over every summary; at 10,000 that pass was the whole cost (about 10 µs a
 * session of map, record and string work on objects parsed from JSON), and most of it came out
 * the same from build to build.
 *
 * Records are kept in a WeakMap keyed on the summary object. The summary stores replace the
 * object whenever they rewrite a summary (they never change one in place), so a rewritten
 * summary gets a new record and a removed one lets its record go with it.
 */
import type { SessionSummary, TeamSummary } from '../../engine/score/summary';
import { calendarDay } from './calendar';
import { minutesOf } from './numbers';
import type { PhaseRef } from './phases';
import { TeamNames, type TeamName } from './team-names';

/** The five rating counts, in the order of `RATING_KEYS`. */
export const RATING_KEYS = ['P', 'S', 'M', 'U', 'unrated'] as const;
const RATING_INDEX: Record<string, number> = { P: 0, S: 1, M: 2, U: 3, unrated: 4 };

/** A scenario's phase list, shared by every summary with the same phases (ids and names). */
export interface PhaseList {
	phases: readonly PhaseRef[];
	ids: readonly string[];
}

export interface CompactTeam {
	summary: TeamSummary;
	id: string;
	name: TeamName;
	/**
	 * Percent per phase index of the session's phase list; NaN: none at stake (or no score).
	 * NaN rather than null keeps the array one of unboxed doubles: half the memory.
	 */
	percents: number[];
	total: number | null;
	identifyMinutes: number | null;
	containMinutes: number | null;
	/** Ratings of the objectives rated per team, as this team got them (RATING_KEYS order). */
	ratings: number[];
}

export interface CompactTechnique {
	id: string;
	/** Indices of the teams with a cell for it (that exercised it), in order; never empty. */
	exercised: readonly number[];
	/** Per team index: earned over reachable in percent; NaN when nothing was (or no cell). */
	percent: number[];
}

export interface CompactTrainee {
	name: TeamName;
	teamId: string;
	/** The index of the first team with `teamId`; -1 when there is none. */
	team: number;
	percent: number | null;
}

export interface CompactSummary {
	summary: SessionSummary;
	sessionId: string;
	scenarioId: string;
	scenarioTitle: string;
	/** When it ended (ms), or started or was created when it has no end. */
	at: number;
	phases: PhaseList;
	/** The room's stored percent per phase index; NaN: none. */
	room: number[];
	teams: CompactTeam[];
	/** Every team index, in order: the selection without a team filter. */
	allTeams: readonly number[];
	/** Ratings of the objectives rated only room-wide or not at all (RATING_KEYS order). */
	roomRatings: number[];
	techniques: CompactTechnique[];
	trainees: CompactTrainee[];
	/** `at` as a calendar day at `dayOffset` minutes east of UTC: the last offset asked. */
	dayOffset: number;
	day: string;
}

/** Names seen in summaries, normalised once; forgotten past this many (only sharing is lost). */
const MAX_NAMES = 50_000;
let names = new TeamNames();
let nameCount = 0;

function nameOf(raw: string): TeamName {
	if (nameCount >= MAX_NAMES) {
		names = new TeamNames();
		nameCount = 0;
	}
	const before = names.size;
	const n = names.of(raw);
	if (names.size !== before) nameCount++;
	return n;
}

/**
 * Strings that repeat across summaries (technique ids, scenario ids and titles), one copy each:
 * the sections key maps by them, and the same string object hashes once and compares at once.
 * Cleared past this many (only sharing is lost).
 */
const MAX_STRINGS = 10_000;
const strings = new Map<string, string>();

function shared(s: string): string {
	let out = strings.get(s);
	if (out === undefined) {
		if (strings.size >= MAX_STRINGS) strings.clear();
		strings.set(s, (out = s));
	}
	return out;
}

/** Phase lists by their ids and names; cleared past this many (only sharing is lost). */
const MAX_PHASE_LISTS = 1_000;
const phaseLists = new Map<string, PhaseList>();

function phaseListOf(phases: readonly PhaseRef[]): PhaseList {
	let key = '';
	for (const p of phases) key += `${p.id}\u0000${p.name}\u0001`;
	let list = phaseLists.get(key);
	if (!list) {
		if (phaseLists.size >= MAX_PHASE_LISTS) phaseLists.clear();
		list = {
			phases: phases.map((p) => ({ id: p.id, name: p.name })),
			ids: phases.map((p) => p.id)
		};
		phaseLists.set(key, list);
	}
	return list;
}

function derive(s: SessionSummary): CompactSummary {
	const phases = phaseListOf(s.phases);
	const at = s.endedAt ?? s.startedAt ?? s.createdAt;
	const teams = s.teams.map<CompactTeam>((t) => ({
		summary: t,
		id: t.id,
		name: nameOf(t.name),
		percents: phases.ids.map((id) => t.phases[id]?.percent ?? NaN),
		total: t.total.percent,
		identifyMinutes: minutesOf(t.timeToIdentifyMs),
		containMinutes: minutesOf(t.timeToContainMs),
		ratings: [0, 0, 0, 0, 0]
	}));
	const roomRatings = [0, 0, 0, 0, 0];
	for (const o of s.objectives) {
		let perTeam = false;
		for (const _ in o.byTeam) {
			perTeam = true;
			break;
		}
		if (!perTeam) roomRatings[RATING_INDEX[o.rating ?? 'unrated']]++;
		else for (const t of teams) t.ratings[RATING_INDEX[o.byTeam[t.id] ?? 'unrated']]++;
	}
	const allTeams = teams.map((_, i) => i);
	const techniques: CompactTechnique[] = [];
	for (const id in s.techniques) {
		const cells = s.techniques[id];
		const exercised = allTeams.filter((i) => cells[teams[i].id]);
		// No team reached it (summaries before scoring version 3 listed every technique of the
		// scenario): whatever teams are selected, it is not counted, so it is not kept.
		if (exercised.length === 0) continue;
		techniques.push({
			id: shared(id),
			// Every team is the common case: the one shared list.
			exercised: exercised.length === allTeams.length ? allTeams : exercised,
			percent: teams.map((t) => {
				const cell = cells[t.id];
				return !cell || cell.reachable <= 0
					? NaN
					: (100 * Math.max(0, cell.earned)) / cell.reachable;
			})
		});
	}
	return {
		summary: s,
		sessionId: s.sessionId,
		scenarioId: shared(s.scenarioId),
		scenarioTitle: shared(s.scenarioTitle),
		at,
		phases,
		room: phases.ids.map((id) => s.room[id] ?? NaN),
		teams,
		allTeams,
		roomRatings,
		techniques,
		trainees: s.trainees.map((p) => ({
			name: nameOf(p.name),
			teamId: p.teamId,
			team: teams.findIndex((t) => t.id === p.teamId),
			percent: p.percent
		})),
		dayOffset: 0,
		day: calendarDay(at, 0)
	};
}

const records = new WeakMap<SessionSummary, CompactSummary>();

/** The compact record of `summary`, derived on first use and kept while the object lives. */
export function compactSummary(summary: SessionSummary): CompactSummary {
	let record = records.get(summary);
	if (!record) records.set(summary, (record = derive(summary)));
	return record;
}

/** Whether `summary` has its record already (derived by a build or ahead of one). */
export function hasCompactRecord(summary: SessionSummary): boolean {
	return records.has(summary);
}

/** `record.at` as a calendar day at `offsetMinutes` east of UTC (the last offset is kept). */
export function dayOf(record: CompactSummary, offsetMinutes: number): string {
	if (record.dayOffset !== offsetMinutes) {
		record.day = calendarDay(record.at, offsetMinutes);
		record.dayOffset = offsetMinutes;
	}
	return record.day;
}
