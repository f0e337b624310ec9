import { describe, expect, it } from 'vitest';
import { isCrossSiteForm } from './csrf';

const self = 'http://127.0.0.1:3000';

function request(method: string, headers: Record<string, string>, path = '/sessions/x'): Request {
	return new Request(`${self}${path}`, { method, headers });
}

describe('cross-site form guard', () => {
	it('refuses a form posted from another origin or with no origin', () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		expect(
			isCrossSiteForm(request('POST', { ...form, origin: 'https://evil.example' }), self)
		).toBe(true);
		expect(isCrossSiteForm(request('POST', form), self)).toBe(true);
		expect(
			isCrossSiteForm(request('POST', { 'content-type': 'multipart/form-data; b=x' }), self)
		).toBe(true);
	});

	it('refuses a body-less POST without a Bearer token, as SvelteKit 3 does', () => {
		expect(isCrossSiteForm(request('POST', { cookie: 'sid=1' }), self)).toBe(true);
		expect(
			isCrossSiteForm(request('POST', { cookie: 'sid=1' }, '/api/v1/sessions/x/start'), self)
		).toBe(true);
		// A sign-in form posted with no cookie yet is still refused (login CSRF).
		expect(isCrossSiteForm(request('POST', {}, '/login'), self)).toBe(true);
	});

	it('lets a cookie-less API request through to the API’s own 401', () => {
		expect(isCrossSiteForm(request('POST', {}, '/api/v1/sessions/x/start'), self)).toBe(false);
	});

	it('lets same-origin forms, reads, JSON bodies and Bearer-token commands through', () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		expect(isCrossSiteForm(request('POST', { ...form, origin: self }), self)).toBe(false);
		expect(isCrossSiteForm(request('GET', {}), self)).toBe(false);
		expect(isCrossSiteForm(request('POST', { 'content-type': 'application/json' }), self)).toBe(
			false
		);
		expect(isCrossSiteForm(request('POST', { authorization: 'Bearer stk_abc' }), self)).toBe(false);
		expect(
			isCrossSiteForm(request('DELETE', { authorization: 'bearer stp_abc', ...form }), self)
		).toBe(false);
	});
});
