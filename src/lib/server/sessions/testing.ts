/** Test support for session storage: a small session file, in the lobby, with no events. */
import type { ScenarioFile } from '$lib/engine/schema';
import type { SessionFile } from './files';

export function sessionFileFixture(id: string, scenario: ScenarioFile): SessionFile {
	return {
		version: 1,
		meta: {
			id,
			joinCode: 'ABCDEFGHJK',
			scenarioId: 'phish',
			scenarioTitle: 'Phish',
			scenarioHash: 'h1',
			title: 'Drill',
			facilitatorId: 'u1',
			teams: [{ id: 'red', name: 'Red' }],
			speed: 1,
			release: 'auto',
			status: 'lobby',
			createdAt: 1,
			startedAt: null,
			endedAt: null
		},
		scenario,
		tokens: {},
		events: []
	};
}
