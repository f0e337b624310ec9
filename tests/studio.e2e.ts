/**
 * The scenario studio against the real build, as facilitators use it: fork a bundled scenario,
 * break it and see the checker's message at its line in the problems list (the CLI's message,
 * computed here with the same engine), fix it, publish, run a session on it, publish again and
 * see the older session keep the version it was created with; the history's diff; a closed tab
 * that loses nothing; and two people saving the same draft, told of it, neither losing work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { loadScenario } from '../src/lib/engine/scenario/load';
import { signIn } from './support/people';
import { ADMIN, AppServer } from './support/server';
import {
	addInjectWithForm,
	addTeamDecisionWithForm,
	frozenScenario,
	storedDraft
} from './support/studio';
import { adminToken, createAccount, PASSWORD } from './security/support';

const BUNDLED = 'ransomware-file-server';
const FORKED = `${BUNDLED}-local`;
const TITLE = 'EDR: suspicious process launched from a mounted disk image';
const FAY = { email: 'fay.facilitator@sandtable.test', password: PASSWORD };

let server: AppServer;
const original = readFileSync(join('scenarios', `${BUNDLED}.yaml`), 'utf8');
/** What the fork holds: the bundled file under an id of its own. */
const forked = original.replace(/^id:.*$/m, `id: ${FORKED}`);
const withTitle = (title: string) => forked.replace(`title: '${TITLE}'`, `title: '${title}'`);

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await new AppServer().start();
	expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	await createAccount(server, await adminToken(server), 'facilitator', FAY.email);
});
test.afterAll(async () => {
	await server?.dispose();
});

const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario source (YAML)' });
const saveStatus = (page: Page) => page.locator('[data-save-status]');

/** Replaces the editor's whole text as typing would (one input into CodeMirror). */
async function replaceText(page: Page, text: string) {
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.insertText(text);
}

async function waitSavedAndChecked(page: Page) {
	await expect(saveStatus(page)).toHaveAttribute('data-save-status', 'saved', { timeout: 15_000 });
	await expect(page.getByText(/^Full check/)).toBeVisible({ timeout: 20_000 });
}

async function forkBundled(page: Page): Promise<string> {
	await page.goto(`${server.url}/studio`);
	await page.getByLabel('Fork from the library').selectOption(BUNDLED);
	await page.getByRole('button', { name: 'Fork' }).click();
	await expect(page).toHaveURL(/\/studio\/[a-z0-9]{16}$/);
	await expect(editor(page)).toBeVisible();
	return page.url();
}

async function publish(page: Page, version: number) {
	const button = page.getByRole('button', { name: 'Publish' });
	await expect(button).toBeEnabled({ timeout: 20_000 });
	await button.click();
	await expect(
		page.getByRole('status').filter({ hasText: `Published version ${version} of ${FORKED}` })
	).toBeVisible({
		timeout: 30_000
	});
}

async function createSessionFromPublished(page: Page, title: string): Promise<string> {
	await page.getByRole('link', { name: 'Create a session on it' }).click();
	await expect(page.getByLabel('Scenario', { exact: true })).toHaveValue(FORKED);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByRole('button', { name: 'Create session' }).click();
	await expect(page).toHaveURL(/\/sessions\/[0-9a-f]{16}$/);
	return page.url().split('/').pop()!;
}

