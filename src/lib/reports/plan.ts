/**
 * The organisation's IR plan as Markdown whose headings carry stable ids:
 * `## Containment {#playbook-ransomware.containment}`. Scenarios and improvement items refer to
 * sections by these ids, so a section can be edited, moved or renamed without breaking links.
 * Pure text functions: parse into sections, replace one section's body, diff two revisions.
 */

export interface PlanSection {
	id: string;
	title: string;
	level: number;
	/** The Markdown under the heading, up to the next heading of any level. */
	body: string;
	/** 1-based line of the heading. */
	line: number;
}

interface ParsedPlan {
	title: string;
	sections: PlanSection[];
	errors: { line: number; message: string }[];
}

const SECTION_ID = /^[a-z0-9][a-z0-9.-]{0,80}$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*(?:\{#([^}\s]+)\})?\s*$/;

/** Splits a plan into sections; headings without `{#id}` belong to the previous section's body. */
export function parsePlan(markdown: string): ParsedPlan {
	const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
	const sections: PlanSection[] = [];
	const errors: ParsedPlan['errors'] = [];
	const seen = new Map<string, number>();
	let title = '';
	let current: { section: PlanSection; body: string[] } | null = null;
	let inFence = false;
	const close = () => {
		if (current) {
			current.section.body = current.body.join('\n').trim();
			sections.push(current.section);
		}
	};
	lines.forEach((text, i) => {
		if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
		const m = inFence ? null : HEADING.exec(text);
		if (m && m[3]) {
			const id = m[3];
			if (!SECTION_ID.test(id))
				errors.push({
					line: i + 1,
					message: `section id '${id}' must be lowercase letters, digits, dots and hyphens`
				});
			if (seen.has(id))
				errors.push({
					line: i + 1,
					message: `section id '${id}' is used twice (first on line ${seen.get(id)})`
				});
			seen.set(id, i + 1);
			close();
			current = {
				section: { id, title: m[2], level: m[1].length, body: '', line: i + 1 },
				body: []
			};
			return;
		}
		if (m && m[1].length === 1 && !title && !current) {
			title = m[2];
			return;
		}
		current?.body.push(text);
	});
	close();
	if (!title) title = 'Incident response plan';
	return { title, sections, errors };
}

/** The plan with one section's body replaced; the heading line stays as it is. */
export function replaceSection(markdown: string, id: string, body: string): string {
	const plan = parsePlan(markdown);
	const index = plan.sections.findIndex((s) => s.id === id);
	if (index < 0) throw new Error(`no section '${id}' in the plan`);
	const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
	const start = plan.sections[index].line; // first line after the heading (0-based index)
	const next = plan.sections[index + 1]?.line;
	const end = next === undefined ? lines.length : next - 1;
	const replacement = ['', ...body.replace(/\r\n?/g, '\n').trim().split('\n'), ''];
	return [...lines.slice(0, start), ...replacement, ...lines.slice(end)].join('\n');
}

export interface DiffLine {
	op: 'same' | 'added' | 'removed';
	text: string;
	/** Line numbers in the old and new text (1-based), where the line exists. */
	old?: number;
	new?: number;
}

/** A line diff (longest common subsequence) between two texts. */
export function diffLines(a: string, b: string): DiffLine[] {
	const x = a.replace(/\r\n?/g, '\n').split('\n');
	const y = b.replace(/\r\n?/g, '\n').split('\n');
	// Trim the common head and tail first: revisions usually differ in one section.
	let head = 0;
	while (head < x.length && head < y.length && x[head] === y[head]) head++;
	let tail = 0;
	while (
		tail < x.length - head &&
		tail < y.length - head &&
		x[x.length - 1 - tail] === y[y.length - 1 - tail]
	)
		tail++;
	const xs = x.slice(head, x.length - tail);
	const ys = y.slice(head, y.length - tail);
	const n = xs.length;
	const m = ys.length;
	const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i][j] = xs[i] === ys[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		}
	}
	const out: DiffLine[] = x
		.slice(0, head)
		.map((text, k) => ({ op: 'same', text, old: k + 1, new: k + 1 }));
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && xs[i] === ys[j]) {
			out.push({ op: 'same', text: xs[i], old: head + i + 1, new: head + j + 1 });
			i++;
			j++;
		} else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
			out.push({ op: 'removed', text: xs[i], old: head + i + 1 });
			i++;
		} else {
			out.push({ op: 'added', text: ys[j], new: head + j + 1 });
			j++;
		}
	}
	for (let k = 0; k < tail; k++) {
		out.push({
			op: 'same',
			text: x[x.length - tail + k],
			old: x.length - tail + k + 1,
			new: y.length - tail + k + 1
		});
	}
	return out;
}
