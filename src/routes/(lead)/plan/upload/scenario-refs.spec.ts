import { describe, expect, it, vi } from 'vitest';

const entries = vi.hoisted(() => [
	{
		valid: true,
		scenario: {
			title: 'Phish',
			objectives: [{ debrief: { planSections: ['escalation', 'comms'] } }, {}],
			decisionByKey: {
				'a/b': { plan: 'escalation', options: [{ plan: 'recovery' }, {}] },
				'a/c': { options: [] }
			}
		}
	},
	{
		valid: true,
		scenario: {
			title: 'Ransomware',
			objectives: [],
			decisionByKey: { 'x/y': { plan: 'recovery', options: [] } }
		}
	},
	// A broken file names nothing, whatever it says.
	{
		valid: false,
		scenario: { title: 'Broken', objectives: [{ debrief: { planSections: ['gone'] } }] }
	}
]);
vi.mock('#lib/server/scenarios.js', () => ({ listScenarios: async () => entries }));

const { scenarioPlanRefs } = await import('./scenario-refs');

describe('which scenarios name each plan section', () => {
	it('collects objectives, decisions and options of playable scenarios, each title once', async () => {
		expect(Object.fromEntries(await scenarioPlanRefs())).toEqual({
			escalation: ['Phish'],
			comms: ['Phish'],
			recovery: ['Phish', 'Ransomware']
		});
	});
});
