import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { requireUser, requireUserOrRedirect, safeNext } from './guard';
import type { User } from './types';

const lead: User = { id: '1', email: 'l@example.com', name: 'L', role: 'lead' };

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	throw new Error('expected a throw');
}

describe('requireUser', () => {
	it('returns the user holding an allowed role', () => {
		expect(requireUser({ user: lead }, 'lead', 'admin')).toBe(lead);
		expect(requireUser({ user: lead })).toBe(lead);
	});

	it('401 when signed out, 403 for the wrong role', () => {
		const signedOut = thrown(() => requireUser({ user: null }));
		expect(isHttpError(signedOut) && signedOut.status).toBe(401);
		const wrongRole = thrown(() => requireUser({ user: lead }, 'admin'));
		expect(isHttpError(wrongRole) && wrongRole.status).toBe(403);
	});
});

describe('requireUserOrRedirect', () => {
	it('sends a signed-out visitor to /login with the page to come back to', () => {
		const url = new URL('http://x.test/admin/users?tab=2');
		const e = thrown(() => requireUserOrRedirect({ locals: { user: null }, url }, 'admin'));
		expect(isRedirect(e) && e.location).toBe('/login?next=%2Fadmin%2Fusers%3Ftab%3D2');
	});

	it('still answers 403 to a signed-in user with the wrong role', () => {
		const url = new URL('http://x.test/admin/users');
		const e = thrown(() => requireUserOrRedirect({ locals: { user: lead }, url }, 'admin'));
		expect(isHttpError(e) && e.status).toBe(403);
	});
});

describe('safeNext', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeNext('/sessions/abc?tab=1#x')).toBe('/sessions/abc?tab=1#x');
	});

	it.each([
		null,
		'',
		'https://evil.example/',
		'//evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'/.//evil.example',
		'javascript:alert(1)',
		'sessions'
	])('refuses %j', (next) => {
		expect(safeNext(next, '/home')).toBe('/home');
	});
});
