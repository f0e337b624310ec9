/**
 * The editor page's state: the text, its stored revision, autosave with optimistic concurrency
 * (a save names the revision it edited; a conflict stops autosave and shows theirs), the
 * browser's own copy, and the two checks (quick as you type, full when typing pauses), each in
 * a worker with a time limit.
 */
import { deserialize } from '$app/forms';
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import type { DraftCheck } from '#lib/studio/check-draft.js';
import { createChecker, type Checker } from '#lib/studio/checker.js';
import { dropLocalCopy, writeLocalCopy } from '#lib/studio/local-copy.js';

/** Pauses before saving and checking, in ms. */
const SAVE_AFTER = 1200;
const QUICK_AFTER = 60;
const FULL_AFTER = 1200;
const LOCAL_AFTER = 250;

export interface Conflict {
	name: string;
	at: number;
	yaml: string;
	revision: number;
}

type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'failed';

async function post(action: string, fields: Record<string, string>) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.append(k, v);
	const response = await fetch(`?/${action}`, {
		method: 'POST',
		body,
		headers: { 'x-sveltekit-action': 'true', accept: 'application/json' }
	});
	return deserialize(await response.text());
}

export class DraftEditor {
	text = $state('');
	revision = $state(0);
	status = $state<SaveStatus>('saved');
	message = $state<string | null>(null);
	savedAt = $state<number | null>(null);
	conflict = $state<Conflict | null>(null);
	check = $state<DraftCheck | null>(null);
	/** The text the shown check is of. */
	checkedText = $state<string | null>(null);
	checking = $state(false);

	private savedText: string;
	// Not state: timers are bookkeeping, never shown.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private timers = new Map<string, ReturnType<typeof setTimeout>>();
	private quick: Checker | null = null;
	private full: Checker | null = null;

	constructor(
		readonly draftId: string,
		readonly file: string,
		yaml: string,
		revision: number,
		private readonly timeoutMs: number
	) {
		this.text = yaml;
		this.savedText = yaml;
		this.revision = revision;
	}

	/** Whether the latest complete check is of the current text. */
	get fullyChecked(): boolean {
		return this.check?.complete === true && this.checkedText === this.text;
	}

	/** Why the draft cannot be published now (empty: it can). */
	get publishBlockers(): string[] {
		const reasons: string[] = [];
		if (this.conflict) reasons.push('someone else saved this draft: resolve that first');
		if (this.status !== 'saved') reasons.push('the latest changes are not saved yet');
		if (this.checkedText === this.text && this.check?.errors.length) {
			const n = this.check.errors.length;
			reasons.push(`the checker found ${n} error${n === 1 ? '' : 's'}`);
		} else if (!this.fullyChecked) reasons.push('the full check has not finished');
		return reasons;
	}

	start(): void {
		this.quick = createChecker({
			file: this.file,
			quick: true,
			timeoutMs: this.timeoutMs,
			preempt: false
		});
		this.full = createChecker({
			file: this.file,
			quick: false,
			timeoutMs: this.timeoutMs,
			preempt: true
		});
		this.runChecks(0);
	}

	stop(): void {
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
		this.quick?.dispose();
		this.full?.dispose();
	}

	private later(name: string, ms: number, run: () => void) {
		clearTimeout(this.timers.get(name));
		this.timers.set(name, setTimeout(run, ms));
	}

	/** After every edit: keep a local copy, check, and save unless a conflict is open. */
	edited(text: string): void {
		this.text = text;
		this.later('local', LOCAL_AFTER, () =>
			writeLocalCopy(localStorage, this.draftId, {
				yaml: this.text,
				revision: this.revision,
				at: Date.now()
			})
		);
		this.runChecks(QUICK_AFTER);
		if (this.conflict) return;
		this.status = text === this.savedText ? 'saved' : 'unsaved';
		if (this.status === 'unsaved') this.later('save', SAVE_AFTER, () => void this.save());
	}

	private runChecks(quickAfter: number) {
		this.later('quick', quickAfter, async () => {
			const text = this.text;
			this.checking = true;
			const result = await this.quick?.check(text);
			// A full result for the same text is worth more than a quick one.
			if (result && !(this.checkedText === text && this.check?.complete)) {
				this.check = result;
				this.checkedText = text;
			}
			this.checking = false;
		});
		this.later('full', FULL_AFTER, async () => {
			const text = this.text;
			const result = await this.full?.check(text);
			if (result && text === this.text) {
				this.check = result;
				this.checkedText = text;
			}
		});
	}

	/** Stores the text over the revision it was edited from. */
	async save(): Promise<void> {
		if (this.conflict || this.status === 'saving') return;
		const text = this.text;
		this.status = 'saving';
		let result;
		try {
			result = await post('save', { yaml: text, revision: String(this.revision) });
		} catch {
			this.status = 'failed';
			this.message =
				'Could not reach the server; your text is kept in this browser and saved when it answers.';
			this.later('save', 5000, () => void this.save());
			return;
		}
		if (result.type === 'success') {
			const saved = result.data?.saved as { revision: number; at: number };
			this.revision = saved.revision;
			this.savedText = text;
			this.savedAt = saved.at;
			this.message = null;
			writeLocalCopy(localStorage, this.draftId, {
				yaml: this.text,
				revision: saved.revision,
				at: Date.now()
			});
			if (this.text === text) {
				this.status = 'saved';
				dropLocalCopy(localStorage, this.draftId);
			} else {
				this.status = 'unsaved';
				this.later('save', SAVE_AFTER, () => void this.save());
			}
			return;
		}
		if (result.type === 'failure' && result.status === 409 && result.data?.conflict) {
			this.conflict = result.data.conflict as Conflict;
			this.status = 'conflict';
			this.message = null;
			return;
		}
		this.status = 'failed';
		this.message =
			result.type === 'failure'
				? String(result.data?.message ?? 'The draft was not saved.')
				: 'The draft was not saved.';
	}

	/** Takes the other person's version; the local copy keeps ours until the next save. */
	loadTheirs(): string {
		const theirs = this.conflict!;
		this.conflict = null;
		this.revision = theirs.revision;
		this.savedText = theirs.yaml;
		this.text = theirs.yaml;
		this.status = 'saved';
		return theirs.yaml;
	}

	/** Keeps `yaml` as a new draft and opens it. */
	async keepAsCopy(yaml: string): Promise<void> {
		const result = await post('copy', { yaml });
		const copyId =
			result.type === 'redirect' ? /^\/studio\/([a-z0-9]{16})$/.exec(result.location)?.[1] : null;
		if (copyId) {
			dropLocalCopy(localStorage, this.draftId);
			this.stop();
			await goto(resolve('/(facilitator)/studio/[draft]', { draft: copyId }));
			return;
		}
		this.message =
			result.type === 'failure'
				? String(result.data?.message ?? 'The copy was not made.')
				: 'The copy was not made.';
	}

	/** After a publish: the draft's stored revision moved on. */
	published(revision: number | null): void {
		if (revision !== null) this.revision = revision;
	}
}
