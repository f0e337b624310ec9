/**
 * People as the journeys play them, through the real pages: a trainee joining with a code in a
 * browser context of their own, and staff signing in. One copy, so a change to the join or sign-in
 * page is mended once.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import { ADMIN } from './server';

export interface Joiner {
	name: string;
	team: string;
	/** The role's name as the join page shows it (matched at the start of the radio's label). */
	role: string;
}

/** Joins `code` at `base` as `who` in a new browser context; returns their exercise page. */
export async function joinAs(
	browser: Browser,
	base: string,
	code: string,
	who: Joiner,
	options: Parameters<Browser['newContext']>[0] = {}
): Promise<Page> {
	const page = await (await browser.newContext(options)).newPage();
	await page.goto(`${base}/join?code=${code}`);
	await page.getByLabel('Your name').fill(who.name);
	await page.getByLabel('Team', { exact: true }).selectOption({ label: who.team });
	await page.getByRole('radio', { name: new RegExp(`^${who.role}`) }).check();
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page).toHaveURL(/\/play\/[0-9a-f]{16}$/);
	return page;
}

/** Signs `page` in at `base` through the login form (the first admin by default). */
export async function signIn(
	page: Page,
	base: string,
	who: { email: string; password: string } = ADMIN
): Promise<void> {
	await page.goto(`${base}/login`);
	await page.getByLabel('Email').fill(who.email);
	await page.getByLabel('Password').fill(who.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).not.toHaveURL(/\/login/);
}
