import { describe, expect, it } from 'vitest';
import { authorOf, PLAN_EDITORS, PLAN_READERS, PLAN_UPLOADERS } from './access';

describe('who may do what with the plan', () => {
	it('lets every uploader edit and every editor read; facilitators only read', () => {
		for (const role of PLAN_UPLOADERS) expect(PLAN_EDITORS).toContain(role);
		for (const role of PLAN_EDITORS) expect(PLAN_READERS).toContain(role);
		expect(PLAN_EDITORS).not.toContain('facilitator');
		expect(PLAN_UPLOADERS).toEqual(['admin']);
	});

	it('records an author by id and display name only, never the email or role', () => {
		const user = { id: 'u1', email: 'lena@x.test', name: 'Lena Lead', role: 'lead' as const };
		expect(authorOf(user)).toEqual({ id: 'u1', name: 'Lena Lead' });
	});
});
