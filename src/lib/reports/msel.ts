/**
 * A Master Scenario Events List (MSEL), the timed inject list HSEEP practitioners keep in a
 * spreadsheet, to and from a scenario. `mselToScenario` reads a CSV of the usual columns into a
 * scenario skeleton (one inject per row, each with an unscored "what do you do?" question, one
 * ending) that the checker then judges like any file; problems point at the cell, as
 * `file:line:col`. `scenarioToMsel` writes a scenario as such a CSV for a printed facilitator
 * binder: every inject in release order with its trigger, expected actions and decisions.
 * The column rules are in docs/msel.md.
 */
import { stringify } from 'yaml';
import { csvTable } from './csv';
import { readCsv, type CsvField } from '../format/csv-read';
import { writeXlsx, readXlsx } from '../format/xlsx';
import type { Located } from '../engine/scenario/load';
import { DEFAULT_PHASES, type InjectFile, type ScenarioFile } from '../engine/scenario/schema';

type Channel = InjectFile['channel'];

/** The columns read, by the words a header may use for them (lower case, spaces squeezed). */
const COLUMNS = {
	time: ['time', 'scenario time', 'simulated time', 'sim time', 'inject time', 'elapsed'],
	title: ['inject', 'title', 'inject title', 'event', 'subject'],
	message: ['message', 'description', 'inject description', 'body', 'content', 'details'],
	from: ['from', 'sender', 'source'],
	to: ['to', 'recipient', 'recipients', 'player', 'players', 'audience'],
	method: ['method', 'channel', 'delivery', 'delivery method', 'means', 'mode'],
	expected: ['expected action', 'expected actions', 'expected response', 'expected player action'],
	objective: ['objective', 'objectives', 'exercise objective'],
	capability: ['capability', 'core capability', 'capabilities'],
	phase: ['phase', 'ir phase'],
	notes: ['notes', 'controller notes', 'evaluator notes', 'remarks', 'controller']
} as const;
type Column = keyof typeof COLUMNS;

/** Columns of the export that the import leaves alone (order, moves, what a scenario adds). */
const IGNORED = new Set(['#', 'no', 'no.', 'order', 'number', 'move', 'decisions', 'trigger']);

/** Delivery methods, by the words MSELs use for them. */
const METHODS: Record<string, Channel> = {
	briefing: 'briefing',
	'situation update': 'briefing',
	sitrep: 'briefing',
	alert: 'alert',
	siem: 'alert',
	edr: 'alert',
	ids: 'alert',
	log: 'log',
	logs: 'log',
	email: 'email',
	'e-mail': 'email',
	mail: 'email',
	chat: 'chat',
	slack: 'chat',
	teams: 'chat',
	'instant message': 'chat',
	im: 'chat',
	phone: 'phone',
	'phone call': 'phone',
	call: 'phone',
	voicemail: 'phone',
	sms: 'phone',
	text: 'phone',
	ticket: 'ticket',
	helpdesk: 'ticket',
	'service desk': 'ticket',
	news: 'news',
	media: 'news',
	press: 'news',
	social: 'social',
	'social media': 'social',
	report: 'report',
	document: 'report',
	memo: 'report',
	meeting: 'meeting',
	'in person': 'meeting',
	verbal: 'meeting'
};

/** The format's limit on injects in one scenario. */
const MAX_INJECTS = 300;

const EVERYONE = new Set(['all', 'everyone', 'all players', 'all participants', 'all teams']);

export interface MselOptions {
	/** The file name problems are reported against. */
	file: string;
	/** The scenario's title; its id is made from it. */
	title: string;
	/** Who imported it (the scenario's author). */
	author: string;
}

export type MselImport =
	| { ok: true; scenario: ScenarioFile; yaml: string; warnings: Located[] }
	| { ok: false; errors: Located[]; warnings: Located[] };

