/**
 * The trainee's side of a live exercise against the real build: joining with a code (with and
 * without JavaScript), the lobby, injects arriving live, answering every kind of question, team
 * decisions seen by teammates, identity kept across reloads, and no answer key in the page or
 * the stream before the facilitator reveals it. The facilitator's moves go through the JSON API
 * so that this journey does not depend on the console's markup.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { ADMIN, AppServer } from './support/server';

const SCENARIOS = 'tests/fixtures/scenarios/valid';
const SCENARIO_FILE = `${SCENARIOS}/rich.yaml`;

/** Every answer-key text of the scenario: indicator notes, feedback and guidance. */
function answerKeyTexts(): string[] {
	const texts: string[] = [];
	const walk = (node: unknown) => {
		if (Array.isArray(node)) node.forEach(walk);
		else if (node && typeof node === 'object') {
			for (const [key, value] of Object.entries(node)) {
				if (['note', 'feedback', 'guidance'].includes(key) && typeof value === 'string')
					texts.push(value.trim());
				else walk(value);
			}
		}
	};
	walk(parse(readFileSync(SCENARIO_FILE, 'utf8')));
	return texts;
}

/**
 * The fields the answer key travels in (view.ts adds them only after the reveal), quoted as in
 * JSON (the stream) or bare as in the data SvelteKit serialises into the page.
 */
