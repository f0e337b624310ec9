/**
 * Issue 12's journey in one go, as a facilitator adapting a bundled scenario for their own
 * organisation: name the organisation in the profile, fork the bundled ransomware scenario, add
 * an inject and a team decision with two options in the structure view's forms, break a line in
 * the source view and fix it where the problems list points, play-test with bots to a preview
 * debrief, publish, run a session on the new version (a trainee reads the organisation's name),
 * then publish again and see the older session keep the version it was created with.
 */
import { expect, test, type Page } from '@playwright/test';
import { loadScenario } from '../src/lib/engine/scenario/load';
import { joinAs, signIn } from './support/people';
import { AppServer } from './support/server';
import {
	addInjectWithForm,
	addTeamDecisionWithForm,
	frozenScenario,
	storedDraft
} from './support/studio';
import { adminToken, createAccount, PASSWORD } from './security/support';

const BUNDLED = 'ransomware-file-server';
const FAY = { email: 'fay.journey@sandtable.test', password: PASSWORD };

let server: AppServer;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await new AppServer().start();
	await createAccount(server, await adminToken(server), 'facilitator', FAY.email);
});
test.afterAll(async () => {
	await server?.dispose();
});

const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario source (YAML)' });

async function savedAndChecked(page: Page) {
	await expect(page.locator('[data-save-status]')).toHaveAttribute('data-save-status', 'saved', {
		timeout: 20_000
	});
	await expect(page.getByText(/^Full check/)).toBeVisible({ timeout: 30_000 });
}

async function publish(page: Page, scenarioId: string, version: number) {
	const button = page.getByRole('button', { name: 'Publish' });
	await expect(button).toBeEnabled({ timeout: 30_000 });
	await button.click();
	await expect(
		page.getByRole('status').filter({ hasText: `Published version ${version} of ${scenarioId}` })
	).toBeVisible({ timeout: 30_000 });
}

async function runSession(page: Page, scenarioId: string, title: string) {
	await page.getByRole('link', { name: 'Create a session on it' }).click();
	await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue(scenarioId);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Teams', { exact: true }).fill('Blue');
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	return {
		id: page.url().split('/').pop()!,
		code: (await page.locator('.code').textContent())!.trim()
	};
}

