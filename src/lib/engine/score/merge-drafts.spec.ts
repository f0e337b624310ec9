import { describe, expect, it } from 'vitest';
import { buildDebrief, type ImprovementDraft } from './debrief';
import { mergeDrafts, unproposed } from './merge-drafts';
import * as command from '../session/commands';
import { phishScenario, phishTwoTeams } from '../testing';

function finding(
	key: string,
	teamId: string | null,
	over: Partial<ImprovementDraft> = {}
): ImprovementDraft {
	return {
		key,
		issue: `${teamId ?? 'Room'}: finding ${key}`,
		correctiveAction: `Fix ${key}.`,
		planSection: 'playbook.containment',
		capabilityElement: 'training',
		objectiveId: 'contain',
		teamId,
		...over
	};
}

const findings = [
	finding('blue:contain:low', 'blue'),
	finding('red:contain:low', 'red'),
	finding('red:contain:chose', 'red', { correctiveAction: 'Fix blue:contain:low.' }),
	finding('blue:contain:timeout', 'blue', { capabilityElement: 'organisation' }),
	finding('blue:detect', 'blue', { planSection: null, objectiveId: 'detect' }),
	finding('red:detect', 'red', { planSection: null, objectiveId: 'detect' })
];

describe('merging improvement drafts', () => {
	it('makes one proposal per plan section and capability element, listing what it covers', () => {
		const merged = mergeDrafts(findings);
		expect(merged.map((d) => d.key)).toEqual([
			'plan:playbook.containment:training',
			'plan:playbook.containment:organisation',
			'objective:detect:training'
		]);
		const [training, organisation, detect] = merged;
		expect(training).toMatchObject({
			issue:
				'3 findings on plan section playbook.containment (training): blue: finding blue:contain:low; red: finding red:contain:low; red: finding red:contain:chose',
			// The same action once.
			correctiveAction: 'Fix blue:contain:low. Fix red:contain:low.',
			planSection: 'playbook.containment',
			objectiveId: 'contain',
			teamId: null
		});
		expect(training.covers!.map((p) => [p.key, p.teamId])).toEqual([
			['blue:contain:low', 'blue'],
			['red:contain:low', 'red'],
			['red:contain:chose', 'red']
		]);
		// A single finding stays as it was written, under the merged key.
		expect(organisation).toMatchObject({
			issue: 'blue: finding blue:contain:timeout',
			teamId: 'blue'
		});
		// Without a plan section, findings of the same objective merge.
		expect(detect.covers!.map((p) => p.key)).toEqual(['blue:detect', 'red:detect']);
	});

	it('keeps a proposal’s key when findings join it, and merging twice changes nothing', () => {
		const fewer = mergeDrafts(findings.slice(0, 1));
		expect(fewer[0].key).toBe(mergeDrafts(findings)[0].key);
		expect(mergeDrafts(mergeDrafts(findings))).toEqual(mergeDrafts(findings));
	});

	it('does not propose again what items hold already, under the merged key or the old ones', () => {
		const merged = mergeDrafts(findings);
		expect(unproposed(merged, new Set())).toEqual(merged);
		// Accepted before merging existed: every old key of the training proposal is known.
		const old = new Set(['blue:contain:low', 'red:contain:low', 'red:contain:chose']);
		expect(unproposed(merged, old).map((d) => d.key)).toEqual([
			'plan:playbook.containment:organisation',
			'objective:detect:training'
		]);
		// Proposed under the merged key: left alone.
		expect(unproposed(merged, new Set(['objective:detect:training'])).map((d) => d.key)).toEqual([
			'plan:playbook.containment:training',
			'plan:playbook.containment:organisation'
		]);
		// Only part known: the rest is proposed, under the proposal's key.
		const rest = unproposed(merged, new Set(['blue:contain:low']))[0];
		expect(rest.key).toBe('plan:playbook.containment:training');
		expect(rest.covers!.map((p) => p.key)).toEqual(['red:contain:low', 'red:contain:chose']);
		expect(rest.teamId).toBe('red');
	});
});

describe('a debrief of two teams that both miss', () => {
	it('proposes one item per plan section and capability, not one per team and finding', () => {
		const scenario = phishScenario();
		const { sim, answer } = phishTwoTeams(scenario);
		sim.must(command.start);
		sim.wait(6);
		answer('ian', 'alert', 'contain', { kind: 'single', optionId: 'wait' });
		sim.wait(15);
		sim.must((s) => command.end(scenario, s, sim.now));
		const drafts = buildDebrief(scenario, sim.state, sim.now).improvementDrafts;
		const keys = drafts.map((d) => d.key);
		expect(new Set(keys).size).toBe(keys.length);
		const pairs = drafts.map((d) => `${d.planSection ?? d.objectiveId}:${d.capabilityElement}`);
		expect(new Set(pairs).size).toBe(pairs.length);
		// Both teams' findings on the containment section sit in one proposal.
		const containment = drafts.find(
			(d) =>
				d.planSection === 'playbook-ransomware.containment' && d.capabilityElement === 'training'
		)!;
		expect(new Set(containment.covers!.map((p) => p.teamId))).toEqual(new Set(['red', 'blue']));
		expect(containment.teamId).toBeNull();
	});
});
