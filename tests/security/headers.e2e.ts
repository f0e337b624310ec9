/**
 * Security headers and cookies against the real build: a Content-Security-Policy that allows no
 * inline script (checked in Chromium, not only in the header), framing refused, referrer policy
 * and nosniff on pages, API answers, streams and errors; cookies HttpOnly and SameSite, and
 * Secure when the app's ORIGIN is https.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, AppServer } from '../support/server';
import { adminToken, bearer, call, createSession, joinSession, staffCookie } from './support';

let server: AppServer;
let admin: string;
let session: { id: string; joinCode: string };
let trainee: { token: string };

test.beforeAll(async () => {
	server = await new AppServer().start();
	admin = await adminToken(server);
	session = await createSession(server, admin, { scenarioId: 'ransomware-file-server' });
	trainee = await joinSession(server, session.joinCode, {
		name: 'Hal',
		team: 'Red',
		role: 'incident-commander'
	});
});
test.afterAll(async () => server?.dispose());

/** Parses a CSP header into directive -> sources. */
function directives(csp: string): Map<string, string[]> {
	const map = new Map<string, string[]>();
	for (const part of csp.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) map.set(name.toLowerCase(), sources);
	}
	return map;
}

const COMMON = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin'
};

test('every kind of response carries nosniff, frame and referrer headers', async () => {
	const cookie = await staffCookie(server, ADMIN.email, ADMIN.password);
	const requests: [string, string, Record<string, string>][] = [
		['login page', '/login', {}],
		['join page', '/join', {}],
		['staff page', '/sessions', { cookie }],
		['trainee page', `/play/${session.id}`, { cookie: `st_p_${session.id}=${trainee.token}` }],
		['redirect', '/sessions', {}],
		['not found page', '/no-such-page', {}],
		['API answer', '/api/v1/sessions', bearer(admin)],
		['API error', '/api/v1/sessions', {}],
		['health check', '/healthz', {}]
	];
	for (const [what, path, headers] of requests) {
		const res = await call(server, 'GET', path, { headers });
		for (const [name, value] of Object.entries(COMMON))
			expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
	}
	// The live streams too (read the headers, then hang up).
	for (const [what, path, headers] of [
		[
			'trainee stream',
			`/play/${session.id}/stream`,
			{ cookie: `st_p_${session.id}=${trainee.token}` }
		],
		['staff stream', `/sessions/${session.id}/stream`, { cookie }]
	] as const) {
		const controller = new AbortController();
		const res = await fetch(server.url + path, { headers, signal: controller.signal });
		expect(res.status, what).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/event-stream');
		for (const [name, value] of Object.entries(COMMON))
			expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
		controller.abort();
	}
});

test('pages send a CSP with no inline script, no eval, no framing and no plugins', async () => {
	const cookie = await staffCookie(server, ADMIN.email, ADMIN.password);
	for (const [path, headers] of [
		['/login', {}],
		['/join', {}],
		['/sessions', { cookie }],
		[`/play/${session.id}`, { cookie: `st_p_${session.id}=${trainee.token}` }],
		['/no-such-page', {}]
	] as const) {
		const res = await call(server, 'GET', path, { headers });
		const csp = res.headers.get('content-security-policy');
		expect(csp, path).toBeTruthy();
		const d = directives(csp!);
		const scripts = d.get('script-src') ?? d.get('default-src')!;
		expect(scripts, path).toContain("'self'");
		expect(scripts, path).not.toContain("'unsafe-inline'");
		expect(scripts, path).not.toContain("'unsafe-eval'");
		expect(
			scripts.filter((s) => !/^'(self|nonce-[\w+/=]+|sha256-[\w+/=]+)'$/.test(s)),
			path
		).toEqual([]);
		expect(d.get('frame-ancestors'), path).toEqual(["'none'"]);
		expect(d.get('object-src'), path).toEqual(["'none'"]);
		expect(d.get('base-uri'), path).toEqual(["'self'"]);
		expect(d.get('form-action'), path).toEqual(["'self'"]);
		// Every script in the page is a file or carries the nonce of this response.
		const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
		for (const tag of res.text.match(/<script\b[^>]*>/g) ?? []) {
			if (/\bsrc=/.test(tag)) continue;
			expect(nonce, `${path}: inline script without a nonce in the policy`).toBeTruthy();
			expect(tag, path).toContain(`nonce="${nonce}"`);
		}
	}
});

