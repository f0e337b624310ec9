/**
 * The console's room panel (issue 13), the parts worth testing without a browser: unread counts
 * per channel, RFIs in the order exercise control works through them, the script injects an RFI
 * may still be answered with, the participant feedback summed up per objective, and an improvised
 * inject written back as scenario YAML so a good one can be kept in the script.
 */
import type { ChatView, FacilitatorRoom, RfiView } from '#lib/engine/session/room-view.js';

type Channel = FacilitatorRoom['channels'][number];
type ImprovisedItem = FacilitatorRoom['improvised'][number];

/**
 * Messages not seen yet, per channel: those after the `seen` count that trainees wrote (exercise
 * control's own lines are read by definition). `seen` holds each channel's `total` when it was
 * last looked at; lines older than the console's tail count as unread too.
 */
export function unreadCounts(
	channels: readonly Channel[],
	seen: Readonly<Record<string, number>>
): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const c of channels) {
		const fresh = Math.max(0, c.total - (seen[c.id] ?? 0));
		const shown = c.messages.slice(Math.max(0, c.messages.length - fresh));
		const beyondTail = Math.max(0, fresh - c.messages.length);
		counts[c.id] = beyondTail + shown.filter((m: ChatView) => !m.staff).length;
	}
	return counts;
}

/** `seen` with channel `id` read up to now. */
export function markSeen(
	channels: readonly Channel[],
	seen: Readonly<Record<string, number>>,
	id: string
): Record<string, number> {
	const total = channels.find((c) => c.id === id)?.total ?? 0;
	return seen[id] === total ? { ...seen } : { ...seen, [id]: total };
}

/**
 * A key for one post, so a retried send lands once. crypto.randomUUID exists only in secure
 * contexts, and a training room may serve the app over plain http on a LAN address.
 */
export function newKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Open RFIs first, longest waiting first; then answered ones, latest answer first. */
export function orderRfis(rfis: readonly RfiView[]): RfiView[] {
	const open = rfis.filter((r) => r.answer === null).sort((a, b) => a.at - b.at);
	const answered = rfis
		.filter((r) => r.answer !== null)
		.sort((a, b) => (b.answer?.at ?? 0) - (a.answer?.at ?? 0));
	return [...open, ...answered];
}

/** Real ms an RFI has waited at server time `now` (never negative). */
export function rfiAge(rfi: Pick<RfiView, 'at'>, now: number): number {
	return Math.max(0, now - rfi.at);
}

/** Script injects that can still be released to a team as an answer: not out, not dropped. */
export function releasableInjects<I extends { id: string }>(
	injects: readonly I[],
	team: { released: { injectId: string }[]; dropped: { injectId: string }[] } | undefined
): I[] {
	if (!team) return [];
	const gone = new Set([...team.released, ...team.dropped].map((x) => x.injectId));
	return injects.filter((i) => !gone.has(i.id));
}

/** Who an improvised inject goes to, in words: "Blue · every role", "every team · Analyst". */
export function audienceLabel(
	audience: { teamId?: string; role?: string },
	teams: readonly { id: string; name: string }[],
	roles: readonly { id: string; name: string }[]
): string {
	const team = audience.teamId
		? (teams.find((t) => t.id === audience.teamId)?.name ?? audience.teamId)
		: 'every team';
	const role = audience.role
		? (roles.find((r) => r.id === audience.role)?.name ?? audience.role)
		: 'every role';
	return `${team} · ${role}`;
}

export interface ObjectiveFeedback {
	id: string;
	title: string;
	/** Mean of the 1..5 ratings, one decimal; null when nobody rated it. */
	average: number | null;
	count: number;
}

/** The participants' ratings of each objective, averaged. */
export function feedbackByObjective(
	feedback: FacilitatorRoom['feedback'],
	objectives: readonly { id: string; title: string }[]
): ObjectiveFeedback[] {
	return objectives.map((o) => {
		const values = feedback.map((f) => f.ratings[o.id]).filter((v) => typeof v === 'number');
		const sum = values.reduce((a, b) => a + b, 0);
		return {
			id: o.id,
			title: o.title,
			average: values.length === 0 ? null : Math.round((sum / values.length) * 10) / 10,
			count: values.length
		};
	});
}

