import { describe, expect, it } from 'vitest';
import { facilitatorView } from './facilitator-view';
import { traineeView } from './trainee-view';
import { MINUTE } from '../scenario/model';
import { phishFile, phishInPlay, phishScenario } from '../testing';
import { validateScenario } from '../check/validate';

const md = (s: string) => s;

describe('story clock start', () => {
	it('reaches the trainee and facilitator views when the scenario sets one', () => {
		const scenario = phishScenario({ clock: { start: '2025-03-13T17:00' } });
		expect(scenario.clockStart).toBe('2025-03-13T17:00');
		const sim = phishInPlay(scenario);
		expect(traineeView(scenario, sim.state, 'ana', md)?.clockStart).toBe('2025-03-13T17:00');
		expect(facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE).clockStart).toBe(
			'2025-03-13T17:00'
		);
	});

	it('is absent otherwise, so the views keep the offset display', () => {
		const scenario = phishScenario();
		const sim = phishInPlay(scenario);
		expect(traineeView(scenario, sim.state, 'ana', md)).not.toHaveProperty('clockStart');
		expect(facilitatorView(scenario, sim.state, sim.now, 60 * MINUTE)).not.toHaveProperty(
			'clockStart'
		);
	});
});

describe('story clock start: validation', () => {
	it('refuses a date that does not exist', () => {
		const file = phishFile({ clock: { start: '2025-02-30T17:00' } });
		expect(validateScenario(file).errors.map((e) => e.message)).toEqual([
			"clock.start '2025-02-30T17:00' is not a real date and time"
		]);
	});
});
