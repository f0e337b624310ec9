/**
 * Makes the studio guide's screenshots (docs/studio.md) from the real app: run `npm run build`
 * first. Starts the production server on a temporary data folder, forks a bundled scenario,
 * breaks it, completes a key, publishes two versions, opens the structure view and provokes an
 * edit conflict, saving each view into docs/screenshots/studio-*.png.
 *
 *   npm run build && npm run screenshots:studio
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, expect, type Page } from '@playwright/test';
import { findChromium } from '../tests/support/browser';
import { ADMIN, AppServer } from '../tests/support/server';

const OUT = 'docs/screenshots';
const BUNDLED = 'ransomware-file-server';
const TITLE = 'EDR: suspicious process launched from a mounted disk image';

async function signIn(page: Page, base: string) {
	await page.goto(`${base}/login`);
	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario source (YAML)' });

async function replaceText(page: Page, text: string) {
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.insertText(text);
}

async function settled(page: Page) {
	await expect(page.locator('[data-save-status]')).toHaveAttribute('data-save-status', 'saved', {
		timeout: 20_000
	});
	await expect(page.getByText(/^Full check/)).toBeVisible({ timeout: 30_000 });
}

async function main() {
	mkdirSync(OUT, { recursive: true });
	const server = await new AppServer().start();
	const browser = await chromium.launch({
		executablePath: findChromium(),
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
	const shot = (page: Page, name: string, fullPage = false) =>
		page.screenshot({ path: `${OUT}/studio-${name}.png`, fullPage });
	try {
		const base = server.url;
		const viewport = { width: 1280, height: 1000 };
		const page = await (await browser.newContext({ viewport })).newPage();
		await signIn(page, base);
		await page.goto(`${base}/studio`);
		await page.getByLabel('Fork from the library').selectOption(BUNDLED);
		await page.getByRole('button', { name: 'Fork' }).click();
		await expect(page).toHaveURL(/\/studio\/[a-z0-9]{16}$/);
		const draftUrl = page.url();
		await settled(page);
		const forked = readFileSync(`scenarios/${BUNDLED}.yaml`, 'utf8').replace(
			/^id:.*$/m,
			`id: ${BUNDLED}-local`
		);

		// An error, shown in the gutter and the problems list, the editor at its line.
		const lines = forked.split('\n');
		const at = lines.findIndex((l) => /^\s+next: /.test(l));
		lines[at] = lines[at].replace(/next: .*/, 'next: nowhere-inject');
		await replaceText(page, lines.join('\n'));
		const problem = page.locator('button.problem').filter({ hasText: 'nowhere-inject' });
		await expect(problem).toBeVisible({ timeout: 20_000 });
		await problem.click();
		await shot(page, 'problems', true);

		// Completion of an inject's keys from the JSON Schema.
		await page.keyboard.press('End');
		await page.keyboard.press('Enter');
		await page.keyboard.press('ControlOrMeta+Space');
		await expect(page.locator('.cm-tooltip-autocomplete')).toBeVisible();
		await shot(page, 'completion');
		await page.keyboard.press('Escape');

		// Fixed and published twice; the history's diff.
		await replaceText(page, forked.replace(`title: '${TITLE}'`, `title: 'EDR: first version'`));
		await settled(page);
		await page.getByRole('button', { name: 'Publish' }).click();
		await expect(page.getByText('Published version 1')).toBeVisible({ timeout: 30_000 });
		await replaceText(page, forked.replace(`title: '${TITLE}'`, `title: 'EDR: second version'`));
		await settled(page);
		await page.getByRole('button', { name: 'Publish' }).click();
		await expect(page.getByText('Published version 2')).toBeVisible({ timeout: 30_000 });
		await page.locator('#publish-title').scrollIntoViewIfNeeded();
		await shot(page, 'published');
		await page.goto(`${draftUrl}/history`);
		await shot(page, 'history', true);

		// The structure view: the branch graph, with a team decision's inject open in its form.
		await page.goto(draftUrl);
		await expect(editor(page)).toBeVisible();
		await page.getByRole('button', { name: 'Structure', exact: true }).click();
		const node = page.locator('[data-node="inject:ws-decision"]');
		await node.locator('button.head').click();
		await node.scrollIntoViewIfNeeded();
		await page.getByRole('button', { name: 'Structure', exact: true }).scrollIntoViewIfNeeded();
		await shot(page, 'structure');

		// Two people on one draft: the second is told and keeps their work.
		const other = await (await browser.newContext({ viewport })).newPage();
		await signIn(other, base);
		await other.goto(draftUrl);
		await expect(editor(other)).toBeVisible();
		await page.goto(draftUrl);
		await replaceText(page, `# A change saved first\n${forked}`);
		await settled(page);
		await replaceText(other, `# A change made at the same time\n${forked}`);
		await expect(other.getByText('edited this draft at')).toBeVisible({ timeout: 20_000 });
		await other.evaluate(() => window.scrollTo(0, 0));
		await other.screenshot({ path: `${OUT}/studio-conflict.png` });

		await page.goto(`${base}/studio`);
		await shot(page, 'drafts');
	} finally {
		await browser.close();
		await server.dispose();
	}
}

await main();
