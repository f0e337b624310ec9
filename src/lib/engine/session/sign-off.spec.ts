import { describe, expect, it } from 'vitest';
import { replay } from './apply';
import * as command from './commands';
import { phishScenario, phishTwoTeams, playedPhish } from '../testing';

const scenario = phishScenario();
const lead = { accountId: 'u-lead', name: 'Lee Lead', role: 'lead' as const, comment: '' };

describe('sign-off of the after-action report', () => {
	it('is refused before the session has ended', () => {
		const { sim } = phishTwoTeams(scenario);
		sim.must(command.start);
		expect(command.signOff(sim.state, lead)).toMatchObject({ ok: false, status: 409 });
	});

	it('records who signed, when and why, keeps earlier sign-offs and leaves the rest alone', () => {
		const sim = playedPhish(scenario);
		const before = structuredClone(sim.state);
		sim.now += 60_000;
		sim.must((s) => command.signOff(s, { ...lead, comment: '  Plan tested; items accepted. ' }));
		sim.now += 60_000;
		sim.must((s) =>
			command.signOff(s, { accountId: 'u-admin', name: 'Ada', role: 'admin', comment: '' })
		);
		expect(sim.state.signOffs).toEqual([
			{
				accountId: 'u-lead',
				name: 'Lee Lead',
				role: 'lead',
				comment: 'Plan tested; items accepted.',
				at: sim.now - 60_000,
				seq: before.seq + 1
			},
			{
				accountId: 'u-admin',
				name: 'Ada',
				role: 'admin',
				comment: '',
				at: sim.now,
				seq: before.seq + 2
			}
		]);
		const { signOffs, seq, ...rest } = sim.state;
		const { seq: _seq, ...restBefore } = before;
		expect(signOffs).toHaveLength(2);
		expect(seq).toBe(before.seq + 2);
		expect(rest).toEqual(restBefore);
		// The log keeps them: a replay folds the same sign-offs.
		expect(replay(scenario, sim.log).signOffs).toEqual(sim.state.signOffs);
	});

	it('takes one sign-off per account and bounds the comment', () => {
		const sim = playedPhish(scenario);
		sim.must((s) => command.signOff(s, lead));
		expect(command.signOff(sim.state, { ...lead, comment: 'again' })).toMatchObject({
			ok: false,
			status: 409
		});
		expect(
			command.signOff(sim.state, {
				...lead,
				accountId: 'u-2',
				comment: 'x'.repeat(command.MAX_SIGN_OFF_COMMENT + 1)
			})
		).toMatchObject({ ok: false, status: 400 });
		expect(sim.state.signOffs).toHaveLength(1);
	});
});
