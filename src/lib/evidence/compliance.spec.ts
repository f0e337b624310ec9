import { describe, expect, it } from 'vitest';
import { summaryOf, teamOf } from '../reports/dashboard/fixtures';
import { parseCatalogue } from './catalogue';
import {
	addMonths,
	compliance,
	controlMapping,
	type ExerciseEvidence,
	type ItemLike
} from './compliance';

const catalogue = parseCatalogue({
	defaultIntervalMonths: 12,
	standards: [
		{
			id: 'pci',
			name: 'PCI DSS v4.0.1',
			requirements: [
				{
					id: 'pci-12.10.2',
					reference: '12.10.2',
					summary: 'Test the plan yearly.',
					intervalMonths: 12,
					evidence: { csf: ['RS'] }
				}
			]
		},
		{
			id: 'iso',
			name: 'ISO/IEC 27001:2022',
			requirements: [
				{
					id: 'a.5.26',
					reference: 'A.5.26',
					summary: 'Respond per procedure.',
					evidence: { csf: ['RS.MI'], phases: ['containment'] }
				},
				{
					id: 'a.5.27',
					reference: 'A.5.27',
					summary: 'Learn from incidents.',
					intervalMonths: 6,
					evidence: { csf: ['ID.IM'] }
				}
			]
		}
	]
});

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

function exercise(
	id: string,
	ended: string,
	csf: string[],
	containment: number | null = 50
): ExerciseEvidence {
	return { summary: summaryOf(id, day(ended), [teamOf('red', 'Red', 80, containment)]), csf };
}

const item = (over: Partial<ItemLike> & { id: string; sessionId: string }): ItemLike => ({
	issue: 'Fix it',
	owner: '',
	dueDate: null,
	review: 'accepted',
	status: 'open',
	...over
});

function requirement(view: ReturnType<typeof compliance>, id: string) {
	return view.flatMap((s) => s.requirements).find((r) => r.id === id)!;
}

describe('the compliance view', () => {
	it('marks a requirement never evidenced as overdue, with no due date', () => {
		const view = compliance(catalogue, [], [], day('2026-06-01'));
		const pci = requirement(view, 'pci-12.10.2');
		expect(pci).toMatchObject({ lastTested: null, dueAt: null, overdue: true, exercises: 0 });
		expect(view.map((s) => s.overdue)).toEqual([1, 2]);
	});

	it('is due the interval after the exercise ended, and overdue only after that instant', () => {
		const ex = exercise('s1', '2025-06-01', ['RS.MA-03']);
		const due = addMonths(day('2025-06-01'), 12);
		expect(due).toBe(day('2026-06-01'));
		const at = (now: number) => requirement(compliance(catalogue, [ex], [], now), 'pci-12.10.2');
		expect(at(due).overdue).toBe(false);
		expect(at(due + 1).overdue).toBe(true);
		expect(at(due).dueAt).toBe(due);
		// The default interval applies where the standard names none (A.5.26: 12, A.5.27: 6).
		const view = compliance(
			catalogue,
			[exercise('s2', '2025-06-01', ['RS.MI-01', 'ID.IM-02'])],
			[],
			day('2025-12-15')
		);
		expect(requirement(view, 'a.5.26')).toMatchObject({
			intervalMonths: 12,
			intervalFrom: 'default',
			overdue: false
		});
		expect(requirement(view, 'a.5.27')).toMatchObject({
			intervalMonths: 6,
			intervalFrom: 'standard',
			overdue: true
		});
	});

	it('shows the latest exercise that evidences it, with its score and open items', () => {
		const old = exercise('old', '2025-01-10', ['RS.MA-01']);
		const latest = exercise('new', '2025-09-10', ['RS.CO-02'], 60);
		const unrelated = exercise('later', '2025-11-10', ['PR.DS-11']);
		const items = [
			item({ id: 'i1', sessionId: 'new' }),
			item({ id: 'i2', sessionId: 'new', status: 'done' }),
			item({ id: 'i3', sessionId: 'new', review: 'rejected' }),
			item({ id: 'i4', sessionId: 'new', review: 'pending' }),
			item({ id: 'i5', sessionId: 'old' })
		];
		const pci = requirement(
			compliance(catalogue, [latest, unrelated, old], items, day('2025-12-01')),
			'pci-12.10.2'
		);
		expect(pci.exercises).toBe(2);
		expect(pci.lastTested).toMatchObject({ sessionId: 'new', score: 70 });
		expect(pci.lastTested!.openItems.map((i) => i.id)).toEqual(['i1', 'i4']);
		expect(pci.lastTested!.why.csf).toEqual([{ scenario: 'RS.CO-02', requirement: 'RS' }]);
	});

	it('needs every phase a requirement names to have been played', () => {
		const noContainment = exercise('s1', '2025-06-01', ['RS.MI-01'], null);
		expect(controlMapping(noContainment, catalogue).map((e) => e.requirementId)).toEqual([
			'pci-12.10.2'
		]);
		const played = exercise('s2', '2025-06-01', ['RS.MI-01']);
		expect(controlMapping(played, catalogue)).toEqual([
			expect.objectContaining({ requirementId: 'pci-12.10.2' }),
			{
				standardId: 'iso',
				standard: 'ISO/IEC 27001:2022',
				requirementId: 'a.5.26',
				reference: 'A.5.26',
				csf: [{ scenario: 'RS.MI-01', requirement: 'RS.MI' }],
				phases: ['containment']
			}
		]);
	});

	it('matches a scenario id under the requirement’s, never a broader one', () => {
		expect(controlMapping(exercise('s', '2025-06-01', ['RS']), catalogue)).toEqual([
			expect.objectContaining({ requirementId: 'pci-12.10.2' })
		]);
		// RSX is not under RS, ID.IMX not under ID.IM.
		expect(controlMapping(exercise('s', '2025-06-01', ['ID']), catalogue)).toEqual([]);
	});

	it('counts only ended exercises', () => {
		const running = exercise('s', '2025-06-01', ['RS.MA-01']);
		running.summary.endedAt = null;
		expect(controlMapping(running, catalogue)).toEqual([]);
		expect(
			requirement(compliance(catalogue, [running], [], day('2025-06-02')), 'pci-12.10.2').lastTested
		).toBeNull();
	});

	it('adds calendar months, clamping to the end of a shorter month', () => {
		expect(new Date(addMonths(Date.UTC(2025, 0, 31, 9), 1)).toISOString()).toBe(
			'2025-02-28T09:00:00.000Z'
		);
		expect(new Date(addMonths(Date.UTC(2024, 1, 29), 12)).toISOString()).toBe(
			'2025-02-28T00:00:00.000Z'
		);
		expect(new Date(addMonths(Date.UTC(2025, 10, 15), 3)).toISOString()).toBe(
			'2026-02-15T00:00:00.000Z'
		);
	});
});
