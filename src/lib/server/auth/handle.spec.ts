import { isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './cookie';
import { createAuthHandle, ENROL_PATH } from './handle';
import { AuthService } from './service';
import { FileAccountStore, accountsFile } from '../storage/file/accounts';

let dir: string;
let auth: AuthService;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-handle-'));
	auth = new AuthService(await FileAccountStore.open(accountsFile(dir)));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function fakeCookies(initial: Record<string, string>) {
	const jar = new Map(Object.entries(initial));
	const cookies = {
		get: (name: string) => jar.get(name),
		set: (name: string, value: string) => void jar.set(name, value),
		delete: (name: string) => void jar.delete(name)
	} as unknown as Cookies;
	return { cookies, jar };
}

async function run(
	path: string,
	init: { cookie?: string; authorization?: string; requireMfa?: boolean } = {}
) {
	const { cookies, jar } = fakeCookies(init.cookie ? { [SESSION_COOKIE]: init.cookie } : {});
	const request = new Request(`http://x.test${path}`, {
		headers: init.authorization ? { authorization: init.authorization } : {}
	});
	const event = { url: new URL(request.url), request, cookies, locals: {} } as RequestEvent;
	const handle = createAuthHandle(async () => auth, { requireMfa: init.requireMfa ?? false });
	try {
		await handle({ event, resolve: async () => new Response('ok') });
	} catch (e) {
		if (isRedirect(e)) return { redirect: e.location, user: event.locals.user, jar };
		throw e;
	}
	return { redirect: null, user: event.locals.user, jar };
}

describe('authHandle', () => {
	it('sends pages to /setup until the first admin exists, but not join, play, the API or the checks', async () => {
		expect((await run('/')).redirect).toBe('/setup');
		expect((await run('/login')).redirect).toBe('/setup');
		for (const open of [
			'/setup',
			'/join',
			'/join/ABC123',
			'/play/s1',
			'/api/v1/health',
			'/healthz',
			'/readyz',
			'/metrics'
		]) {
			expect((await run(open)).redirect).toBeNull();
		}
		expect((await run('/joinery')).redirect).toBe('/setup');
		await auth.setupFirstAdmin({ email: 'a@example.com', name: 'A', password: 'long password 1' });
		expect((await run('/')).redirect).toBeNull();
	});

	it('signs in by cookie, and drops an unknown cookie', async () => {
		const admin = await auth.setupFirstAdmin({
			email: 'a@example.com',
			name: 'A',
			password: 'long password 1'
		});
		const { token } = await auth.startSession(admin.id);
		expect((await run('/', { cookie: token })).user?.id).toBe(admin.id);
		const stale = await run('/', { cookie: 'A'.repeat(43) });
		expect(stale.user).toBeNull();
		expect(stale.jar.has(SESSION_COOKIE)).toBe(false);
	});

	it('signs in by Bearer stu_ token without falling back to the cookie, ignoring other prefixes', async () => {
		const admin = await auth.setupFirstAdmin({
			email: 'a@example.com',
			name: 'A',
			password: 'long password 1'
		});
		const { token: cookie } = await auth.startSession(admin.id);
		const { token } = await auth.issueApiToken(admin.id, 'ci');
		expect((await run('/api/v1/x', { authorization: `Bearer ${token}` })).user?.id).toBe(admin.id);
		const badToken = `Bearer stu_${'B'.repeat(43)}`;
		expect((await run('/api/v1/x', { authorization: badToken, cookie })).user).toBeNull();
		// A trainee's stp_ token is for the play routes: the cookie still counts here.
		const trainee = await run('/', { authorization: 'Bearer stp_abc', cookie });
		expect(trainee.user?.id).toBe(admin.id);
	});

	it('with MFA required, sends a signed-in account without it to enrol, and only then lets it on', async () => {
		const admin = await auth.setupFirstAdmin({
			email: 'a@example.com',
			name: 'A',
			password: 'long password 1'
		});
		const { token: cookie } = await auth.startSession(admin.id);
		expect((await run('/sessions', { cookie })).redirect).toBeNull();
		expect((await run('/sessions', { cookie, requireMfa: true })).redirect).toBe(ENROL_PATH);
		expect((await run('/admin/users', { cookie, requireMfa: true })).redirect).toBe(ENROL_PATH);
		for (const open of ['/account', '/logout', '/_app/immutable/x.js']) {
			expect((await run(open, { cookie, requireMfa: true })).redirect).toBeNull();
		}
		const { generateSync } = await import('otplib');
		const { secret } = await auth.startMfaEnrolment(admin.id);
		await auth.confirmMfa(admin.id, generateSync({ secret }));
		expect((await run('/sessions', { cookie, requireMfa: true })).redirect).toBeNull();
	});
});