// ---------------------------------------------------------------------------------------------
// An improvised inject as scenario YAML (docs/scenario-format.md, "Inject").

/** The console's channels (how the trainee sees it) to the scenario's inject channels. */
const SCENARIO_CHANNEL: Record<string, string> = {
	email: 'email',
	chat: 'chat',
	call: 'phone',
	alert: 'alert',
	news: 'news',
	ticket: 'ticket'
};

/** Scenario ms as a scenario-file duration: `0`, `90s`, `45m`, `1h30m`, `1h5m30s`. */
export function scenarioDuration(ms: number): string {
	const total = Math.round(Math.max(0, ms) / 1000);
	if (total === 0) return '0';
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** An inject id from a title: lowercase letters, digits and hyphens, at most 64 characters. */
export function injectIdFor(title: string, fallback: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	const id = `improvised-${slug || fallback.toLowerCase().replace(/[^a-z0-9]+/g, '')}`;
	return id.slice(0, 64).replace(/-+$/, '');
}

const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A one-line string as YAML: plain when that is unambiguous, else double-quoted (JSON is YAML). */
function scalar(text: string): string {
	return /^[A-Za-z][A-Za-z0-9 ,.'()/&!?-]*$/.test(text) && !/ $/.test(text) && !RESERVED.test(text)
		? text
		: JSON.stringify(text);
}

/** Characters a YAML block scalar may hold (c-printable), tab and newline included. */
const BLOCK_SAFE = /^[\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** A Markdown text as the value of a key at `indent - 2` spaces: a literal block when it can be. */
function block(text: string, indent: number): string {
	if (!BLOCK_SAFE.test(text)) return JSON.stringify(text);
	const pad = ' '.repeat(indent);
	const lines = text.split('\n').map((l) => (l === '' ? '' : pad + l));
	// A first line that starts with a space needs the indentation said, or YAML would take it.
	const indicator = /^[ \t]/.test(text) ? '2' : '';
	return `|${indicator}-\n${lines.join('\n')}`;
}

export interface YamlContext {
	/** The scenario's phase ids, offered in the comment beside `phase`. */
	phases: readonly string[];
	teams: readonly { id: string; name: string }[];
	roles: readonly { id: string; name: string }[];
}

/**
 * An improvised inject as an item of the scenario's `injects:` list, to paste into the file. The
 * phase is left for the author (the console cannot know it); the team it went to becomes a
 * comment, as scenario injects go to every team; its question becomes an unscored text decision.
 */
export function improvisedYaml(item: ImprovisedItem, ctx: YamlContext): string {
	const out: string[] = [];
	const who = audienceLabel(item.audience, ctx.teams, ctx.roles);
	out.push(`# Improvised in the session, for ${who}. Paste it under injects: and check the file.`);
	out.push(`- id: ${injectIdFor(item.title, item.id)}`);
	out.push(`  title: ${scalar(item.title)}`);
	const phases = ctx.phases.length > 0 ? `: ${ctx.phases.join(', ')}` : '';
	out.push(`  phase: null # choose a phase${phases}`);
	const channel = SCENARIO_CHANNEL[item.channel];
	out.push(
		channel
			? `  channel: ${channel}`
			: `  channel: briefing # it was '${item.channel}' in the session: choose a channel`
	);
	if (item.from) out.push(`  from: ${scalar(item.from)}`);
	if (item.audience.role) out.push(`  audience: [${item.audience.role}]`);
	out.push(`  at: ${scenarioDuration(item.dueMs)} # when it was due in the session`);
	out.push(`  body: ${block(item.body, 4)}`);
	if (item.question) {
		out.push('  decisions:');
		out.push('    - id: answer');
		out.push('      kind: text');
		out.push(`      prompt: ${scalar(item.question)}`);
		out.push('      scored: false # or give it a phase and points');
	}
	return `${out.join('\n')}\n`;
}
