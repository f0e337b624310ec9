/**
 * Makes the README's screenshots from the real app: builds nothing itself (run `npm run build`
 * first), starts the production server on a temporary data folder, plays a few minutes of the
 * ransomware scenario with two trainees, and saves the facilitator console, the trainee view
 * (desktop and phone) and the debrief into docs/screenshots/.
 *
 *   npm run build && npm run screenshots
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../tests/support/browser';
import { ADMIN, AppServer } from '../tests/support/server';

const OUT = 'docs/screenshots';

async function api<T>(base: string, token: string, path: string, body: object = {}): Promise<T> {
	const res = await fetch(`${base}/api/v1/${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
	return (await res.json()) as T;
}

async function main() {
	mkdirSync(OUT, { recursive: true });
	const server = await new AppServer().start();
	const browser = await chromium.launch({
		executablePath: findChromium(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
	try {
		const base = server.url;
		const tokenRes = await fetch(`${base}/api/v1/auth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
		});
		const { token } = (await tokenRes.json()) as { token: string };
		const session = await api<{ id: string; joinCode: string }>(base, token, 'sessions', {
			scenarioId: 'ransomware-file-server',
			teams: ['Red', 'Blue'],
			speed: 2,
			release: 'auto',
			title: 'Quarter-end drill'
		});

		const trainee = async (
			name: string,
			team: string,
			role: string,
			size: { width: number; height: number }
		) => {
			const page = await (await browser.newContext({ viewport: size })).newPage();
			await page.goto(`${base}/join?code=${session.joinCode}`);
			await page.getByLabel('Your name').fill(name);
			await page.getByLabel('Team', { exact: true }).selectOption({ label: team });
			await page.getByRole('radio', { name: new RegExp(`^${role}`) }).check();
			await page.getByRole('button', { name: 'Join' }).click();
			await page.waitForURL(/\/play\//);
			return page;
		};
		const sam = await trainee('Sam Okafor', 'Red', 'SOC analyst', { width: 1280, height: 900 });
		const ina = await trainee('Ina Berg', 'Red', 'Incident commander', { width: 390, height: 844 });
		await trainee('Ivo Marsh', 'Blue', 'Incident commander', { width: 1280, height: 900 });

		await api(base, token, `sessions/${session.id}/start`);
		for (let i = 0; i < 4; i++) await api(base, token, `sessions/${session.id}/release`, {});
		const form = (page: Page, inject: string, decision: string) =>
			page.locator(`#answer-${inject}-${decision}`);
		const briefing = form(sam, 'month-end-briefing', 'readiness-checks');
		for (const name of [/out-of-band IR phone bridge/, /immutable copy/, /EDR coverage/]) {
			await briefing.getByRole('checkbox', { name }).check();
		}
		await briefing.getByRole('button', { name: 'Submit answer' }).click();
		const sysmon = sam.locator('[data-inject="ws-sysmon"]');
		for (const n of [3, 4, 5, 9]) await sysmon.locator('input[name="line"]').nth(n).check();
		await form(sam, 'ws-sysmon', 'sysmon-indicators')
			.getByRole('button', { name: 'Submit answer' })
			.click();
		const decision = form(ina, 'ws-decision', 'ws-action');
		await decision.getByRole('radio', { name: /EDR network containment now/ }).check();
		await decision.getByRole('button', { name: 'Decide for the team' }).click();
		await sam.locator('[data-inject="ws-decision"]').getByText('chosen by Ina Berg').waitFor();
		await sam.evaluate(() => window.scrollTo(0, 0));

		const fac = await (
			await browser.newContext({ viewport: { width: 1280, height: 1000 } })
		).newPage();
		await fac.goto(`${base}/login`);
		await fac.getByLabel('Email').fill(ADMIN.email);
		await fac.getByLabel('Password').fill(ADMIN.password);
		await fac.getByRole('button', { name: 'Sign in' }).click();
		await fac.waitForURL((url) => !url.pathname.startsWith('/login'));
		await fac.goto(`${base}/sessions/${session.id}`);
		await fac.getByText('Live', { exact: true }).waitFor();

		const shot = (page: Page, name: string, fullPage = false) =>
			page.screenshot({ path: `${OUT}/${name}.png`, fullPage });
		await shot(fac, 'facilitator-console');
		await shot(sam, 'trainee-view');
		await shot(ina, 'trainee-phone');
		await api(base, token, `sessions/${session.id}/end`);
		await fac.goto(`${base}/sessions/${session.id}/debrief`);
		const chart = fac.locator('canvas').first();
		await chart.waitFor();
		await chart.scrollIntoViewIfNeeded();
		await fac.waitForTimeout(800);
		await shot(fac, 'debrief');
		console.log(`screenshots written to ${OUT}/`);
	} finally {
		await browser.close();
		await server.dispose();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
