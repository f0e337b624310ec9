/**
 * The trainee pages load their live code (stream, patching) after the page is up, by a dynamic
 * import. When that one request fails (a network blip just after the page came), the page must
 * try again by itself and then follow the exercise live, without a reload: on the play page and
 * on the team room page.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AppServer } from './support/server';
import {
	adminToken,
	bearer,
	call,
	createSession,
	joinSession,
	staff,
	type SessionInfo
} from './security/support';

/** The URL path of the built chunk that holds src/lib/trainee/live-updates.ts. */
function liveUpdatesChunk(): string {
	const manifest = JSON.parse(
		readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')
	) as Record<string, { file: string }>;
	const entry = manifest['src/lib/trainee/live-updates.ts'];
	expect(entry, 'live-updates.ts is a chunk of its own in the build').toBeTruthy();
	return `/${entry.file}`;
}

/** Makes the first request for the live chunk fail; counts every request for it. */
async function failFirstLoad(page: Page): Promise<() => number> {
	const chunk = liveUpdatesChunk();
	let requests = 0;
	await page.route(
		(url) => url.pathname === chunk,
		async (route) => {
			requests += 1;
			if (requests === 1) await route.abort('internetdisconnected');
			else await route.continue();
		}
	);
	return () => requests;
}

let server: AppServer;
let admin: string;
let session: SessionInfo;

test.beforeAll(async () => {
	server = await new AppServer().start();
	admin = await adminToken(server);
	session = await createSession(server, admin, {
		scenarioId: 'ransomware-file-server',
		teams: ['Red']
	});
	await staff(server, admin, session.id, 'start');
});
test.afterAll(async () => server?.dispose());

async function traineePage(page: Page, name: string): Promise<void> {
	const trainee = await joinSession(server, session.joinCode, {
		name,
		team: 'Red',
		role: 'soc-analyst'
	});
	await page
		.context()
		.addCookies([{ name: `st_p_${session.id}`, value: trainee.token, url: server.url }]);
}

test('the play page loads its live code again after a failed first load, then follows releases', async ({
	page
}) => {
	await traineePage(page, 'Pia');
	const requests = await failFirstLoad(page);
	await page.goto(`${server.url}/play/${session.id}`);
	// The first attempt failed; the second (about 2 s later) loaded and connected the stream.
	await expect.poll(requests, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
	await staff(server, admin, session.id, 'release', { injectId: 'edr-iso-alert' });
	await expect(page.locator('[data-inject="edr-iso-alert"]')).toBeVisible({ timeout: 15_000 });
});

test('the team room page does the same, then shows a message posted after it loaded', async ({
	page
}) => {
	await traineePage(page, 'Rui');
	const requests = await failFirstLoad(page);
	await page.goto(`${server.url}/play/${session.id}/room?channel=room`);
	await expect.poll(requests, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
	const text = 'Exercise control: the EDR console is back up.';
	// Posted after the page loaded: only the stream (which catches up from the page's position)
	// can bring it without a reload.
	const res = await call(server, 'POST', `/api/v1/sessions/${session.id}/chat`, {
		headers: bearer(admin),
		json: { channel: 'room', text }
	});
	expect(res.status, res.text).toBe(201);
	await expect(page.locator('#chat li.msg', { hasText: text })).toBeVisible({ timeout: 15_000 });
});
