/**
 * Debrief exports: a Markdown after-action report people can paste into a wiki or ticket, and a
 * CSV of the scores for spreadsheets. Pure string builders over a `Debrief`. The room's text
 * (chat, records, feedback) is quoted on one line each, so what people typed cannot add headings
 * or break the report's structure.
 */
import { formatScenarioTime } from '../engine/session/clock';
import type { Debrief } from '../engine/score/debrief';
import { answersOfTeam, teamTimeline, type DebriefRoom } from '../engine/score/debrief-room';
import { durationText } from '../format/duration';
import { percentText } from '../format/number';
import { utcMinuteOr } from '../format/time';
import { csvTable, type CsvCell } from './csv';
import { LAST_ACTION_NOTE } from '../engine/score/attendance';

const pct = percentText;

/** A phase score: its percentage, or `not reached` (issue 18). */
function phasePct(s: { percent: number | null; reason?: string }): string {
	return s.reason === 'not-reached' ? 'not reached' : pct(s.percent);
}

function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][]): string {
	return [
		`| ${head.map(cell).join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)
	].join('\n');
}

function minutes(ms: number | null): string {
	return ms === null ? 'n/a' : `${Math.round(ms / 60_000)} min`;
}

/** Author text inside Markdown link text or a line: no brackets or line breaks that restructure it. */
function inline(text: string): string {
	return text.replace(/[[\]\\]/g, '\\$&').replace(/\s*\r?\n\s*/g, ' ');
}

/** Where the scenario comes from, its licence and what it is about, one fact per list item. */
function contextLines(c: Debrief['overview']['context']): string[] {
	const lines: string[] = [];
	if (c.source) {
		let href: string | null = null;
		try {
			// Percent-encoded, so the <...> link destination cannot be closed early.
			if (c.source.url) href = new URL(c.source.url).href;
		} catch {
			href = null;
		}
		const title = inline(c.source.title);
		const publisher = c.source.publisher ? ` (${inline(c.source.publisher)})` : '';
		lines.push(`Source: ${href ? `[${title}](<${href}>)` : title}${publisher}`);
	}
	lines.push(
		`Licence: ${inline(c.licence)}${c.attribution ? ` · Attribution: ${inline(c.attribution)}` : ''}`
	);
	if (c.threatActor) {
		const about = c.threatActor.description ? ` (${inline(c.threatActor.description)})` : '';
		lines.push(`Threat actor: ${inline(c.threatActor.name)}${about}`);
	}
	if (c.assets.length > 0) {
		const assets = c.assets.map((a) => inline(a.kind ? `${a.name} (${a.kind})` : a.name));
		lines.push(`Assets: ${assets.join(', ')}`);
	}
	if (c.controls.length > 0) {
		const controls = c.controls.map((x) =>
			inline(`${x.framework} ${x.id}${x.title ? ` ${x.title}` : ''}`)
		);
		lines.push(`Controls: ${controls.join('; ')}`);
	}
	if (c.risks.length > 0) lines.push(`Risks: ${c.risks.map(inline).join(', ')}`);
	return lines;
}

/** The after-action report and improvement plan as Markdown. */
export function debriefMarkdown(
	d: Debrief,
	items: {
		issue: string;
		correctiveAction: string;
		planSection: string | null;
		capabilityElement: string;
		owner?: string;
		dueDate?: string;
		status?: string;
	}[] = d.improvementDrafts
): string {
	const o = d.overview;
	const phases = d.scores.phases;
	const out: string[] = [];
	out.push(`# After-action report: ${o.title}`, '');
	out.push(
		`Scenario: **${o.scenarioTitle}** (${o.scenarioId} v${o.scenarioVersion}, sha256 \`${o.scenarioHash.slice(0, 16)}\`)`
	);
	out.push(
		`Date: ${utcMinuteOr(o.startedAt ?? o.createdAt, 'n/a')} · Duration: ${minutes(o.realDurationMs)} (scenario clock ${formatScenarioTime(o.scenarioDurationMs)}) · Participants: ${o.participants}`,
		...o.clockSkips.map(
			(s) =>
				`Clock skipped from ${formatScenarioTime(s.fromMs)} to ${formatScenarioTime(s.toMs)} at ${utcMinuteOr(s.at, 'n/a')}`
		)
	);
	if (o.attack.length > 0) out.push(`ATT&CK: ${o.attack.join(', ')}`);
	out.push('', '## 1. Exercise overview', '', o.summary.trim(), '');
	out.push(...contextLines(o.context).map((line) => `- ${line}`), '');
	out.push(
		table(
			['Team', 'Members', 'Ending'],
			o.teams.map((t) => [
				t.name,
				t.members.map((m) => `${m.name} (${m.role})`).join(', ') || 'none',
				d.endings[t.id]?.title ?? 'not reached'
			])
		)
	);
	out.push('', '### Objectives', '');
	for (const obj of o.objectives) out.push(`- **${obj.title}** (${obj.phases.join(', ')})`);
	out.push('', '## 2. Scores per phase', '');
	out.push(
		table(
			['Team', ...phases.map((p) => p.name), 'Total'],
			[
				...d.scores.teams.map((t) => [
					t.name,
					...phases.map((p) => phasePct(t.phases[p.id])),
					pct(t.total.percent)
				]),
				['Room average', ...phases.map((p) => pct(d.scores.room[p.id])), '']
			]
		)
	);
	out.push(
		'',
		table(
			[
				'Team',
				'Time to identify',
				'Time to contain',
				'Alignment',
				'Participation',
				'Timeouts',
				'Overrides'
			],
			d.scores.teams.map((t) => [
				t.name,
				t.timeToIdentifyMs === null ? 'n/a' : formatScenarioTime(t.timeToIdentifyMs),
				t.timeToContainMs === null ? 'n/a' : formatScenarioTime(t.timeToContainMs),
				t.alignment === null ? 'n/a' : `${Math.round(t.alignment * 100)}%`,
				t.participation === null ? 'n/a' : `${Math.round(t.participation * 100)}%`,
				String(t.timeouts),
				String(t.overrides)
			])
		)
	);
	out.push('', '## 3. Analysis of capabilities', '');
	out.push(
		table(
			['Objective', 'Whole room', 'By team', 'Evidence'],
			d.scores.objectives.map((r) => [
				r.title,
				r.rating ?? 'not rated',
				Object.entries(r.byTeam)
					.map(([t, v]) => `${t}: ${v}`)
					.join(', '),
				r.evidence.map((e) => e.text).join(' / ')
			])
		)
	);
	out.push(
		'',
		'### Strengths',
		'',
		...(d.strengths.length ? d.strengths.map((s) => `- ${s}`) : ['- none recorded'])
	);
	out.push(
		'',
		'### Areas for improvement',
		'',
		...(d.improvements.length ? d.improvements.map((s) => `- ${s}`) : ['- none recorded'])
	);
	out.push('', '## 4. Decision log', '');
	for (const t of o.teams) {
		out.push(`### ${t.name}`, '');
		out.push(
			table(
				[
					'Time',
					'Inject',
					'Decision',
					'Options',
					'Decided by',
					'Choice',
					'Rationale',
					'Consequence'
				],
				teamTimeline(d.decisionLog[t.id] ?? [], d.room.improvised, t.id).map((row) => {
					if (row.kind === 'unscripted') {
						const i = row.item;
						return [
							formatScenarioTime(i.scenarioMs),
							`${i.title} (unscripted)`,
							i.question ?? 'no question',
							'',
							i.question ? 'each member' : '',
							answersOfTeam(i, t.id)
								.map((a) => `${a.name}: ${a.text}`)
								.join(' / '),
							'',
							'Improvised by exercise control; not scored'
						];
					}
					const e = row.entry;
					return [
						formatScenarioTime(e.scenarioMs),
						e.injectTitle,
						e.prompt,
						e.optionsOffered.join('; '),
						e.decidedBy,
						e.decision + (e.correct === true ? ' ✓' : e.correct === false ? ' ✗' : ''),
						e.rationales.map((r) => `${r.name}: ${r.text}`).join(' / '),
						e.consequence
					];
				})
			)
		);
		const a = d.attacker[t.id];
		out.push(
			'',
			`Attacker stages that fired: ${a.fired.map((s) => `${s.title}${s.technique ? ` (${s.technique})` : ''} at ${formatScenarioTime(s.scenarioMs)}`).join('; ') || 'none'}`
		);
		out.push(`Attacker stages prevented: ${a.prevented.map((s) => s.title).join('; ') || 'none'}`);
		const missed = d.missedIndicators[t.id];
		if (missed.length) {
			out.push('', 'Missed indicators (lines numbered from 1, as in the log viewer):', '');
			for (const m of missed)
				out.push(
					`- ${m.artefactTitle}, line ${m.line + 1}: \`${m.text}\`${m.note ? `: ${m.note}` : ''} (${m.flaggedBy}/${m.answered} flagged it)`
				);
		}
		out.push('');
	}
	out.push(...roomMarkdown(d.room), ...feedbackMarkdown(d.room, o.teams));
	if (d.retests.length) {
		out.push('## Retests of earlier improvements', '');
		out.push(
			table(
				['Item', 'Plan section', 'Before', 'Now', 'Improved'],
				d.retests.map((r) => [
					r.issue,
					r.planSection,
					`${pct(r.before.percent)} ${r.before.rating ?? ''} (${r.before.title})`,
					`${pct(r.now.percent)} ${r.now.rating ?? ''}`,
					r.improved === null ? 'n/a' : r.improved ? 'yes' : 'no'
				])
			),
			''
		);
	}
	out.push('## 7. Improvement plan', '');
	out.push(
		table(
			[
				'Issue',
				'Corrective action',
				'IR-plan section',
				'Capability element',
				'Owner',
				'Due',
				'Status'
			],
			items.map((i) => [
				i.issue,
				i.correctiveAction,
				i.planSection ?? '',
				i.capabilityElement,
				i.owner ?? '',
				i.dueDate ?? '',
				i.status ?? 'proposed'
			])
		)
	);
	out.push('', ...attendanceMarkdown(d), '', ...signOffMarkdown(d), '');
	out.push(...transcriptsMarkdown(d.room));
	return out.join('\n') + '\n';
}

/** Section 8 (issue 16): who took part, when they joined and their last recorded action. */
function attendanceMarkdown(d: Debrief): string[] {
	const out = ['## 8. Attendance', '', LAST_ACTION_NOTE, ''];
	if (d.attendance.length === 0) return [...out, 'Nobody joined.'];
	out.push(
		table(
			['Name', 'Team', 'Role', 'Joined', 'Last action'],
			d.attendance.map((a) => [
				inline(a.name),
				inline(a.teamName),
				inline(a.roleName),
				utcMinuteOr(a.joinedAt, 'n/a'),
				utcMinuteOr(a.lastActionAt, 'none recorded')
			])
		)
	);
	return out;
}

/** Section 9 (issue 16): the leads' sign-offs, each comment quoted on one line. */
function signOffMarkdown(d: Debrief): string[] {
	const out = ['## 9. Sign-off', ''];
	if (d.signOffs.length === 0) return [...out, 'Not signed off yet.'];
	for (const s of d.signOffs) {
		const comment = s.comment ? `: ${inline(s.comment)}` : '';
		out.push(
			`- Signed off by ${inline(s.name)} (${s.role}) on ${utcMinuteOr(s.at, 'n/a')}${comment}`
		);
	}
	return out;
}

const at = formatScenarioTime;

/** Section 5: RFIs with response times, unscripted injects, incident records. */
function roomMarkdown(room: DebriefRoom): string[] {
	const out: string[] = ['## 5. The room', '', '### Requests for information', ''];
	if (room.rfiTotals.asked === 0) out.push('No team asked exercise control for information.', '');
	else {
		out.push(
			table(
				['Team', 'Asked', 'Answered', 'Unanswered', 'Median response', 'Longest response'],
				[
					...room.teams.map((t) => [t.name, t.rfiFigures] as const),
					['All teams', room.rfiTotals] as const
				].map(([name, f]) => [
					name,
					String(f.asked),
					String(f.answered),
					String(f.open),
					durationText(f.medianResponseMs),
					durationText(f.longestResponseMs)
				])
			),
			'',
			'Asked and answered at: the scenario clock. Response time: real time from question to answer.',
			''
		);
		for (const t of room.teams.filter((x) => x.rfis.length > 0)) {
			out.push(`#### ${inline(t.name)}`, '');
			out.push(
				table(
					['Asked', 'By', 'Question', 'Answer', 'Answered', 'Response time'],
					t.rfis.map((r) => [
						at(r.scenarioMs),
						r.askerRole ? `${r.asker} (${r.askerRole})` : r.asker,
						r.text,
						r.answer
							? [r.answer.text, r.answer.injectTitle && `released inject "${r.answer.injectTitle}"`]
									.filter(Boolean)
									.join(' · ')
							: 'unanswered',
						r.answer ? at(r.answer.scenarioMs) : 'n/a',
						r.answer ? durationText(r.responseMs) : 'never answered'
					])
				),
				''
			);
		}
	}
	out.push('### Unscripted injects', '');
	if (room.improvised.length === 0) out.push('Exercise control improvised no inject.', '');
	else
		out.push(
			table(
				['Sent', 'Inject', 'Channel, from', 'For', 'Text', 'Question', 'Answers'],
				room.improvised.map((i) => [
					i.released ? at(i.scenarioMs) : `not sent (due ${at(i.scenarioMs)})`,
					`${i.title} (unscripted)`,
					`${i.channel}, ${i.from}`,
					i.audienceText,
					i.body,
					i.question ?? '',
					i.answers
						.map((a) => `${a.name}${a.teamName ? ` (${a.teamName})` : ''}: ${a.text}`)
						.join(' / ')
				])
			),
			''
		);
	out.push('### Incident records', '');
	for (const t of room.teams) {
		const r = t.record;
		out.push(`#### ${inline(t.name)}`, '');
		if (!r.kept && r.ratings.length === 0) {
			out.push('The team kept no incident record.', '');
			continue;
		}
		out.push(`- Status: ${r.status} · Severity: ${r.severity ?? 'not set'}`);
		if (r.summary) out.push(`- Summary: ${inline(r.summary)}`);
		for (const c of r.changes)
			out.push(
				`- ${at(c.scenarioMs)} ${[c.status && `status ${c.status}`, c.severity && `severity ${c.severity}`].filter(Boolean).join(', ')} (${inline(c.by)})`
			);
		for (const e of r.timeline)
			out.push(`- Timeline ${at(e.scenarioMs)}: ${inline(e.text)} (${inline(e.by)})`);
		for (const e of r.evidence) {
			out.push(
				`- Evidence ${at(e.scenarioMs)}: ${inline(e.text)} (${inline(e.by)})${e.hash ? `, hash \`${e.hash}\`` : ''}`
			);
			for (const c of e.custody)
				out.push(`  - Custody ${at(c.scenarioMs)}: ${inline(c.text)} (${inline(c.by)})`);
		}
		for (const x of r.ratings)
			out.push(
				`- Facilitator's rating: ${x.rating ?? 'no rating'}${x.objectiveTitle ? ` (${inline(x.objectiveTitle)})` : ''}: ${inline(x.text)}`
			);
		out.push('');
	}
	return out;
}

/** Section 6: participant feedback (anonymous: team and role) and the hot wash. */
function feedbackMarkdown(room: DebriefRoom, teams: { id: string; name: string }[]): string[] {
	const f = room.feedback;
	const meanText = (m: { mean: number | null; count: number } | undefined) =>
		!m || m.mean === null ? 'no rating' : `${m.mean.toFixed(1)} (${m.count})`;
	const out: string[] = ['## 6. Participant feedback and hot wash', ''];
	out.push(
		`${f.forms} of ${f.participants} participants sent the feedback form. Ratings: agreement that the objective was met, 1 (strongly disagree) to 5 (strongly agree); mean (number of ratings).`,
		''
	);
	out.push(
		table(
			['Objective', 'All participants', ...teams.map((t) => t.name), 'Ratings 1/2/3/4/5'],
			f.objectives.map((o) => [
				o.title,
				meanText(o),
				...teams.map((t) => meanText(o.byTeam[t.id])),
				o.distribution.join('/')
			])
		),
		''
	);
	const lines = (title: string, list: DebriefRoom['feedback']['strengths']) => {
		out.push(`### ${title}`, '');
		if (list.length === 0) out.push('- none given');
		for (const l of list)
			out.push(
				`- ${inline(l.text)} (${[l.teamName, l.roleName].flatMap((x) => (x ? [inline(x)] : [])).join(', ') || 'unknown'})`
			);
		out.push('');
	};
	lines('Participants: strengths', f.strengths);
	lines('Participants: areas for improvement', f.improvements);
	lines('Participants: comments', f.comments);
	out.push('### Hot wash', '');
	if (room.hotwash.length === 0) out.push('- no notes');
	for (const [kind, title] of [
		['strength', 'Strength'],
		['improvement', 'Area for improvement'],
		['note', 'Note']
	] as const)
		for (const h of room.hotwash.filter((x) => x.kind === kind))
			out.push(
				`- ${title}: ${inline(h.text)}${h.objectiveTitle ? ` (${inline(h.objectiveTitle)})` : ''}`
			);
	out.push('');
	return out;
}

/** Appendix: every channel's transcript, one line per message (line breaks folded). */
function transcriptsMarkdown(room: DebriefRoom): string[] {
	const out: string[] = ['## Appendix: channel transcripts', ''];
	for (const c of room.channels) {
		out.push(
			`### ${inline(c.name)} (${c.messages.length} ${c.messages.length === 1 ? 'message' : 'messages'})`,
			''
		);
		if (c.messages.length === 0) out.push('Nobody wrote here.');
		for (const m of c.messages) {
			// The room channel mixes teams: say whose; in a team channel the role is enough.
			const about = [m.roleName, c.teamId === null ? m.teamName : null].filter(Boolean).join(', ');
			out.push(
				`- ${at(m.scenarioMs)} **${inline(m.author)}**${about ? ` (${inline(about)})` : ''}: ${inline(m.text)}`
			);
		}
		out.push('');
	}
	out.pop();
	return out;
}

/** Scores as CSV: one row per team and per trainee, per phase, every field quoted. */
export function scoresCsv(d: Debrief): string {
	const header = [
		'session',
		'scope',
		'team',
		'name',
		'role',
		'phase',
		'earned',
		'reachable',
		'percent',
		'status'
	];
	const rows: CsvCell[][] = [];
	const teamName = (id: string) => d.overview.teams.find((t) => t.id === id)?.name ?? id;
	for (const t of d.scores.teams) {
		for (const p of d.scores.phases) {
			const s = t.phases[p.id];
			rows.push([
				d.overview.sessionId,
				'team',
				t.name,
				'',
				'',
				p.name,
				s.earned,
				s.reachable,
				s.percent,
				s.reason === 'not-reached' ? 'not reached' : ''
			]);
		}
	}
	for (const tr of d.scores.trainees) {
		for (const p of d.scores.phases) {
			const s = tr.phases[p.id];
			rows.push([
				d.overview.sessionId,
				'trainee',
				teamName(tr.teamId),
				tr.name,
				tr.role,
				p.name,
				s.earned,
				s.reachable,
				s.percent,
				s.reason === 'not-reached' ? 'not reached' : ''
			]);
		}
	}
	return csvTable(header, rows, 'always');
}
