import { describe, expect, it } from 'vitest';
import { diffLines, parsePlan, replaceSection } from './plan';

const PLAN = `# Northwind IR plan

Intro text.

## Roles {#roles-and-contacts}

The incident commander leads.

### Deputies {#roles-and-contacts.deputies}

Two deputies.

## Containment {#playbook-ransomware.containment}

Isolate the host.

\`\`\`
## not a heading {#fake}
\`\`\`
`;

describe('IR plan sections', () => {
	it('splits the plan into sections by heading ids, ignoring code blocks', () => {
		const plan = parsePlan(PLAN);
		expect(plan.title).toBe('Northwind IR plan');
		expect(plan.errors).toEqual([]);
		expect(plan.sections.map((s) => [s.id, s.title, s.level, s.line])).toEqual([
			['roles-and-contacts', 'Roles', 2, 5],
			['roles-and-contacts.deputies', 'Deputies', 3, 9],
			['playbook-ransomware.containment', 'Containment', 2, 13]
		]);
		expect(plan.sections[0].body).toBe('The incident commander leads.');
		expect(plan.sections[2].body).toContain('## not a heading {#fake}');
	});

	it('reports duplicate and malformed ids with their line', () => {
		const plan = parsePlan('## A {#a}\n\n## B {#a}\n\n## C {#Bad_Id}\n');
		expect(plan.errors).toEqual([
			{ line: 3, message: "section id 'a' is used twice (first on line 1)" },
			{
				line: 5,
				message: "section id 'Bad_Id' must be lowercase letters, digits, dots and hyphens"
			}
		]);
	});

	it('replaces one section’s body and leaves the rest alone', () => {
		const next = replaceSection(PLAN, 'roles-and-contacts', 'The IC leads.\nThe deputy stands in.');
		const plan = parsePlan(next);
		expect(plan.sections[0].body).toBe('The IC leads.\nThe deputy stands in.');
		expect(plan.sections[1].body).toBe('Two deputies.');
		expect(plan.sections[2].body).toContain('Isolate the host.');
		expect(() => replaceSection(PLAN, 'nope', 'x')).toThrow("no section 'nope' in the plan");
	});

	it('diffs two revisions line by line', () => {
		const before = PLAN;
		const after = replaceSection(
			PLAN,
			'playbook-ransomware.containment',
			'Isolate the host at once.\nCapture memory first.'
		);
		const diff = diffLines(before, after).filter((l) => l.op !== 'same');
		expect(diff).toEqual([
			{ op: 'removed', text: 'Isolate the host.', old: 15 },
			{ op: 'removed', text: '', old: 16 },
			{ op: 'removed', text: '```', old: 17 },
			{ op: 'removed', text: '## not a heading {#fake}', old: 18 },
			{ op: 'removed', text: '```', old: 19 },
			{ op: 'added', text: 'Isolate the host at once.', new: 15 },
			{ op: 'added', text: 'Capture memory first.', new: 16 }
		]);
		expect(diffLines('a\nb', 'a\nb').every((l) => l.op === 'same')).toBe(true);
	});
});