/** An id (lowercase letters, digits, hyphens, at most 64) from free text. */
export function idFrom(text: string, fallback: string): string {
	const id = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	return /^[a-z0-9]/.test(id) ? id : fallback;
}

/** A unique id from `text` among `taken` (adds -2, -3... on a clash). */
function uniqueId(text: string, fallback: string, taken: Set<string>): string {
	const base = idFrom(text, fallback);
	let id = base;
	for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
	taken.add(id);
	return id;
}

/**
 * Scenario time in an MSEL cell: `0:15` or `1:05:30` (elapsed h:mm[:ss]), `T+0:15`, `15m`,
 * `1h30m`, `90s`, or a number of minutes. Returns the duration as the format writes it.
 */
export function mselTime(cell: string): string | null {
	const text = cell.trim().replace(/^t\s*\+\s*|^\+\s*/i, '');
	let m = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
	if (m) {
		const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
		if (s > 0) return `${(h * 60 + min) * 60 + s}s`;
		return h > 0 ? (min > 0 ? `${h}h${min}m` : `${h}h`) : `${min}m`;
	}
	if (/^\d+(\.\d+)?$/.test(text)) return `${Number(text)}m`;
	m = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$/i.exec(text);
	if (m && (m[1] || m[2] || m[3])) {
		return `${m[1] ? `${Number(m[1])}h` : ''}${m[2] ? `${Number(m[2])}m` : ''}${m[3] ? `${Number(m[3])}s` : ''}`;
	}
	return null;
}

/** Minutes of a duration written by `mselTime`. */
function minutesOf(duration: string): number {
	const m = /^(?:(\d+)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+)s)?$/.exec(duration);
	if (!m) return 0;
	return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
}

const squeeze = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
/** A spreadsheet export's defused formula (`'=x`) back to its text. */
const undefuse = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
const list = (s: string) =>
	s
		.split(/\s*[;\n]\s*/)
		.map((x) => x.trim())
		.filter(Boolean);

/** Reads an MSEL CSV into a scenario; never throws on bad input. */
export function mselToScenario(text: string, options: MselOptions): MselImport {
	const read = readCsv(text);
	if (!read.ok) {
		const { line, column, message } = read;
		return { ok: false, errors: [{ file: options.file, line, column, message }], warnings: [] };
	}
	return mselRowsToScenario(read.rows, options);
}

/**
 * Reads an MSEL workbook (.xlsx, its first sheet) into a scenario; problems point at the cell as
 * `file:row:column`. Never throws on bad input.
 */
export function mselXlsxToScenario(bytes: Uint8Array, options: MselOptions): MselImport {
	const read = readXlsx(bytes);
	if (!read.ok) {
		return {
			ok: false,
			errors: [{ file: options.file, line: 1, column: 1, message: read.message }],
			warnings: []
		};
	}
	return mselRowsToScenario(read.rows, options);
}

