import { describe, expect, it } from 'vitest';
import { describeRollSource } from './roll-source';
import { phishScenario } from '../testing';

describe('what rolled a die, in words', () => {
	const scenario = phishScenario();

	it('names options, injects, stages and timeouts by their titles', () => {
		expect(describeRollSource(scenario, 'option:alert/contain/isolate')).toBe(
			'“Isolate now” chosen in “EDR alert”'
		);
		expect(describeRollSource(scenario, 'inject:wrap')).toBe('whether “Wrap-up” went out');
		expect(describeRollSource(scenario, 'stage:lateral')).toBe('attacker stage “Lateral movement”');
		expect(describeRollSource(scenario, 'timeout:alert/contain')).toBe(
			'the deadline passing in “EDR alert”'
		);
	});

	it('falls back to the source itself for what the scenario no longer has', () => {
		expect(describeRollSource(scenario, 'stage:gone')).toBe('stage:gone');
		expect(describeRollSource(scenario, 'weird')).toBe('weird');
	});
});