test('fork, break, fix, publish twice: sessions keep the version they were created with', async ({
	page
}) => {
	test.setTimeout(240_000);
	await signIn(page, server.url, FAY);
	const draftUrl = await forkBundled(page);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Month-end lockout');
	await waitSavedAndChecked(page);

	// A deliberate error: an option releasing an inject that does not exist.
	const lines = withTitle('EDR: version one').split('\n');
	const at = lines.findIndex((l) => /^\s+next: /.test(l));
	lines[at] = lines[at].replace(/next: .*/, 'next: nowhere-inject');
	const broken = lines.join('\n');
	const cli = loadScenario(broken, `${FORKED}.yaml`).errors[0];
	expect(cli.line).toBe(at + 1);
	await replaceText(page, broken);
	const problem = page.locator('button.problem').filter({ hasText: cli.message });
	await expect(problem).toContainText(`${cli.line}:${cli.column}`, { timeout: 15_000 });
	// It is saved all the same (drafts may be invalid), but cannot be published.
	await expect(saveStatus(page)).toHaveAttribute('data-save-status', 'saved', { timeout: 15_000 });
	await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
	await expect(page.getByLabel('Why it cannot be published yet')).toContainText(
		'the checker found'
	);
	// The problems list jumps to the spot.
	await problem.click();
	await expect(page.locator('.cm-activeLine')).toContainText('next: nowhere-inject');
	await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible();

	// Fixed there with the completion of inject ids, then F12 goes to the inject's definition.
	await page.keyboard.press('Shift+End');
	await page.keyboard.type('ws-con');
	await page.keyboard.press('Control+Space');
	const option = page.locator('.cm-tooltip-autocomplete li').filter({ hasText: 'ws-contained' });
	await expect(option.first()).toBeVisible();
	await option.first().click();
	await expect(page.locator('.cm-activeLine')).toContainText('next: ws-contained');
	await page.keyboard.press('ArrowLeft');
	await page.keyboard.press('F12');
	await expect(page.locator('.cm-activeLine')).toContainText('- id: ws-contained');

	// Fixed: published as version 1, and a session created on it.
	await waitSavedAndChecked(page);
	await expect(page.getByText('No problems.')).toBeVisible();
	await publish(page, 1);
	const first = await createSessionFromPublished(page, 'Run on version one');
	expect(frozenScenario(server, first)).toContain('EDR: version one');

	// Version 2: the older session keeps version 1; a new one gets version 2.
	await page.goto(draftUrl);
	await replaceText(page, withTitle('EDR: version two'));
	await waitSavedAndChecked(page);
	await publish(page, 2);
	const second = await createSessionFromPublished(page, 'Run on version two');
	expect(frozenScenario(server, second)).toContain('EDR: version two');
	expect(frozenScenario(server, first)).toContain('EDR: version one');
	expect(frozenScenario(server, first)).not.toContain('EDR: version two');

	// History: who published what, and the diff between the two.
	await page.goto(`${draftUrl}/history`);
	const rows = page.getByRole('row');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(1)).toContainText('facilitator fay.facilitator');
	const diff = page.getByLabel('Line diff');
	await expect(diff.locator('.remove')).toContainText(['EDR: version one']);
	await expect(diff.locator('.add')).toContainText(['EDR: version two']);
	await expect(page.getByRole('heading', { name: /Version 1 → 2/ })).toContainText('+1');
});

test('a closed tab loses nothing: the browser’s copy comes back', async ({ browser }) => {
	test.setTimeout(120_000);
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, server.url, FAY);
	const url = await forkBundled(page);
	await waitSavedAndChecked(page);
	// Typed, then the tab is closed before the autosave's pause is over.
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+Home');
	await page.keyboard.insertText('# typed just before closing the tab\n');
	await page.waitForTimeout(400);
	await page.close();

	const again = await context.newPage();
	await again.goto(url);
	await expect(again.getByText(/Restored changes this browser kept/)).toBeVisible();
	await expect(editor(again)).toContainText('typed just before closing the tab');
	await expect(saveStatus(again)).toHaveAttribute('data-save-status', 'saved', { timeout: 15_000 });
	await again.reload();
	await expect(editor(again)).toContainText('typed just before closing the tab');
	await context.close();
});

test('two people saving the same draft: the second is told, and neither loses work', async ({
	browser
}) => {
	// Two editors checking a 2,000-line draft at once: under CI's load this has taken over 100 s.
	test.setTimeout(240_000);
	const fay = await (await browser.newContext()).newPage();
	const ada = await (await browser.newContext()).newPage();
	await signIn(fay, server.url, FAY);
	await signIn(ada, server.url, ADMIN);
	const url = await forkBundled(fay);
	await waitSavedAndChecked(fay);
	await ada.goto(url);
	await expect(editor(ada)).toBeVisible();

	await replaceText(fay, `# Fay's change\n${forked}`);
	await expect(saveStatus(fay)).toHaveAttribute('data-save-status', 'saved', { timeout: 15_000 });

	await replaceText(ada, `# Ada's change\n${forked}`);
	const banner = ada.getByRole('alert').filter({ hasText: 'edited this draft at' });
	await expect(banner).toContainText('facilitator fay.facilitator edited this draft at');
	await expect(saveStatus(ada)).toHaveAttribute('data-save-status', 'conflict');

	// A draft over the upload limit is refused with a message and changes nothing.
	const reply = await fay.evaluate(async () => {
		const body = new FormData();
		body.append('yaml', `# ${'x'.repeat(1_048_576)}`);
		body.append('revision', '1');
		const r = await fetch(`${location.pathname}?/save`, {
			method: 'POST',
			body,
			headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
		});
		return r.text();
	});
	expect(reply).toContain('the limit is 1,048,576 bytes');

	// Fay's version stands on the server.
	await fay.reload();
	await expect(editor(fay)).toContainText("Fay's change");
	await expect(editor(fay)).not.toContainText("Ada's change");

	// Ada keeps hers as a new draft.
	await banner.getByRole('button', { name: 'Keep mine as a copy' }).click();
	await expect(ada).not.toHaveURL(url);
	await expect(ada).toHaveURL(/\/studio\/[a-z0-9]{16}$/);
	await expect(editor(ada)).toContainText("Ada's change");
	await expect(editor(ada)).not.toContainText("Fay's change");
});