/** The MSEL's rows (the header first), each field at its place in the file, into a scenario. */
function mselRowsToScenario(table: CsvField[][], options: MselOptions): MselImport {
	const errors: Located[] = [];
	const warnings: Located[] = [];
	const at = (f: Pick<CsvField, 'line' | 'column'>, message: string): Located => ({
		file: options.file,
		line: f.line,
		column: f.column,
		message
	});
	const [header, ...rows] = table;
	if (!header) {
		return { ok: false, errors: [at({ line: 1, column: 1 }, 'the file is empty')], warnings };
	}

	const index = new Map<Column, number>();
	header.forEach((cell, i) => {
		const name = squeeze(cell.value);
		const column = (Object.keys(COLUMNS) as Column[]).find((c) =>
			(COLUMNS[c] as readonly string[]).includes(name)
		);
		if (column && !index.has(column)) index.set(column, i);
		else if (column) errors.push(at(cell, `a second '${cell.value}' column`));
		else if (name && !IGNORED.has(name)) {
			warnings.push(at(cell, `column '${cell.value}' is not imported`));
		}
	});
	for (const required of ['time', 'title', 'message', 'method'] as const) {
		if (!index.has(required)) {
			errors.push(
				at(
					header[0],
					`no ${required === 'title' ? 'inject' : required} column: the header needs one of ${COLUMNS[required].map((w) => `'${w}'`).join(', ')}`
				)
			);
		}
	}
	if (rows.length === 0) errors.push(at(header[0], 'no injects: the header has no rows under it'));
	if (rows.length > MAX_INJECTS) {
		errors.push(
			at(
				rows[MAX_INJECTS][0],
				`too many injects: a scenario has at most ${MAX_INJECTS} (this is row ${MAX_INJECTS + 1})`
			)
		);
	}
	if (errors.length > 0) return { ok: false, errors, warnings };

	const phaseIds = new Map<string, string>();
	for (const p of DEFAULT_PHASES) {
		phaseIds.set(p.id, p.id);
		phaseIds.set(squeeze(p.name), p.id);
	}
	const injectIds = new Set<string>();
	const roleIds = new Map<string, { id: string; name: string }>();
	const roleTaken = new Set(['all', 'majority']);
	const objectives = new Map<
		string,
		{ id: string; title: string; phases: Set<string>; capability?: string }
	>();
	const objectiveTaken = new Set<string>();
	const injects: InjectFile[] = [];
	let phase = 'identification';
	let lastMinutes = 0;

	for (const row of rows) {
		const cell = (c: Column): CsvField | undefined => {
			const i = index.get(c);
			return i === undefined ? undefined : row[i];
		};
		const value = (c: Column) => undefuse(cell(c)?.value ?? '').trim();
		const rowAt = row[0];
		const problem = (c: Column, message: string) => errors.push(at(cell(c) ?? rowAt, message));

		const title = value('title');
		if (!title) problem('title', 'Inject: required');
		else if (title.length > 300) problem('title', 'Inject: at most 300 characters');
		const body = value('message');
		if (!body) problem('message', 'Message: required');
		const time = mselTime(value('time'));
		if (!time) {
			problem(
				'time',
				value('time')
					? `Time: '${value('time')}' is not a scenario time; write 0:15, 1:30:00, 15m or 1h30m`
					: 'Time: required (the scenario time the inject is released, e.g. 0:15)'
			);
		} else lastMinutes = Math.max(lastMinutes, minutesOf(time));
		const method = squeeze(value('method'));
		const channel = METHODS[method];
		if (!channel) {
			problem(
				'method',
				method
					? `Method: '${value('method')}' is not a delivery method Sandtable knows; use one of ${[...new Set(Object.values(METHODS))].join(', ')}`
					: 'Method: required (email, phone, alert, log, chat, ticket, news, social, report, meeting or briefing)'
			);
		}
		if (value('phase')) {
			const known = phaseIds.get(squeeze(value('phase')));
			if (known) phase = known;
			else {
				problem(
					'phase',
					`Phase: '${value('phase')}' is not an IR phase; use one of ${DEFAULT_PHASES.map((p) => p.name).join(', ')}`
				);
			}
		}

		let audience: string[] | undefined;
		const to = value('to');
		if (to && !EVERYONE.has(squeeze(to))) {
			audience = [];
			for (const name of to.split(/\s*[;,/\n]\s*/).filter(Boolean)) {
				const key = squeeze(name);
				let role = roleIds.get(key);
				if (!role) {
					role = { id: uniqueId(name, 'role', roleTaken), name: name.slice(0, 200) };
					roleIds.set(key, role);
				}
				if (!audience.includes(role.id)) audience.push(role.id);
			}
		}

		const objectiveIds: string[] = [];
		for (const name of list(value('objective'))) {
			const key = squeeze(name);
			let objective = objectives.get(key);
			if (!objective) {
				objective = {
					id: uniqueId(name, 'objective', objectiveTaken),
					title: name.slice(0, 300),
					phases: new Set()
				};
				objectives.set(key, objective);
			}
			objective.phases.add(phase);
			const capability = value('capability');
			if (capability && !objective.capability) objective.capability = capability.slice(0, 200);
			objectiveIds.push(objective.id);
		}

		const expected = list(value('expected')).map((x) => x.slice(0, 300));
		const from = value('from');
		const notes = value('notes');
		if (!title || !body || !time || !channel) continue;
		injects.push({
			id: uniqueId(title, `inject-${injects.length + 1}`, injectIds),
			title,
			phase,
			channel,
			...(from ? { from: from.slice(0, 200) } : {}),
			...(audience ? { audience } : {}),
			at: time,
			body,
			...(expected.length > 0 ? { expectedActions: expected.slice(0, 20) } : {}),
			...(notes ? { facilitatorNotes: notes } : {}),
			decisions: [
				{
					id: 'response',
					kind: 'text',
					prompt: 'What do you do now, and who does it?',
					scored: false,
					...(objectiveIds.length > 0 ? { objectives: objectiveIds } : {}),
					...(expected.length > 0 ? { guidance: expected.map((x) => `- ${x}`).join('\n') } : {})
				}
			]
		} as InjectFile);
	}
	if (errors.length > 0) return { ok: false, errors, warnings };

	const phasesUsed = new Set(injects.map((i) => i.phase));
	const objectiveList = [...objectives.values()].map((o) => ({
		id: o.id,
		title: o.title,
		phases: [...o.phases],
		...(o.capability ? { capability: o.capability } : {})
	}));
	const minutes = Math.max(1, Math.ceil(lastMinutes));
	const scenario = {
		id: idFrom(options.title, 'msel-import'),
		title: options.title.slice(0, 200),
		summary: `Imported from the MSEL \`${options.file}\`: ${injects.length} inject${injects.length === 1 ? '' : 's'} over ${minutes} minutes.`,
		version: '1.0.0',
		authors: [options.author.slice(0, 100) || 'Sandtable'],
		licence: 'Internal use',
		duration: { min: minutes, max: minutes + 30 },
		difficulty: 'intermediate',
		phases: DEFAULT_PHASES.filter((p) => phasesUsed.has(p.id)).map(({ id, name }) => ({
			id,
			name
		})),
		objectives:
			objectiveList.length > 0
				? objectiveList
				: [
						{
							id: 'respond',
							title: 'Respond as the incident response plan says',
							phases: [...phasesUsed]
						}
					],
		roles: roleIds.size > 0 ? [...roleIds.values()] : [{ id: 'responder', name: 'Responder' }],
		injects,
		endings: [
			{
				id: 'complete',
				title: 'Exercise complete',
				outcome: 'mixed',
				summary: 'Every inject of the MSEL was played.'
			}
		]
	} as ScenarioFile;
	const yaml = `# Imported from the MSEL ${options.file.replace(/[\r\n]/g, ' ')}; edit it in the studio or any editor.\n${stringify(scenario, { lineWidth: 100 })}`;
	return { ok: true, scenario, yaml, warnings };
}

