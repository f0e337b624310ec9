/**
 * Rate limits on guessing, against the real build: failed sign-ins per client address and per
 * account and address together, never per account alone (the login form and the token endpoint
 * share them), join-code attempts per client
 * address and per code (the join page, its form and the API share them). The server runs with
 * ADDRESS_HEADER=x-forwarded-for, as behind a reverse proxy, so each request can come from its
 * own address. See docs/security.md for the arithmetic.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, AppServer } from '../support/server';
import { call, createAccount, createSession, PASSWORD, type Reply } from './support';

let server: AppServer;
let admin: string;

test.beforeAll(async () => {
	server = await new AppServer({
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	}).start();
	// With ADDRESS_HEADER set, adapter-node needs the header on every request that asks for it.
	const res = await tokenApi('10.0.0.9', ADMIN.email, ADMIN.password);
	expect(res.status, res.text).toBe(201);
	admin = res.json<{ token: string }>().token;
});
test.afterAll(async () => server?.dispose());

const from = (address: string) => ({ 'x-forwarded-for': address });

function loginForm(address: string, email: string, password: string) {
	return call(server, 'POST', '/login', { headers: from(address), form: { email, password } });
}

function tokenApi(address: string, email: string, password: string) {
	return call(server, 'POST', '/api/v1/auth/token', {
		headers: from(address),
		json: { email, password }
	});
}

function expectLimited(res: Reply) {
	expect(res.status, res.text).toBe(429);
	expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
	expect(res.text).toMatch(/Too many attempts/);
}

test('sign-in: 20 failures per address in 15 minutes, over the form and the API together', async () => {
	for (let i = 0; i < 10; i++)
		expect((await loginForm('10.1.0.1', `nobody${i}@x.test`, 'wrong')).status).toBe(400);
	for (let i = 10; i < 20; i++)
		expect((await tokenApi('10.1.0.1', `nobody${i}@x.test`, 'wrong')).status).toBe(401);
	expectLimited(await loginForm('10.1.0.1', 'someone@x.test', 'wrong'));
	expectLimited(await tokenApi('10.1.0.1', 'someone@x.test', 'wrong'));
	// Even the right password is not checked from that address until the window passes.
	expectLimited(await tokenApi('10.1.0.1', ADMIN.email, ADMIN.password));
	// Another address is not affected.
	expect((await tokenApi('10.1.0.2', ADMIN.email, ADMIN.password)).status).toBe(201);
});

test('sign-in: 5 failures per account and address, and nobody can lock a known email out', async () => {
	const email = 'target@sandtable.test';
	await createAccount(server, admin, 'facilitator', email, from('10.0.0.9'));
	// Guessing one account from one address stops after 5, whichever form and case it uses.
	for (let i = 0; i < 3; i++)
		expect((await tokenApi('10.2.0.1', email, `guess ${i}`)).status).toBe(401);
	for (let i = 3; i < 5; i++)
		expect((await loginForm('10.2.0.1', email.toUpperCase(), `guess ${i}`)).status).toBe(400);
	expectLimited(await tokenApi('10.2.0.1', email, PASSWORD));
	// That address may still sign in to other accounts (an office shares one address).
	expect((await tokenApi('10.2.0.1', ADMIN.email, ADMIN.password)).status).toBe(201);
	// 30 failures against the same email from 10 other addresses...
	for (let a = 2; a < 12; a++)
		for (let i = 0; i < 3; i++)
			expect((await tokenApi(`10.2.0.${a}`, email, `guess ${a}.${i}`)).status).toBe(401);
	// ...do not stop its owner signing in from their own.
	expect((await tokenApi('10.2.9.9', email, PASSWORD)).status).toBe(201);
});

test('sign-in: successes give their attempt back, so people who sign in often are never locked out', async () => {
	const email = 'often@sandtable.test';
	await createAccount(server, admin, 'lead', email, from('10.0.0.9'));
	for (let i = 0; i < 25; i++) {
		if (i % 5 === 4) expect((await tokenApi('10.3.0.1', email, 'typo')).status).toBe(401);
		else expect((await tokenApi('10.3.0.1', email, PASSWORD)).status).toBe(201);
	}
});

/** The n-th join code of the right shape that belongs to no session. */
const wrongCode = (n: number) =>
	`ZZZZZ${[...String(n).padStart(5, '0')].map((d) => 'ABCDEFGHJK'[Number(d)]).join('')}`;

function joinApi(address: string, code: string) {
	return call(server, 'POST', '/api/v1/join', {
		headers: from(address),
		json: { code, name: 'Guesser', team: 'Red', role: 'legal' }
	});
}

test('join codes: 20 failures per address, over the page, its form and the API together', async () => {
	for (let i = 0; i < 7; i++) {
		const res = await call(server, 'GET', `/join?code=${wrongCode(i)}`, {
			headers: from('10.4.0.1')
		});
		expect(res.text).toContain('No open session has that join code');
	}
	for (let i = 7; i < 14; i++) {
		const res = await call(server, 'POST', '/join', {
			headers: from('10.4.0.1'),
			form: { code: wrongCode(i), name: 'G', team: 'red', role: 'legal' }
		});
		expect(res.status).toBe(404);
	}
	for (let i = 14; i < 20; i++) expect((await joinApi('10.4.0.1', wrongCode(i))).status).toBe(404);
	expectLimited(await joinApi('10.4.0.1', wrongCode(20)));
	const page = await call(server, 'GET', `/join?code=${wrongCode(21)}`, {
		headers: from('10.4.0.1')
	});
	expect(page.headers.get('retry-after')).toBeTruthy();
	expect(page.text).toMatch(/Too many attempts/);
	const form = await call(server, 'POST', '/join', {
		headers: from('10.4.0.1'),
		form: { code: wrongCode(22), name: 'G', team: 'red', role: 'legal' }
	});
	expect(form.status).toBe(429);
	// The real code is refused from that address too: guessing right late gains nothing.
	const session = await createSession(server, admin, { scenarioId: 'ransomware-file-server' });
	expectLimited(await joinApi('10.4.0.1', session.joinCode));
	expect((await joinApi('10.4.0.2', wrongCode(1))).status).toBe(404);
});

test('join codes: 50 failures per code from any number of addresses', async () => {
	const code = 'QQQQQ-QQQQQ';
	for (let i = 0; i < 50; i++) expect((await joinApi(`10.5.${i}.1`, code)).status).toBe(404);
	expectLimited(await joinApi('10.5.200.1', code));
	// Written another way it is the same code.
	expectLimited(await joinApi('10.5.200.2', 'qqqqqqqqqq'));
	expect((await joinApi('10.5.200.3', 'QQQQQ-QQQQR')).status).toBe(404);
});

test('join codes: a classroom behind one address joins without limit', async () => {
	const session = await createSession(server, admin, { scenarioId: 'ransomware-file-server' });
	for (let i = 0; i < 45; i++) {
		const res = await call(server, 'POST', '/api/v1/join', {
			headers: from('10.6.0.1'),
			json: { code: session.joinCode, name: `Pupil ${i}`, team: 'Red', role: 'legal' }
		});
		expect(res.status, res.text).toBe(201);
	}
	// Mistyped codes in between still count, but only they do.
	for (let i = 0; i < 19; i++) expect((await joinApi('10.6.0.1', wrongCode(i))).status).toBe(404);
	const late = await call(server, 'POST', '/api/v1/join', {
		headers: from('10.6.0.1'),
		json: { code: session.joinCode, name: 'Late pupil', team: 'Red', role: 'legal' }
	});
	expect(late.status).toBe(201);
});
