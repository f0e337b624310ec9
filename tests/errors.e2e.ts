import { expect, test } from '@playwright/test';
import { AppServer } from './support/server';

let app: AppServer;

test.beforeAll(async () => {
	app = await new AppServer().start();
});

test.afterAll(async () => {
	await app.dispose();
});

test('an unknown address shows a plain 404 with a way home, and every response has a request id', async ({
	page
}) => {
	const response = await page.goto(`${app.url}/no/such/page`);
	expect(response?.status()).toBe(404);
	expect(response?.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { name: 'This page does not exist' })).toBeVisible();
	await page.getByRole('link', { name: 'Go to the start page' }).click();
	await expect(page).toHaveURL(`${app.url}/`);
});