test('in Chromium the policy blocks an injected inline script and framing', async ({ page }) => {
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
	});
	await page.goto(`${server.url}/login`);
	// The app itself runs (hydrated) without tripping its own policy.
	await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
	await page.waitForLoadState('networkidle');
	expect(violations).toEqual([]);
	const ran = await page.evaluate(async () => {
		const w = window as unknown as { __inline?: number; __handler?: number };
		const script = document.createElement('script');
		script.textContent = 'window.__inline = 1';
		document.body.append(script);
		const img = document.createElement('img');
		img.setAttribute('onerror', 'window.__handler = 1');
		img.src = 'data:,not-an-image';
		document.body.append(img);
		await new Promise((r) => setTimeout(r, 300));
		return { inline: w.__inline ?? null, handler: w.__handler ?? null };
	});
	expect(ran).toEqual({ inline: null, handler: null });
	await expect.poll(() => violations.length).toBeGreaterThan(0);

	// Another site framing the app gets an error page in the frame (frame-ancestors 'none' and
	// X-Frame-Options: DENY), while a frame without those headers loads (the control).
	await page.route('http://framer.test/**', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: route.request().url().endsWith('/control')
				? '<button>control</button>'
				: `<iframe src="${server.url}/login"></iframe><iframe src="/control"></iframe>`
		})
	);
	await page.goto('http://framer.test/');
	const control = page.frameLocator('iframe[src="/control"]');
	await expect(control.getByRole('button', { name: 'control' })).toBeVisible();
	await expect
		.poll(() => page.frames().map((f) => f.url()))
		.toContain('chrome-error://chromewebdata/');
	expect(page.frames().some((f) => f.url().startsWith(server.url))).toBe(false);
	await expect(
		page.frameLocator(`iframe[src="${server.url}/login"]`).getByRole('button')
	).toHaveCount(0);
});

test('cookies are HttpOnly and SameSite=Lax, and not Secure over plain http', async () => {
	const login = await call(server, 'POST', '/login', {
		form: { email: ADMIN.email, password: ADMIN.password }
	});
	const staffSet = login.headers.getSetCookie().find((c) => c.startsWith('st_session='))!;
	expect(staffSet).toMatch(/; HttpOnly/i);
	expect(staffSet).toMatch(/; SameSite=Lax/i);
	expect(staffSet).toMatch(/; Path=\//i);
	expect(staffSet).not.toMatch(/; Secure/i);
	const joined = await call(server, 'POST', '/join', {
		form: { code: session.joinCode, name: 'Ivy', team: 'red', role: 'incident-commander' }
	});
	expect(joined.status, joined.text).toBe(303);
	const traineeSet = joined.headers
		.getSetCookie()
		.find((c) => c.startsWith(`st_p_${session.id}=`))!;
	expect(traineeSet).toMatch(/; HttpOnly/i);
	expect(traineeSet).toMatch(/; SameSite=Lax/i);
	expect(traineeSet).not.toMatch(/; Secure/i);
});

test('behind https (ORIGIN=https://...) every cookie is also Secure', async () => {
	const origin = 'https://sandtable.example.test';
	const https = await new AppServer({ env: { ORIGIN: origin } }).start();
	try {
		const token = await adminToken(https);
		const s = await createSession(https, token, { scenarioId: 'ransomware-file-server' });
		const login = await call(https, 'POST', '/login', {
			headers: { origin },
			form: { email: ADMIN.email, password: ADMIN.password }
		});
		expect(login.status, login.text).toBe(303);
		const staffSet = login.headers.getSetCookie().find((c) => c.startsWith('st_session='))!;
		expect(staffSet).toMatch(/; Secure/i);
		expect(staffSet).toMatch(/; HttpOnly/i);
		const joined = await call(https, 'POST', '/join', {
			headers: { origin },
			form: { code: s.joinCode, name: 'Jo', team: 'red', role: 'incident-commander' }
		});
		expect(joined.status, joined.text).toBe(303);
		const traineeSet = joined.headers.getSetCookie().find((c) => c.startsWith(`st_p_${s.id}=`))!;
		expect(traineeSet).toMatch(/; Secure/i);
		expect(traineeSet).toMatch(/; HttpOnly/i);
		// Signing out clears the cookie with the same attributes.
		const sid = staffSet.split(';')[0];
		const out = await call(https, 'POST', '/logout', {
			headers: { origin, cookie: sid },
			form: {}
		});
		const cleared = out.headers.getSetCookie().find((c) => c.startsWith('st_session='));
		expect(cleared).toMatch(/; Secure/i);
		// A form posted from another origin is refused (CSRF), even with the session cookie.
		const forged = await call(https, 'POST', '/logout', {
			headers: { origin: 'https://evil.example', cookie: sid },
			form: {}
		});
		expect(forged.status).toBe(403);
	} finally {
		await https.dispose();
	}
});
