/**
 * The HSEEP after-action report and improvement plan (AAR/IP) of a session as a Word document
 * (issue 16): exercise overview, analysis of capabilities per objective with P/S/M/U ratings,
 * strengths and areas for improvement, the improvement plan matrix, attendance and the leads'
 * sign-offs. Built from the same `Debrief` as the page, its print layout and the Markdown export.
 * Pure given its input, except the created/modified stamps the docx package writes into the
 * file's properties. Text people typed goes in as runs of text, never as markup.
 */
import {
	AlignmentType,
	Document,
	HeadingLevel,
	Packer,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import { formatScenarioTime } from '../engine/session/clock';
import type { Debrief } from '../engine/score/debrief';
import { LAST_ACTION_NOTE } from '../engine/score/attendance';
import { percentText } from '../format/number';
import { utcMinuteOr } from '../format/time';

/** One row of the improvement plan matrix, as the Markdown export takes it. */
export interface AarPlanRow {
	issue: string;
	correctiveAction: string;
	planSection: string | null;
	capabilityElement: string;
	owner?: string;
	dueDate?: string;
	status?: string;
}

/** What the AAR/IP is built from. */
export interface AarInput {
	debrief: Debrief;
	/** The improvement plan: the session's stored items once it has ended, else the drafts. */
	items: AarPlanRow[];
	/** The name of the facilitator who ran the session. */
	facilitator: string;
}

/** The document's section headings, in order (tests and the evidence pack look for them). */
export const AAR_HEADINGS = [
	'1. Exercise overview',
	'2. Analysis of capabilities',
	'3. Strengths and areas for improvement',
	'4. Improvement plan',
	'5. Attendance',
	'6. Sign-off'
] as const;

const RATING_WORDS: Record<string, string> = {
	P: 'P: performed without challenges',
	S: 'S: performed with some challenges',
	M: 'M: performed with major challenges',
	U: 'U: unable to be performed'
};

/** A4 with 2 cm margins: the width tables share, in twips. */
const CONTENT_WIDTH = 11906 - 2 * 1134;

const date = (ms: number | null) => utcMinuteOr(ms, 'n/a');
const minutes = (ms: number | null) => (ms === null ? 'n/a' : `${Math.round(ms / 60_000)} min`);

function para(text: string, options: { bold?: boolean; italics?: boolean } = {}): Paragraph {
	return new Paragraph({ children: [new TextRun({ text, ...options })] });
}

function heading(text: string, level: 1 | 2 = 1): Paragraph {
	return new Paragraph({
		text,
		heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2
	});
}

function bullets(lines: readonly string[], none: string): Paragraph[] {
	if (lines.length === 0) return [para(none, { italics: true })];
	return lines.map((text) => new Paragraph({ text, bullet: { level: 0 } }));
}

/** A table with a bold header row; `shares` are the columns' relative widths. */
function table(head: readonly string[], rows: readonly string[][], shares?: number[]): Table {
	const weights = shares ?? head.map(() => 1);
	const total = weights.reduce((a, b) => a + b, 0);
	const widths = weights.map((w) => Math.floor((CONTENT_WIDTH * w) / total));
	const row = (cells: readonly string[], header: boolean) =>
		new TableRow({
			tableHeader: header,
			cantSplit: true,
			children: cells.map(
				(text, i) =>
					new TableCell({
						width: { size: widths[i], type: WidthType.DXA },
						children: text
							.split('\n')
							.map(
								(line) =>
									new Paragraph({ children: [new TextRun({ text: line, bold: header, size: 18 })] })
							)
					})
			)
		});
	return new Table({
		width: { size: CONTENT_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		rows: [row(head, true), ...rows.map((r) => row(r, false))]
	});
}

/** Markdown as plain paragraphs: one per block, without the emphasis and heading marks. */
function plainParagraphs(markdown: string): Paragraph[] {
	return markdown
		.split(/\n\s*\n/)
		.map((block) =>
			block
				.replace(/^\s*#+\s*/gm, '')
				.replace(/[*_`>]/g, '')
				.replace(/\s*\n\s*/g, ' ')
				.trim()
		)
		.filter(Boolean)
		.map((text) => para(text));
}

function overview(input: AarInput): (Paragraph | Table)[] {
	const { debrief: d, facilitator } = input;
	const o = d.overview;
	const dates = `${date(o.startedAt ?? o.createdAt)} to ${o.endedAt === null ? 'not ended' : date(o.endedAt)}`;
	const c = o.context;
	const facts: string[][] = [
		['Exercise name', o.title],
		['Exercise dates', dates],
		['Scenario', `${o.scenarioTitle} (${o.scenarioId} v${o.scenarioVersion})`],
		['Scenario fingerprint', `sha256 ${o.scenarioHash}`],
		[
			'Scope',
			`Discussion-based tabletop exercise; ${minutes(o.realDurationMs)} of real time, ` +
				`${formatScenarioTime(o.scenarioDurationMs)} on the scenario clock; ` +
				`${o.teams.length} ${o.teams.length === 1 ? 'team' : 'teams'}, ` +
				`${o.participants} ${o.participants === 1 ? 'participant' : 'participants'}.`
		],
		['Facilitator', facilitator],
		[
			'Participating teams',
			o.teams
				.map(
					(t) =>
						`${t.name}: ${t.members.map((m) => `${m.name} (${m.role})`).join(', ') || 'no members'}`
				)
				.join('\n') || 'none'
		]
	];
	if (c.threatActor) facts.push(['Threat actor', c.threatActor.name]);
	if (o.attack.length > 0) facts.push(['MITRE ATT&CK techniques', o.attack.join(', ')]);
	if (c.controls.length > 0)
		facts.push(['Controls', c.controls.map((x) => `${x.framework} ${x.id}`).join('; ')]);
	facts.push(['Licence', `${c.licence}${c.attribution ? `. ${c.attribution}` : ''}`]);
	return [
		heading(AAR_HEADINGS[0]),
		table(['Item', 'Detail'], facts, [1, 3]),
		heading('Scenario', 2),
		...plainParagraphs(o.summary),
		heading('Objectives', 2),
		...bullets(
			o.objectives.map((x) => x.title),
			'The scenario sets no objectives.'
		)
	];
}

function capabilities(d: Debrief): (Paragraph | Table)[] {
	const teams = d.overview.teams;
	const phaseName = new Map(d.scores.phases.map((p) => [p.id, p.name]));
	const out: (Paragraph | Table)[] = [
		heading(AAR_HEADINGS[1]),
		para(
			'Ratings use the HSEEP scale: P (performed without challenges), S (performed with some ' +
				'challenges), M (performed with major challenges), U (unable to be performed). They are ' +
				"the facilitator's observations; the scores are the points each team earned of those it " +
				'could reach in each phase.'
		),
		heading('Scores per phase', 2),
		// Phases down, teams across: a scenario has more phases than a session has teams, and
		// phase names are long words that a narrow column would break.
		table(
			['Phase', ...d.scores.teams.map((t) => t.name), 'Room average'],
			[
				...d.scores.phases.map((p) => [
					p.name,
					...d.scores.teams.map((t) =>
						t.phases[p.id]?.reason === 'not-reached'
							? 'not reached'
							: percentText(t.phases[p.id]?.percent ?? null)
					),
					percentText(d.scores.room[p.id] ?? null)
				]),
				['Total', ...d.scores.teams.map((t) => percentText(t.total.percent)), '']
			],
			[2, ...d.scores.teams.map(() => 1), 1]
		)
	];
	for (const objective of d.scores.objectives) {
		out.push(heading(`Objective: ${objective.title}`, 2));
		const phases = objective.phases.map((p) => phaseName.get(p) ?? p).join(', ');
		if (phases) out.push(para(`Phases: ${phases}`, { italics: true }));
		out.push(
			table(
				['Team', 'Rating'],
				[
					...teams.map((t) => [t.name, ratingText(objective.byTeam[t.id])]),
					['Whole room', ratingText(objective.rating)]
				],
				[1, 2]
			)
		);
		out.push(para('Evidence', { bold: true }));
		const teamName = (id: string | undefined) =>
			id ? (teams.find((t) => t.id === id)?.name ?? id) : 'whole room';
		out.push(
			...bullets(
				objective.evidence.map(
					(e) =>
						`${formatScenarioTime(e.scenarioMs)} · ${teamName(e.teamId)}${e.rating ? ` · ${e.rating}` : ''}: ${e.text}`
				),
				'No observations recorded.'
			)
		);
	}
	return out;
}

function ratingText(r: string | null | undefined): string {
	return r ? (RATING_WORDS[r] ?? r) : 'not rated';
}

function findings(d: Debrief): Paragraph[] {
	return [
		heading(AAR_HEADINGS[2]),
		heading('Strengths', 2),
		...bullets(d.strengths, 'None recorded.'),
		heading('Areas for improvement', 2),
		...bullets(d.improvements, 'None recorded.')
	];
}

function improvementPlan(items: readonly AarPlanRow[]): (Paragraph | Table)[] {
	return [
		heading(AAR_HEADINGS[3]),
		items.length === 0
			? para('No improvement items.', { italics: true })
			: table(
					[
						'Issue',
						'Corrective action',
						'IR-plan section',
						'Capability element',
						'Owner',
						'Due date',
						'Status'
					],
					items.map((i) => [
						i.issue,
						i.correctiveAction,
						i.planSection ?? '',
						i.capabilityElement,
						i.owner || 'unassigned',
						i.dueDate ?? '',
						i.status ?? 'proposed'
					]),
					[4, 4, 2, 2, 2, 2, 2]
				)
	];
}

function attendance(d: Debrief): (Paragraph | Table)[] {
	return [
		heading(AAR_HEADINGS[4]),
		para(LAST_ACTION_NOTE, { italics: true }),
		d.attendance.length === 0
			? para('Nobody joined.', { italics: true })
			: table(
					['Name', 'Team', 'Role', 'Joined', 'Last action'],
					d.attendance.map((a) => [
						a.name,
						a.teamName,
						a.roleName,
						date(a.joinedAt),
						utcMinuteOr(a.lastActionAt, 'none recorded')
					]),
					[3, 2, 3, 3, 3]
				)
	];
}

function signOffs(d: Debrief): (Paragraph | Table)[] {
	return [
		heading(AAR_HEADINGS[5]),
		d.signOffs.length === 0
			? para('Not signed off yet.', { italics: true })
			: table(
					['Signed off by', 'Role', 'Time', 'Comment'],
					d.signOffs.map((s) => [s.name, s.role, date(s.at), s.comment || '(no comment)']),
					[2, 1, 2, 4]
				)
	];
}

/** The AAR/IP of a session as the bytes of a .docx file. */
export async function buildAarDocx(input: AarInput): Promise<Buffer> {
	const o = input.debrief.overview;
	const doc = new Document({
		title: `After-Action Report / Improvement Plan: ${o.title}`,
		creator: 'Sandtable',
		description: `HSEEP AAR/IP of session ${o.sessionId}`,
		styles: { default: { document: { run: { font: 'Liberation Sans', size: 21 } } } },
		sections: [
			{
				properties: {
					page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } }
				},
				children: [
					new Paragraph({
						heading: HeadingLevel.TITLE,
						alignment: AlignmentType.LEFT,
						text: 'After-Action Report / Improvement Plan'
					}),
					para(o.title, { bold: true }),
					para(
						`Session ${o.sessionId} · ${date(o.startedAt ?? o.createdAt)} · prepared with Sandtable`
					),
					...overview(input),
					...capabilities(input.debrief),
					...findings(input.debrief),
					...improvementPlan(input.items),
					...attendance(input.debrief),
					...signOffs(input.debrief)
				]
			}
		]
	});
	return Packer.toBuffer(doc);
}
