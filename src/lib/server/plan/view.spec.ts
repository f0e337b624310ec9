import { describe, expect, it } from 'vitest';
import { renderPlan } from './view';

const revision = {
	rev: 3,
	at: 1_700_000_000_000,
	by: { id: 'u1', name: 'Lena Lead' },
	reason: 'Drill findings',
	source: { kind: 'edit' as const, sectionId: 'roles' },
	markdown: `# Plan

## Roles {#roles}

| Role | Name |
|---|---|
| IC | Sam |

<script>alert(1)</script>

## Escalation {#escalation}

Call the **CISO**.
`
};

describe('rendering a plan revision', () => {
	it('renders each section on the server, sanitized, with wide tables in a focusable region', () => {
		const plan = renderPlan(revision);
		expect(plan.title).toBe('Plan');
		expect(plan.sections.map((s) => [s.id, s.title, s.level])).toEqual([
			['roles', 'Roles', 2],
			['escalation', 'Escalation', 2]
		]);
		const roles = plan.sections[0].html;
		expect(roles).toContain(
			'<div class="table-scroll" tabindex="0" role="region" aria-label="Table in Roles"><table>'
		);
		expect(roles).toContain('</table></div>');
		expect(roles).not.toContain('<script');
		expect(plan.sections[1].html).toContain('<strong>CISO</strong>');
	});

	it('gives the provenance by name only, without the author id', () => {
		expect(renderPlan(revision).provenance).toEqual({
			rev: 3,
			at: 1_700_000_000_000,
			by: 'Lena Lead',
			reason: 'Drill findings',
			source: { kind: 'edit', sectionId: 'roles' }
		});
	});
});