/** h:mm or h:mm:ss of a duration as the format writes it ("1h30m", "90s", 15). */
function clock(duration: string | number | undefined): string {
	if (duration === undefined) return '';
	const totalMinutes =
		typeof duration === 'number' ? duration : minutesOf(String(duration).replace(/\s+/g, ''));
	const seconds = Math.round(totalMinutes * 60);
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	const mm = String(m).padStart(2, '0');
	return s > 0 ? `${h}:${mm}:${String(s).padStart(2, '0')}` : `${h}:${mm}`;
}

/** The MSEL export's columns; the import reads them back (see `COLUMNS`, `IGNORED`). */
export const MSEL_HEADER = [
	'#',
	'Time',
	'Phase',
	'Inject',
	'From',
	'To',
	'Method',
	'Message',
	'Expected actions',
	'Objective',
	'Capability',
	'Decisions',
	'Trigger',
	'Notes'
] as const;

/** A scenario as an MSEL CSV: timed injects first, by time, then the others in file order. */
export function scenarioToMsel(scenario: ScenarioFile): string {
	return csvTable(MSEL_HEADER, mselRows(scenario));
}

/** A scenario as an MSEL workbook (.xlsx): the CSV's columns and rows on one sheet. */
export function scenarioToMselXlsx(scenario: ScenarioFile): Uint8Array {
	return writeXlsx('MSEL', MSEL_HEADER, mselRows(scenario));
}