test('without JavaScript a draft is a plain form that saves', async ({ browser }) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, server.url, FAY);
	await page.goto(`${server.url}/studio`);
	await page.getByRole('button', { name: 'New scenario' }).click();
	await expect(page).toHaveURL(/\/studio\/[a-z0-9]{16}$/);
	const source = page.getByLabel('Scenario source (YAML)');
	const text = await source.inputValue();
	expect(text).toMatch(/^id: new-scenario/m);
	await source.fill(`# saved without JavaScript\n${text}`);
	await page.getByRole('button', { name: 'Save' }).click();
	await page.goto(page.url());
	await expect(page.getByLabel('Scenario source (YAML)')).toHaveValue(
		/^# saved without JavaScript\n/
	);
	await context.close();
});

test('an artefact template at the cursor, then a play-test with bots to a preview debrief', async ({
	page
}) => {
	test.setTimeout(180_000);
	const { applyPlacement, placeTemplate, templateById } =
		await import('../src/lib/studio/artefact-templates');
	await signIn(page, server.url, FAY);
	await forkBundled(page);
	await waitSavedAndChecked(page);
	// Its id: `<bundled>-local`, or `-local-2`... when an earlier test published that one.
	const id = (await page
		.locator('p', { hasText: 'draft of' })
		.locator('code')
		.first()
		.textContent())!;
	const forked = original.replace(/^id:.*$/m, `id: ${id}`);

	// The cursor inside the EDR alert's fields: the text after it typed first, then the text before.
	const marker = '{ name: Alert ID, value: EDR-20260430-000817 }';
	const cut = forked.indexOf(marker) + marker.length;
	await replaceText(page, forked.slice(cut));
	await page.keyboard.press('ControlOrMeta+Home');
	await page.keyboard.insertText(forked.slice(0, cut));
	const templates = page.getByRole('region', { name: 'Artefact templates' });
	await templates.getByLabel('Template').selectOption('win-logons');
	await templates.getByRole('button', { name: 'Insert at cursor' }).click();
	await expect(templates.getByRole('status')).toContainText('Inserted log artefact “win-logons”');
	// The same placement the module computes: after the alert, in the inject's artefacts.
	const placement = placeTemplate(forked, cut, templateById('win-logons')!)!;
	const withLog = applyPlacement(forked, placement);
	expect(withLog.indexOf('id: win-logons')).toBeGreaterThan(cut);
	await expect(editor(page)).toContainText('4625 | svc-backup');
	await waitSavedAndChecked(page);
	await expect(page.getByText('No problems.')).toBeVisible();

	// Play-tested with one best and one worst bot.
	const panel = page.getByRole('region', { name: 'Play-test this draft' });
	await panel.getByLabel('Best', { exact: true }).fill('1');
	await panel.getByLabel('Worst', { exact: true }).fill('1');
	await panel.getByLabel('Random', { exact: true }).fill('0');
	await panel.getByRole('button', { name: 'Play-test' }).click();
	await expect(panel.getByRole('status')).toContainText('Preview debrief', { timeout: 60_000 });
	await expect(panel.getByRole('heading', { name: 'Best bot', level: 3 })).toBeVisible();
	await expect(panel.getByRole('heading', { name: 'Worst bot', level: 3 })).toBeVisible();
	await expect(panel.locator('[data-bot]')).toHaveCount(2);
	await expect(panel.getByLabel('What the path explorer found')).toContainText(/\d+ paths/);
	const pointsOf = async (strategy: string) =>
		(await panel
			.locator(`[data-bot="${strategy}"] td[data-points]`)
			.evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-points'))))) as number[];
	const best = await pointsOf('best');
	const worst = await pointsOf('worst');
	expect(best.length).toBeGreaterThan(1);
	expect(best).toHaveLength(worst.length);
	for (const [i, points] of best.entries()) expect(points).toBeGreaterThanOrEqual(worst[i]);
	expect(best.reduce((s, x) => s + x, 0)).toBeGreaterThan(worst.reduce((s, x) => s + x, 0));
	// The best bot reaches an ending; its way is listed step by step.
	await expect(panel.locator('[data-bot="best"] .badge').first()).not.toHaveText(
		'No ending reached'
	);
	await expect(panel.locator('[data-bot="best"] summary')).toContainText(/\(\d+ steps\)/);

	// A deliberate error: the located error, word for word the CLI's, instead of a debrief.
	const lines = withLog.split('\n');
	const at = lines.findIndex((l) => /^\s+next: /.test(l));
	lines[at] = lines[at].replace(/next: .*/, 'next: nowhere-inject');
	const broken = lines.join('\n');
	const cli = loadScenario(broken, `${id}.yaml`).errors[0];
	await replaceText(page, broken);
	await panel.getByRole('button', { name: 'Play-test' }).click();
	const refused = panel.getByRole('alert');
	await expect(refused).toContainText('Not played: the checker found', { timeout: 60_000 });
	await expect(refused.getByRole('list', { name: 'Play-test errors' })).toContainText(
		`${id}.yaml:${cli.line}:${cli.column}: ${cli.message}`
	);
	await expect(panel.locator('[data-bot]')).toHaveCount(0);
});

test.describe('structure view', () => {
	test('add an inject and a branching decision with the forms, undo, redo, publish', async ({
		page
	}) => {
		test.setTimeout(240_000);
		await signIn(page, server.url, FAY);
		const url = await forkBundled(page);
		await waitSavedAndChecked(page);
		const scenarioId = await page.locator('p.muted code').first().textContent();

		await page.getByRole('button', { name: 'Structure', exact: true }).click();
		const graph = page.getByRole('region', { name: 'Branch graph' });
		await expect(graph.locator('[data-node="inject:edr-iso-alert"]')).toBeVisible();
		await expect(editor(page)).toBeHidden();

		// A new inject, released two minutes after the press enquiry.
		await addInjectWithForm(page, {
			id: 'studio-call',
			title: 'Studio: the CFO calls the bridge',
			channel: 'phone',
			phase: 'recovery',
			after: 'press-enquiry',
			delay: '2m',
			body: 'The CFO asks **when** the close resumes.'
		});
		const call = graph.locator('[data-node="inject:studio-call"]');
		await expect(call).toContainText('Studio: the CFO calls the bridge');
		await expect(call).toContainText('after press-enquiry +2m');

		// A team decision with two scored options, one branching to an existing inject.
		await addTeamDecisionWithForm(
			page,
			'studio-call',
			{
				id: 'cfo-answer',
				prompt: 'What do you tell the CFO?',
				decider: 'incident-commander',
				deadline: '5m'
			},
			[
				{
					id: 'honest-eta',
					label: 'Give an honest estimate with caveats',
					scores: { recovery: '4', containment: '1' },
					next: 'close-disruption'
				},
				{ id: 'promise-today', label: 'Promise it is back today', scores: { recovery: '-3' } }
			]
		);

		const decision = call.getByRole('button', { name: /Decision cfo-answer \(team\) · 5m/ });
		await expect(decision).toBeVisible();
		await expect(call.getByRole('button', { name: /honest estimate/ })).toContainText(
			'containment +1, recovery +4'
		);
		await expect(call.getByRole('button', { name: /Promise it is back/ })).toContainText(
			'recovery -3'
		);
		await expect(
			graph.locator('path.link-next title', { hasText: 'next: honest-eta → close-disruption' })
		).toHaveCount(1);

		// The source holds them, and the original's comments are still there.
		await waitSavedAndChecked(page);
		await expect(page.locator('.problems .badge')).toContainText('0 errors');
		const saved = storedDraft(server, url);
		expect(saved).toContain(
			[
				'  - id: studio-call',
				"    title: 'Studio: the CFO calls the bridge'",
				'    phase: recovery',
				'    channel: phone',
				'    after: press-enquiry',
				'    delay: 2m',
				'    body: The CFO asks **when** the close resumes.',
				'    decisions:',
				'      - id: cfo-answer',
				'        kind: single',
				'        prompt: What do you tell the CFO?',
				'        team: { decider: incident-commander }',
				'        deadline: 5m',
				'        options:',
				'          - id: honest-eta',
				'            label: Give an honest estimate with caveats',
				'            scores: { containment: 1, recovery: 4 }',
				'            next: close-disruption',
				'          - id: promise-today',
				'            label: Promise it is back today',
				'            scores: { recovery: -3 }',
				''
			].join('\n')
		);
		for (const comment of original.split('\n').filter((l) => /^\s*#/.test(l))) {
			expect(saved).toContain(comment);
		}
		expect(saved.split('\n').length - forked.split('\n').length).toBe(21);

		// Show in source: the source view opens with the cursor on the inject's line.
		await call.getByRole('button', { name: /Studio: the CFO calls/ }).click();
		await page.getByRole('button', { name: 'Show in source' }).click();
		await expect(editor(page)).toBeVisible();
		await expect(page.locator('.cm-activeLine')).toContainText('- id: studio-call');
		await page.keyboard.press('ControlOrMeta+Home');
		await expect(editor(page)).toContainText('# yaml-language-server');

		// Ctrl-Z in the source undoes the last form edit; Redo in the structure view brings it back.
		await page.keyboard.press('ControlOrMeta+z');
		await page.getByRole('button', { name: 'Structure', exact: true }).click();
		await expect(call).toBeVisible();
		await expect(decision).toHaveCount(0);
		await page.getByRole('button', { name: 'Redo' }).click();
		await expect(decision).toBeVisible();
		await page.getByRole('button', { name: 'Undo' }).click();
		await expect(decision).toHaveCount(0);
		await page.getByRole('button', { name: 'Redo' }).click();
		await expect(decision).toBeVisible();
		await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();

		// A refused edit says why and changes nothing.
		await call.getByRole('button', { name: /Studio: the CFO calls/ }).click();
		const again = page.getByRole('form', { name: 'Add a decision to studio-call' });
		await again.getByLabel('Decision id').fill('cfo-answer');
		await again.getByLabel('Prompt (Markdown)').fill('Again?');
		await again.getByRole('group', { name: 'Option 1' }).getByLabel('Option id').fill('a');
		await again.getByRole('group', { name: 'Option 1' }).getByLabel('Label').fill('A');
		await again.getByRole('group', { name: 'Option 2' }).getByLabel('Option id').fill('b');
		await again.getByRole('group', { name: 'Option 2' }).getByLabel('Label').fill('B');
		await again.getByRole('button', { name: 'Add the decision' }).click();
		await expect(page.getByRole('alert')).toContainText("There is already a decision 'cfo-answer'");

		await waitSavedAndChecked(page);
		expect(storedDraft(server, url)).toBe(saved);

		// The inject's title and timing, and the decision's deadline, edited in place.
		const editCall = page.getByRole('form', { name: 'Edit inject studio-call' });
		await editCall.getByLabel('Title').fill('Studio: the CFO calls again');
		await editCall.getByLabel('Delay').fill('4m');
		await editCall.getByRole('button', { name: 'Save the inject' }).click();
		await expect(call).toContainText('Studio: the CFO calls again');
		await expect(call).toContainText('after press-enquiry +4m');
		await decision.click();
		await page.getByLabel('Deadline').fill('8m');
		await page.getByRole('button', { name: 'Set the deadline' }).click();
		await expect(
			call.getByRole('button', { name: /Decision cfo-answer \(team\) · 8m/ })
		).toBeVisible();
		await waitSavedAndChecked(page);
		expect(storedDraft(server, url)).toBe(
			saved
				.replace(
					"title: 'Studio: the CFO calls the bridge'",
					"title: 'Studio: the CFO calls again'"
				)
				.replace('    delay: 2m\n    body: The CFO', '    delay: 4m\n    body: The CFO')
				.replace('        deadline: 5m\n        options:', '        deadline: 8m\n        options:')
		);
		const button = page.getByRole('button', { name: 'Publish' });
		await expect(button).toBeEnabled({ timeout: 20_000 });
		await button.click();
		await expect(
			page.getByRole('status').filter({ hasText: `Published version 1 of ${scenarioId}` })
		).toBeVisible({ timeout: 30_000 });
	});
});
