/**
 * What the studio's journeys share: the stored draft and frozen scenario read from the data
 * folder, and the structure view's two forms filled in as a facilitator does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AppServer } from './server';

/** The draft at `draftUrl` as the server stored it, with `\n` line ends (the autosave posts CRLF). */
export function storedDraft(server: AppServer, draftUrl: string): string {
	const file = join(server.dataDir, 'studio', 'drafts', `${draftUrl.split('/').pop()}.json`);
	return (JSON.parse(readFileSync(file, 'utf8')) as { yaml: string }).yaml.replace(/\r\n/g, '\n');
}

/** The scenario a session froze when it was created: the frozen file its session file names. */
export function frozenScenario(server: AppServer, sessionId: string): string {
	const dir = join(server.dataDir, 'sessions');
	const { scenarioRef } = JSON.parse(readFileSync(join(dir, `${sessionId}.json`), 'utf8')) as {
		scenarioRef: string;
	};
	return readFileSync(join(dir, 'frozen', `${scenarioRef}.json`), 'utf8');
}

/** Fills in and sends the structure view's "Add an inject" form (released after another). */
export async function addInjectWithForm(
	page: Page,
	inject: {
		id: string;
		title: string;
		channel: string;
		phase: string;
		after: string;
		delay: string;
		body: string;
	}
) {
	await page.getByRole('button', { name: 'Add an inject' }).click();
	const form = page.getByRole('form', { name: 'Add an inject' });
	await form.getByLabel('Inject id').fill(inject.id);
	await form.getByLabel('Title').fill(inject.title);
	await form.getByLabel('Channel').selectOption(inject.channel);
	await form.getByLabel('Phase').selectOption(inject.phase);
	await form.getByLabel('After inject').selectOption(inject.after);
	await form.getByLabel('Delay').fill(inject.delay);
	await form.getByLabel('Body (Markdown)').fill(inject.body);
	await form.getByRole('button', { name: 'Add the inject' }).click();
}

/** An option of a decision: its points by phase, and for a team decision where it branches. */
export interface OptionFields {
	id: string;
	label: string;
	scores: Record<string, string>;
	next?: string;
}

/** Fills in and sends "Add a decision to <inject>": a team decision with its options. */
export async function addTeamDecisionWithForm(
	page: Page,
	injectId: string,
	decision: { id: string; prompt: string; decider: string; deadline?: string },
	options: OptionFields[]
) {
	const form = page.getByRole('form', { name: `Add a decision to ${injectId}` });
	await form.getByLabel('Decision id').fill(decision.id);
	await form.getByLabel('Prompt (Markdown)').fill(decision.prompt);
	await form.getByLabel('Who decides').selectOption(decision.decider);
	if (decision.deadline) await form.getByLabel('Deadline').fill(decision.deadline);
	for (const [i, option] of options.entries()) {
		const group = form.getByRole('group', { name: `Option ${i + 1}` });
		await group.getByLabel('Option id').fill(option.id);
		await group.getByLabel('Label').fill(option.label);
		for (const [phase, points] of Object.entries(option.scores)) {
			await group.getByLabel(`Score ${phase}`).fill(points);
		}
		if (option.next) await group.getByLabel('Next inject (branch)').selectOption(option.next);
	}
	await form.getByRole('button', { name: 'Add the decision' }).click();
}