const KEY_FIELDS = /["']?\b(indicator|indicatorLines|correct|scores|reveal|feedbackHtml)["']?\s*:/g;

function leaks(text: string): string[] {
	const fields = [...text.matchAll(KEY_FIELDS)].map((m) => m[0]);
	return [...answerKeyTexts().filter((secret) => text.includes(secret)), ...fields];
}

interface Session {
	id: string;
	joinCode: string;
}

class Facilitator {
	constructor(
		private readonly base: string,
		private readonly token: string
	) {}

	static async signIn(base: string): Promise<Facilitator> {
		const res = await fetch(`${base}/api/v1/auth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password })
		});
		expect(res.status).toBe(201);
		return new Facilitator(base, ((await res.json()) as { token: string }).token);
	}

	async post<T = unknown>(path: string, body: object = {}): Promise<T> {
		const res = await fetch(`${this.base}/api/v1/${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		const data = await res.json();
		expect(res.ok, `${path}: ${JSON.stringify(data)}`).toBe(true);
		return data as T;
	}

	/** A session of the fixture scenario in manual release mode, so nothing arrives unasked. */
	create(title: string): Promise<Session> {
		return this.post<Session>('sessions', {
			scenarioId: 'rich-phish',
			teams: ['Red', 'Blue'],
			speed: 1,
			release: 'manual',
			title
		});
	}

	control(session: Session, action: 'start' | 'pause' | 'resume' | 'reveal' | 'end') {
		return this.post(`sessions/${session.id}/${action}`);
	}

	release(session: Session, injectId: string, team = 'red') {
		return this.post(`sessions/${session.id}/release`, { team, injectId });
	}
}

/** Joins through the two steps of /join, typing the code as people do (lower case, dashes). */
async function join(
	page: Page,
	base: string,
	session: Session,
	who: { name: string; team: string; role: string }
) {
	await page.goto(`${base}/join`);
	await page.getByLabel('Join code').fill(session.joinCode.toLowerCase());
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByText('Step 2 of 2')).toBeVisible();
	await page.getByLabel('Your name').fill(who.name);
	await page.getByLabel('Team').selectOption({ label: who.team });
	await page.getByRole('radio', { name: who.role }).check();
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page).toHaveURL(`${base}/play/${session.id}`);
}

const inject = (page: Page, id: string) => page.locator(`[data-inject="${id}"]`);
const form = (page: Page, injectId: string, decisionId: string) =>
	page.locator(`#answer-${injectId}-${decisionId}`);
const myAnswer = (page: Page, injectId: string, decisionId: string) =>
	form(page, injectId, decisionId)
		.locator('xpath=ancestor::section[contains(@class,"decision")]')
		.getByTestId('my-answer');

/** The first message of a trainee's SSE stream, read with the trainee's cookie. */
async function firstStreamMessage(context: BrowserContext, base: string, session: Session) {
	const cookies = await context.cookies(base);
	const cookie = cookies.find((c) => c.name === `st_p_${session.id}`);
	expect(cookie, 'participant cookie').toBeDefined();
	const abort = new AbortController();
	const res = await fetch(`${base}/play/${session.id}/stream`, {
		headers: { cookie: `${cookie!.name}=${cookie!.value}` },
		signal: abort.signal
	});
	expect(res.headers.get('content-type')).toContain('text/event-stream');
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	while (!text.includes('event: view')) {
		const { value, done } = await reader.read();
		if (done) break;
		text += decoder.decode(value, { stream: true });
	}
	// The view is one `data:` line; read until it is complete.
	while (!/event: view\nid: \d+\ndata: .*\n\n/.test(text)) {
		const { value, done } = await reader.read();
		if (done) break;
		text += decoder.decode(value, { stream: true });
	}
	abort.abort();
	return text;
}

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test.describe('trainee', () => {
	let server: AppServer;
	let admin: Facilitator;
	test.beforeAll(async () => {
		server = await new AppServer({ env: { SCENARIOS_DIR: SCENARIOS } }).start();
		admin = await Facilitator.signIn(server.url);
	});
	test.afterAll(async () => server.dispose());

	async function contexts(browser: Browser, n: number) {
		return Promise.all(Array.from({ length: n }, () => browser.newContext()));
	}

	test('two trainees join, wait in the lobby, get injects live, answer and keep their identity', async ({
		browser
	}) => {
		const base = server.url;
		const session = await admin.create('Thursday drill');
		const [anaContext, ianContext] = await contexts(browser, 2);
		const ana = await anaContext.newPage();
		const ian = await ianContext.newPage();

		await join(ana, base, session, { name: 'Ana', team: 'Red', role: 'SOC analyst' });
		await expect(ana.getByText('Waiting for the facilitator to start.')).toBeVisible();
		await expect(ana.locator('[data-connection="live"]')).toBeVisible();
		await expectAccessible(ana);

		await join(ian, base, session, { name: 'Ian', team: 'Red', role: 'Incident commander' });
		// Ana's lobby learns about Ian without a reload.
		await expect(ana.getByText('Ian (Incident commander)')).toBeVisible();

		await admin.control(session, 'start');
		await expect(ana.locator('header[data-status="running"]')).toBeVisible();
		await expect(ana.getByText('Waiting for the facilitator to start.')).toBeHidden();

		await admin.release(session, 'briefing');
		await expect(inject(ana, 'briefing')).toBeVisible();
		await expect(inject(ana, 'briefing').getByText('New', { exact: true })).toBeVisible();
		await expect(ana.getByRole('log')).toContainText('New inject: Briefing');

		// A single-choice answer with a rationale.
		const plan = form(ana, 'briefing', 'plan');
		await plan.getByRole('radio', { name: 'The on-call lead, named in the plan' }).check();
		await plan.getByLabel('Why?').fill('The plan names the on-call lead.');
		await plan.getByRole('button', { name: 'Submit answer' }).click();
		await expect(myAnswer(ana, 'briefing', 'plan')).toContainText(
			'The on-call lead, named in the plan'
		);
		await expect(myAnswer(ana, 'briefing', 'plan')).toContainText(
			'The plan names the on-call lead.'
		);

		// Indicators: tick log lines 2 and 4 (keyboard) and send them.
		await admin.release(session, 'edr-alert');
		await expect(inject(ana, 'edr-alert')).toBeVisible();
		const lines = inject(ana, 'edr-alert').locator('input[name="line"]');
		await expect(lines).toHaveCount(4);
		await lines.nth(1).focus();
		await ana.keyboard.press('Space');
		await lines.nth(3).check();
		await expect(form(ana, 'edr-alert', 'flag')).toContainText('2 lines flagged');
		await form(ana, 'edr-alert', 'flag').getByRole('button', { name: 'Submit answer' }).click();
		await expect(myAnswer(ana, 'edr-alert', 'flag')).toContainText('lines 2, 4 flagged');

		// Team decision: Ana proposes, Ian (the deciding role) sees it live and locks it.
		const anaTeam = form(ana, 'edr-alert', 'isolate');
		await anaTeam.getByRole('radio', { name: 'Wait for more evidence' }).check();
		await anaTeam.getByRole('button', { name: 'Propose' }).click();
		await expect(myAnswer(ana, 'edr-alert', 'isolate')).toContainText('Wait for more evidence');
		const ianCard = inject(ian, 'edr-alert');
		await expect(ianCard.getByRole('row', { name: /Ana .*Wait for more evidence/ })).toBeVisible();
		const ianTeam = form(ian, 'edr-alert', 'isolate');
		await ianTeam.getByRole('radio', { name: 'Isolate it through the EDR' }).check();
		await ianTeam.getByRole('button', { name: 'Decide for the team' }).click();
		await expect(inject(ana, 'edr-alert').getByText('chosen by Ian')).toBeVisible();
		await expect(form(ana, 'edr-alert', 'isolate')).toHaveCount(0);
		await expectAccessible(ana);

		// A reload keeps who Ana is and what she answered, then continues live.
		await ana.reload();
		await expect(ana.getByRole('heading', { level: 1, name: 'Thursday drill' })).toBeVisible();
		await expect(ana.locator('header').getByText('Ana', { exact: true })).toBeVisible();
		await expect(myAnswer(ana, 'briefing', 'plan')).toContainText('The on-call lead');
		await expect(myAnswer(ana, 'edr-alert', 'flag')).toContainText('lines 2, 4 flagged');
		await expect(inject(ana, 'briefing').getByText('New', { exact: true })).toBeHidden();
		await expect(ana.locator('[data-connection="live"]')).toBeVisible();
		await admin.control(session, 'pause');
		await expect(ana.locator('header[data-status="paused"]')).toBeVisible();
		await expect(ana.locator('.alert', { hasText: 'The facilitator paused' })).toBeVisible();
		await admin.control(session, 'resume');

		// Back at the join page with the same browser: straight back into the exercise.
		await ana.goto(`${base}/join?code=${session.joinCode}`);
		await expect(ana).toHaveURL(`${base}/play/${session.id}`);
		await ana.goto(`${base}/join`);
		await expect(ana.getByRole('link', { name: 'Continue: Thursday drill' })).toBeVisible();

		// After the reveal: the indicator lines, their notes and the points are shown.
		await admin.control(session, 'reveal');
		await ana.goto(`${base}/play/${session.id}`);
		await expect(ana.getByText('Answers revealed.')).toBeVisible();
		await expect(inject(ana, 'edr-alert').getByText('Indicator · you flagged it')).toHaveCount(2);
		await expect(inject(ana, 'edr-alert')).toContainText('The macro starts an encoded PowerShell.');
		await expect(inject(ana, 'briefing')).toContainText('5 of 5 points');
		await admin.control(session, 'end');
		await expect(ana.locator('header[data-status="ended"]')).toBeVisible();
		await expect(ana.locator('.alert', { hasText: 'The exercise has ended.' })).toBeVisible();
		await expect(ana.getByRole('heading', { name: 'Ended before an outcome' })).toBeVisible();
		await anaContext.close();
		await ianContext.close();
	});

	test('a trainee without JavaScript joins and answers through plain forms', async ({
		browser
	}) => {
		const base = server.url;
		const session = await admin.create('No-script drill');
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await join(page, base, session, { name: 'Noor', team: 'Blue', role: 'SOC analyst' });
		await expect(page.getByText('Waiting for the facilitator to start.')).toBeVisible();
		await admin.control(session, 'start');
		await admin.release(session, 'briefing', 'blue');
		await admin.release(session, 'edr-alert', 'blue');
		await page.reload();

		const plan = form(page, 'briefing', 'plan');
		await plan.getByRole('radio', { name: 'Whoever picks up first' }).check();
		await plan.getByRole('button', { name: 'Submit answer' }).click();
		await expect(page).toHaveURL(/\?answered=briefing%2Fplan#inject-briefing$/);
		await expect(inject(page, 'briefing').getByRole('status')).toHaveText(
			'Your answer was recorded.'
		);
		await expect(myAnswer(page, 'briefing', 'plan')).toContainText('Whoever picks up first');

		// Changing the answer is a new answer (the page load gave the form a new key).
		await form(page, 'briefing', 'plan').getByRole('radio', { name: 'The on-call lead' }).check();
		await form(page, 'briefing', 'plan').getByRole('button', { name: 'Update my answer' }).click();
		await expect(myAnswer(page, 'briefing', 'plan')).toContainText('The on-call lead');

		// Sending no flagged line is refused next to the form, and nothing is recorded.
		await form(page, 'edr-alert', 'flag').getByRole('button', { name: 'Submit answer' }).click();
		await expect(page.locator('#answer-edr-alert-flag-error')).toContainText(
			'Flag at least one line'
		);
		await inject(page, 'edr-alert').locator('input[name="line"]').nth(1).check();
		await form(page, 'edr-alert', 'flag').getByRole('button', { name: 'Submit answer' }).click();
		await expect(myAnswer(page, 'edr-alert', 'flag')).toContainText('line 2 flagged');

		// A repeated post with the same idempotency key (double click, resent page) is recorded
		// once: the repeat, even with other lines, changes nothing.
		const key = await form(page, 'edr-alert', 'flag')
			.locator('input[name="idempotencyKey"]')
			.inputValue();
		const post = (line: string) =>
			context.request.post(`${base}/play/${session.id}?/respond`, {
				form: { injectId: 'edr-alert', decisionId: 'flag', idempotencyKey: key, line },
				// As a browser posts it: an HTML page is wanted, so the answer is a redirect.
				headers: { origin: base, accept: 'text/html' },
				maxRedirects: 0
			});
		expect((await post('2')).status()).toBe(303);
		expect((await post('0')).status()).toBe(303);
		await page.reload();
		await expect(myAnswer(page, 'edr-alert', 'flag')).toContainText('line 3 flagged');
		await context.close();
	});

	test('the page and the stream carry no answer key before the reveal', async ({
		browser,
		request
	}) => {
		const base = server.url;
		const session = await admin.create('Key check');
		const [context] = await contexts(browser, 1);
		const page = await context.newPage();
		await join(page, base, session, { name: 'Sam', team: 'Red', role: 'Incident commander' });
		await admin.control(session, 'start');
		for (const id of ['briefing', 'edr-alert']) await admin.release(session, id);
		await admin.post(`sessions/${session.id}/override`, {
			team: 'red',
			injectId: 'edr-alert',
			decisionId: 'isolate',
			optionId: 'wait',
			reason: 'Show the branch'
		});
		await expect(inject(page, 'edr-alert')).toBeVisible();

		const source = await (await context.request.get(`${base}/play/${session.id}`)).text();
		expect(source).toContain('Flag the lines that show the compromise.');
		expect(leaks(source)).toEqual([]);
		expect(leaks(await page.content())).toEqual([]);
		const stream = await firstStreamMessage(context, base, session);
		expect(stream).toContain('"edr-alert"');
		expect(leaks(stream)).toEqual([]);

		// Strangers get nothing: the page sends them to /join, the stream refuses them.
		const stranger = await request.get(`${base}/play/${session.id}`, { maxRedirects: 0 });
		expect(stranger.status()).toBe(303);
		expect(stranger.headers().location).toBe('/join');
		expect((await request.get(`${base}/play/${session.id}/stream`)).status()).toBe(401);

		// The same searches find the key once it is revealed, so they would catch a leak.
		await admin.control(session, 'reveal');
		await expect(page.getByText('Answers revealed.')).toBeVisible();
		const after = await (await context.request.get(`${base}/play/${session.id}`)).text();
		expect(leaks(after)).toContain('The macro starts an encoded PowerShell.');
		expect(leaks(after)).toContain('The beacon keeps running while you wait.');
		await context.close();
	});

	test('a wrong code is refused without saying more, an ended session says so', async ({
		page
	}) => {
		const base = server.url;
		const session = await admin.create('Short one');
		const code = session.joinCode.replace('-', '');
		const wrong = code.slice(0, 9) + (code.endsWith('A') ? 'B' : 'A');
		await page.goto(`${base}/join?code=${wrong}`);
		await expect(page.getByRole('alert')).toHaveText(
			'No open session has that join code. Check the code with your facilitator.'
		);
		await page.goto(`${base}/join?code=nonsense`);
		await expect(page.getByRole('alert')).toContainText('A join code has 10 letters and digits');
		await page.goto(`${base}/join?code=${session.joinCode}`);
		await page.getByLabel('Your name').fill('x'.repeat(61));
		await page.getByLabel('Team').selectOption({ label: 'Red' });
		await page.getByRole('radio', { name: 'Communications lead' }).check();
		// maxlength stops a browser at 60; the server's own check needs a crafted post.
		expect(await page.getByLabel('Your name').inputValue()).toHaveLength(60);
		const crafted = await page.request.post(`${base}/join?code=${session.joinCode}`, {
			form: { code: session.joinCode, name: ' ', team: 'red', role: 'nobody' },
			headers: { origin: base, accept: 'application/json', 'x-sveltekit-action': 'true' }
		});
		const body = await crafted.json();
		expect(body.type).toBe('failure');
		expect(body.status).toBe(400);
		expect(body.data).toContain('Enter your name.');
		await admin.control(session, 'start');
		await admin.control(session, 'end');
		await page.goto(`${base}/join?code=${session.joinCode}`);
		await expect(page.getByRole('alert')).toContainText('That exercise has ended');
	});
});
