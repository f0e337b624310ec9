/** Test support for improvement items. */
import type { ImprovementItem } from './store';

/** A pending, open item of session `s1` in plan section `escalation`, with `over` applied. */
export function itemFixture(over: Partial<ImprovementItem> = {}): ImprovementItem {
	return {
		id: 'i1',
		sessionId: 's1',
		sessionTitle: 'Drill',
		scenarioId: 'x',
		draftKey: 'k',
		teamId: null,
		objectiveId: null,
		phases: [],
		issue: 'Issue',
		correctiveAction: 'Action',
		planSection: 'escalation',
		capabilityElement: 'planning',
		owner: '',
		dueDate: null,
		review: 'pending',
		reviewNote: null,
		status: 'open',
		planRevision: null,
		createdAt: 0,
		updatedAt: 0,
		doneAt: null,
		history: [],
		...over
	};
}
