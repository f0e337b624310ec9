import { describe, expect, it } from 'vitest';
import { phishScenario } from '#lib/engine/testing.js';
import type { LiveSession } from './sessions/live';
import { countJoinAttempt, JOIN_LIMITS, resolveRoleId, resolveTeamId } from './join';

describe('join attempts', () => {
	it('refuses an address after its failures reach the limit, and says how long to wait', () => {
		for (let i = 0; i < JOIN_LIMITS.perAddress; i++) {
			expect(countJoinAttempt('10.0.0.1', `CODE${i}`).ok).toBe(true);
		}
		const refused = countJoinAttempt('10.0.0.1', 'OTHER');
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
		expect(countJoinAttempt('10.0.0.2', 'OTHER').ok).toBe(true);
	});

	it('gives successful joins back, so a classroom behind one address gets in', () => {
		for (let i = 0; i < JOIN_LIMITS.perAddress * 2; i++) {
			const attempt = countJoinAttempt('10.0.1.1', 'ABCDE-FGHJK');
			expect(attempt.ok).toBe(true);
			if (attempt.ok) attempt.succeeded();
		}
	});

	it('limits one code across addresses, whatever way the code is written', () => {
		for (let i = 0; i < JOIN_LIMITS.perCode; i++) {
			const code = i % 2 ? 'zzzzz-zzzzz' : 'ZZZZZZZZZZ';
			expect(countJoinAttempt(`10.1.${i}.1`, code).ok).toBe(true);
		}
		expect(countJoinAttempt('10.2.0.1', 'ZZZZZ ZZZZZ').ok).toBe(false);
		// The refused attempt was not counted against the address.
		for (let i = 0; i < JOIN_LIMITS.perAddress; i++) {
			expect(countJoinAttempt('10.2.0.1', `Y${i}`).ok).toBe(true);
		}
	});
});

describe('team and role names', () => {
	const session = {
		meta: {
			teams: [
				{ id: 'red-team', name: 'Red team' },
				{ id: 'blue', name: 'Blue' }
			]
		}
	} as unknown as LiveSession;

	it('takes a team by id or by name in any case, and leaves unknown ones for the engine', () => {
		expect(resolveTeamId(session, 'red-team')).toBe('red-team');
		expect(resolveTeamId(session, ' red TEAM ')).toBe('red-team');
		expect(resolveTeamId(session, 'Green')).toBe('Green');
	});

	it('takes a role by id or by name', () => {
		const scenario = phishScenario();
		expect(resolveRoleId(scenario, 'ic')).toBe('ic');
		expect(resolveRoleId(scenario, 'soc analyst')).toBe('analyst');
		expect(resolveRoleId(scenario, 'ciso')).toBe('ciso');
	});
});
