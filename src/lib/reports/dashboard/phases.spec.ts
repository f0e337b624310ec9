import { describe, expect, it } from 'vitest';
import { shownOf, summaryOf } from './fixtures';
import { PhaseOrder } from './phases';

const AT = Date.UTC(2026, 0, 10);

function withPhases(id: string, ids: string[]) {
	return shownOf(
		summaryOf(id, AT, [], { phases: ids.map((p) => ({ id: p, name: p.toUpperCase() })) })
	);
}

describe('phase order', () => {
	it('merges the phases of each scenario into the order seen so far', () => {
		const order = new PhaseOrder();
		order.add(withPhases('s1', ['identification', 'recovery']));
		order.add(withPhases('s2', ['preparation', 'identification', 'containment', 'recovery']));
		order.add(withPhases('s3', ['recovery', 'lessons']));
		order.add(withPhases('s4', ['identification']));
		expect(order.result()).toEqual([
			{ id: 'preparation', name: 'PREPARATION' },
			{ id: 'identification', name: 'IDENTIFICATION' },
			{ id: 'containment', name: 'CONTAINMENT' },
			{ id: 'recovery', name: 'RECOVERY' },
			{ id: 'lessons', name: 'LESSONS' }
		]);
	});

	it('has no phases before a session', () => {
		expect(new PhaseOrder().result()).toEqual([]);
	});
});