/** The MSEL's rows of a scenario, in the order of `MSEL_HEADER`. */
function mselRows(scenario: ScenarioFile): (string | number)[][] {
	const phases = new Map((scenario.phases ?? DEFAULT_PHASES).map((p) => [p.id, p.name]));
	const roles = new Map(scenario.roles.map((r) => [r.id, r.name]));
	const objectives = new Map(scenario.objectives.map((o) => [o.id, o]));
	const titles = new Map(scenario.injects.map((i) => [i.id, i.title]));
	const releasedBy = new Map<string, string[]>();
	const note = (id: string, by: string) => releasedBy.set(id, [...(releasedBy.get(id) ?? []), by]);
	for (const inject of scenario.injects) {
		for (const d of inject.decisions ?? []) {
			for (const o of d.options ?? []) {
				for (const next of [o.next ?? []].flat())
					note(next, `option '${o.label}' of '${inject.title}'`);
			}
			for (const next of [d.timeout?.next ?? []].flat())
				note(next, `no decision on '${inject.title}' in time`);
		}
	}
	for (const stage of scenario.attacker ?? []) {
		if (stage.inject) note(stage.inject, `attacker stage '${stage.title}'`);
	}
	const minutes = (i: InjectFile) =>
		i.at === undefined ? Infinity : typeof i.at === 'number' ? i.at : minutesOf(String(i.at));
	const ordered = scenario.injects
		.map((inject, n) => ({ inject, n }))
		.sort((a, b) => minutes(a.inject) - minutes(b.inject) || a.n - b.n);
	return ordered.map(({ inject }, n) => {
		const after = inject.after;
		const trigger = [
			after
				? typeof after === 'string'
					? `after '${titles.get(after) ?? after}'`
					: `after '${titles.get(after.inject) ?? after.inject}'${after.decision ? ` decision ${after.decision}` : ''}${after.delay ? ` + ${after.delay}` : ''}`
				: '',
			...(releasedBy.get(inject.id) ?? []).map((by) => `on ${by}`),
			inject.when ? `if ${inject.when}` : ''
		]
			.filter(Boolean)
			.join('; ');
		const objectiveIds = [...new Set((inject.decisions ?? []).flatMap((d) => d.objectives ?? []))];
		const decisionText = (inject.decisions ?? [])
			.map((d) => {
				const options = (d.options ?? []).map((o) => `  - ${o.label}`).join('\n');
				return `${d.prompt}${options ? `\n${options}` : ''}`;
			})
			.join('\n');
		const audience = inject.audience ?? ['all'];
		return [
			n + 1,
			clock(inject.at),
			phases.get(inject.phase) ?? inject.phase,
			inject.title,
			inject.from ?? '',
			audience.includes('all') ? 'All' : audience.map((r) => roles.get(r) ?? r).join('; '),
			inject.channel,
			inject.body,
			(inject.expectedActions ?? []).join('; '),
			objectiveIds.map((o) => objectives.get(o)?.title ?? o).join('; '),
			[...new Set(objectiveIds.map((o) => objectives.get(o)?.capability).filter(Boolean))].join(
				'; '
			),
			decisionText,
			trigger,
			inject.facilitatorNotes ?? ''
		];
	});
}
