/**
 * Issue 18, first run and looks, against the real build: the next-steps page that set-up lands
 * on (every link working), the friendly 404, dark mode (axe clean on the pages people see most),
 * the chart on a trainee's results beside its table, and the debrief and results on paper.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, AppServer } from './support/server';

const SCENARIO = 'ransomware-file-server';
/** The practice run suggests the gentlest bundled scenario: the introductory card game. */
const PRACTICE = 'hidden-attack-cards';

async function expectAccessible(page: Page) {
	const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** The page's background, to tell that the dark scheme is in use and not just requested. */
async function backgroundLuminance(page: Page): Promise<number> {
	return page.evaluate(() => {
		const [r, g, b] = getComputedStyle(document.documentElement)
			.backgroundColor.match(/\d+/g)!
			.map(Number);
		return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
	});
}

test.describe('first run', () => {
	let server: AppServer;
	test.beforeAll(async () => {
		server = await new AppServer({ noAdmin: true, origin: null }).start();
	});
	test.afterAll(async () => server.dispose());

	test('set-up lands on next steps whose links all work', async ({ page }) => {
		test.setTimeout(180_000);
		await page.goto(`${server.url}/setup`);
		await page.getByLabel('Email').fill('first@sandtable.test');
		await page.getByLabel('Name').fill('First Admin');
		await page.getByLabel('Password', { exact: true }).fill('a long enough password');
		await page.getByLabel('Password again').fill('a long enough password');
		await page.getByRole('button', { name: 'Create administrator' }).click();

		await expect(page).toHaveURL(`${server.url}/welcome`);
		await expect(page.getByRole('heading', { name: 'Next steps, First Admin' })).toBeVisible();
		const steps = page.locator('ol.steps > li h2');
		await expect(steps).toHaveText([
			'Invite your staff',
			'Try a bundled scenario',
			'Run a practice session with yourself as trainee'
		]);
		// Every bundled scenario is one click away.
		const bundled = page.locator('ul.scenarios a');
		await expect(bundled).toHaveCount(4);
		await expectAccessible(page);

		// Every link on the page answers 200 for this admin.
		const hrefs = await page
			.locator('main a')
			.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
		expect(hrefs.length).toBeGreaterThanOrEqual(7);
		for (const href of new Set(hrefs)) {
			const res = await page.request.get(href);
			expect(res.status(), href).toBe(200);
		}

		await page.getByRole('link', { name: 'Add users' }).click();
		await expect(page).toHaveURL(`${server.url}/admin/users#add-heading`);
		await expect(page.getByRole('heading', { name: 'Add a user' })).toBeVisible();

		await page.goBack();
		await page.getByRole('link', { name: 'Create a practice session' }).click();
		await expect(page).toHaveURL(new RegExp(`/sessions/new\\?scenario=${PRACTICE}$`));
		await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue(PRACTICE);

		await page.goBack();
		await page.getByRole('link', { name: 'Open the scenario library' }).click();
		await expect(page).toHaveURL(`${server.url}/scenarios`);
	});
});

test.describe('an exercise seen in dark mode and on paper', () => {
	test.describe.configure({ mode: 'serial' });
	let server: AppServer;
	let admin: string;
	let session: { id: string; joinCode: string };
	let trainee: string;
	const api = (path: string) => `${server.url}/api/v1${path}`;

	async function call(method: string, path: string, token?: string, body?: unknown) {
		const res = await fetch(api(path), {
			method,
			headers: {
				'content-type': 'application/json',
				...(token ? { authorization: `Bearer ${token}` } : {})
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const text = await res.text();
		expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
		return text ? JSON.parse(text) : null;
	}

	async function signIn(page: Page) {
		await page.goto(`${server.url}/login`);
		await page.getByLabel('Email').fill(ADMIN.email);
		await page.getByLabel('Password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).not.toHaveURL(/\/login/);
	}

	async function traineePage(browser: Browser, colorScheme: 'light' | 'dark') {
		const context = await browser.newContext({ colorScheme });
		await context.addCookies([{ name: `st_p_${session.id}`, value: trainee, url: server.url }]);
		return context.newPage();
	}

	test.beforeAll(async () => {
		// The first library listing runs the path explorer over every bundled scenario.
		test.setTimeout(180_000);
		server = await new AppServer().start();
		admin = (await call('POST', '/auth/token', undefined, ADMIN)).token;
		await call('GET', '/scenarios', admin);
		session = await call('POST', '/sessions', admin, {
			scenarioId: SCENARIO,
			teams: ['Red'],
			release: 'manual',
			title: 'Looks journey'
		});
		const joined = await call('POST', '/join', undefined, {
			code: session.joinCode,
			name: 'Ana',
			team: 'Red',
			role: 'incident-commander'
		});
		trainee = joined.token;
		await call('POST', `/sessions/${session.id}/start`, admin);
		await call('POST', `/sessions/${session.id}/release`, admin, {});
		await call('POST', `/sessions/${session.id}/responses`, trainee, {
			injectId: 'month-end-briefing',
			decisionId: 'readiness-checks',
			value: { kind: 'multiple', optionIds: ['oob-bridge', 'backup-status'] },
			idempotencyKey: 'ana-0'
		});
	});
	test.afterAll(async () => server?.dispose());

	test('a friendly 404 with a way home, in both schemes', async ({ browser }) => {
		for (const colorScheme of ['light', 'dark'] as const) {
			const page = await (await browser.newContext({ colorScheme })).newPage();
			const response = await page.goto(`${server.url}/sessions/nope/nothing-here`);
			expect(response?.status()).toBe(404);
			await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
			await expectAccessible(page);
			await page.getByRole('link', { name: 'Go to the start page' }).click();
			await expect(page).toHaveURL(`${server.url}/`);
			await page.context().close();
		}
	});

	test('dark mode: login, library and the trainee page are dark and axe clean', async ({
		browser
	}) => {
		const context = await browser.newContext({ colorScheme: 'dark' });
		const page = await context.newPage();
		await page.goto(`${server.url}/login`);
		expect(await backgroundLuminance(page)).toBeLessThan(0.2);
		await expectAccessible(page);
		await signIn(page);
		await page.goto(`${server.url}/scenarios`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		expect(await backgroundLuminance(page)).toBeLessThan(0.2);
		await expectAccessible(page);
		await context.close();

		const play = await traineePage(browser, 'dark');
		await play.goto(`${server.url}/play/${session.id}`);
		await expect(play.getByText('Month-end', { exact: false }).first()).toBeVisible();
		expect(await backgroundLuminance(play)).toBeLessThan(0.2);
		await expectAccessible(play);
		await play.context().close();
	});

	test('the results chart renders beside its table, axe clean in light and dark', async ({
		browser
	}) => {
		await call('POST', `/sessions/${session.id}/end`, admin);
		await call('POST', `/sessions/${session.id}/reveal`, admin);
		for (const colorScheme of ['light', 'dark'] as const) {
			const page = await traineePage(browser, colorScheme);
			await page.goto(`${server.url}/play/${session.id}/results`);
			const figure = page.locator('figure.results-chart');
			await expect(figure).toHaveAttribute('data-ready', 'true');
			const canvas = figure.locator('canvas');
			await expect(canvas).toBeVisible();
			expect((await canvas.boundingBox())!.height).toBeGreaterThan(150);
			// The chart's text equivalent names each figure; the table carries the same ones.
			await expect(figure.getByRole('img')).toHaveAttribute(
				'aria-label',
				/your score and Red's per phase.*Preparation 57 and 57/
			);
			const prep = page.getByRole('row', { name: /Preparation/ });
			await expect(prep.locator('td')).toHaveText(['57%', '57%']);
			await expectAccessible(page);

			// On paper: no links back, a page per section.
			await page.emulateMedia({ media: 'print' });
			await expect(page.getByRole('link', { name: '← Back to the exercise' })).toBeHidden();
			const breaks = await page
				.locator('.print-section')
				.evaluateAll((els) => els.map((el) => getComputedStyle(el).breakBefore));
			expect(breaks).toEqual(['auto', 'page', 'page']);
			await page.context().close();
		}
	});

	test('the debrief on paper: no navigation, no buttons', async ({ page }) => {
		await signIn(page);
		await page.goto(`${server.url}/sessions/${session.id}/debrief`);
		await expect(page.getByRole('heading', { name: /After-action report/ })).toBeVisible();
		await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
		const buttons = page.locator('main button:visible');
		expect(await buttons.count()).toBeGreaterThan(0);

		await page.emulateMedia({ media: 'print' });
		await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
		await expect(page.locator('button:visible')).toHaveCount(0);
		await expect(page.locator('a.btn:visible')).toHaveCount(0);
		// The report itself is still there, in dark ink on white.
		await expect(page.getByRole('heading', { name: /After-action report/ })).toBeVisible();
		const colours = await page.evaluate(() => ({
			bg: getComputedStyle(document.documentElement).backgroundColor,
			ink: getComputedStyle(document.body).color
		}));
		expect(colours).toEqual({ bg: 'rgb(255, 255, 255)', ink: 'rgb(0, 0, 0)' });
	});
});