test('adapt a bundled scenario in the studio, play-test it, publish and run it', async ({
	page,
	browser
}) => {
	test.setTimeout(480_000);
	await signIn(page, server.url, FAY);

	// The organisation's name, once, in the profile.
	// (Once the page has loaded whole: a value typed before the form is hydrated can be lost.)
	await page.goto(`${server.url}/organisation`, { waitUntil: 'networkidle' });
	await page.getByLabel(/^Organisation name/).fill('Contoso Ltd');
	await page.getByRole('button', { name: 'Save the profile' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved. New sessions use it.');
	await expect(page.getByLabel(/^Organisation name/)).toHaveValue('Contoso Ltd');

	// Fork the bundled scenario.
	await page.goto(`${server.url}/studio`);
	await page.getByLabel('Fork from the library').selectOption(BUNDLED);
	await page.getByRole('button', { name: 'Fork' }).click();
	await expect(page).toHaveURL(/\/studio\/[a-z0-9]{16}$/);
	const draftUrl = page.url();
	await savedAndChecked(page);
	const scenarioId = (await page.locator('p.muted code').first().textContent())!;

	// An inject and a team decision with two scored options, in the structure view's forms.
	await page.getByRole('button', { name: 'Structure', exact: true }).click();
	const graph = page.getByRole('region', { name: 'Branch graph' });
	await addInjectWithForm(page, {
		id: 'cfo-call',
		title: 'The CFO calls the bridge',
		channel: 'phone',
		phase: 'recovery',
		after: 'press-enquiry',
		delay: '2m',
		body: 'The CFO of {{org.name}} wants a date.'
	});
	const call = graph.locator('[data-node="inject:cfo-call"]');
	await expect(call).toContainText('The CFO calls the bridge');

	await addTeamDecisionWithForm(
		page,
		'cfo-call',
		{ id: 'cfo-answer', prompt: 'What do you tell the CFO?', decider: 'incident-commander' },
		[
			{
				id: 'honest-eta',
				label: 'An honest estimate, with its caveats',
				scores: { recovery: '4' },
				next: 'close-disruption'
			},
			{ id: 'promise-today', label: 'Promise it is back today', scores: { recovery: '-3' } }
		]
	);
	await expect(call.getByRole('button', { name: /Decision cfo-answer \(team\)/ })).toBeVisible();
	await savedAndChecked(page);
	const withForms = storedDraft(server, draftUrl);
	expect(withForms).toContain('  - id: cfo-call\n');
	expect(withForms).toContain('            next: close-disruption\n');

	// A mistake in the source view: the problems list shows it at its line, and it is fixed there.
	await page.getByRole('button', { name: 'Source', exact: true }).click();
	const lines = withForms.split('\n');
	const at = lines.indexOf('            next: close-disruption');
	lines[at] = '            next: close-disruptoin';
	const broken = lines.join('\n');
	const cli = loadScenario(broken, `${scenarioId}.yaml`).errors[0];
	expect(cli.line).toBe(at + 1);
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.insertText(broken);
	const problem = page.locator('button.problem').filter({ hasText: cli.message });
	await expect(problem).toContainText(`${cli.line}:${cli.column}`, { timeout: 20_000 });
	await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
	await problem.click();
	await expect(page.locator('.cm-activeLine')).toContainText('next: close-disruptoin');
	await page.keyboard.press('Shift+End');
	await page.keyboard.type('close-disruption');
	await expect(page.locator('.cm-activeLine')).toContainText('next: close-disruption');
	await savedAndChecked(page);
	await expect(page.getByText('No problems.')).toBeVisible();
	expect(storedDraft(server, draftUrl)).toBe(withForms);

	// Play-tested with bots: a preview debrief, the best bot never behind the worst.
	const panel = page.getByRole('region', { name: 'Play-test this draft' });
	await panel.getByLabel('Best', { exact: true }).fill('1');
	await panel.getByLabel('Worst', { exact: true }).fill('1');
	await panel.getByLabel('Random', { exact: true }).fill('1');
	await panel.getByRole('button', { name: 'Play-test' }).click();
	await expect(panel.getByRole('status')).toContainText('Preview debrief', { timeout: 90_000 });
	await expect(panel.locator('[data-bot]')).toHaveCount(3);
	const points = (strategy: string) =>
		panel
			.locator(`[data-bot="${strategy}"] td[data-points]`)
			.evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-points'))));
	const [best, worst] = [await points('best'), await points('worst')];
	expect(best.length).toBeGreaterThan(0);
	expect(best.reduce((a, b) => a + b, 0)).toBeGreaterThan(worst.reduce((a, b) => a + b, 0));

	// Published, and a session run on it: the trainee reads the organisation's own name.
	await publish(page, scenarioId, 1);
	const older = await runSession(page, scenarioId, 'Contoso drill, version 1');
	const trainee = await joinAs(browser, server.url, older.code, {
		name: 'Sam',
		team: 'Blue',
		role: 'Incident commander'
	});
	await page.getByRole('button', { name: 'Start the exercise' }).click();
	await expect(trainee.getByText(/last business day of April at Contoso Ltd/)).toBeVisible({
		timeout: 30_000
	});
	expect(frozenScenario(server, older.id)).toContain('The CFO of Contoso Ltd wants a date.');

	// Version 2 (the call retitled in its form): a new session gets it, the older one keeps 1.
	await page.goto(draftUrl);
	await page.getByRole('button', { name: 'Structure', exact: true }).click();
	await call.getByRole('button', { name: /The CFO calls the bridge/ }).click();
	const editCall = page.getByRole('form', { name: 'Edit inject cfo-call' });
	await editCall.getByLabel('Title').fill('The CFO calls again');
	await editCall.getByRole('button', { name: 'Save the inject' }).click();
	await expect(call).toContainText('The CFO calls again');
	await savedAndChecked(page);
	await publish(page, scenarioId, 2);
	const newer = await runSession(page, scenarioId, 'Contoso drill, version 2');
	expect(frozenScenario(server, newer.id)).toContain('The CFO calls again');
	expect(frozenScenario(server, older.id)).toContain('The CFO calls the bridge');
	expect(frozenScenario(server, older.id)).not.toContain('The CFO calls again');
	await trainee.reload();
	await expect(trainee.getByText(/last business day of April at Contoso Ltd/)).toBeVisible();
	await trainee.context().close();
});
