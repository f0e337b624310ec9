/**
 * The scenario studio's drafts: made blank or forked from a library scenario, saved with
 * optimistic concurrency (a save names the revision it edited; if someone saved since, nothing
 * is overwritten and the caller is shown theirs), and published through the same path as an
 * upload (the checker in its worker with a time limit, the size limit, the library's storage),
 * each publication recorded as a numbered, immutable version. Sessions keep the version they
 * were created with: each session stores its scenario file and hash.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { MAX_SCENARIO_BYTES, type Located } from '#lib/engine/scenario/load.js';
import { storage } from '../app-storage';
import type { User } from '../auth/types';
import { WriteConflictError } from '../storage/errors';
import type { DraftSummary, ScenarioVersion, StudioAuthor, StudioDraft } from '../storage/studio';
import { findScenario, listScenarios } from '../scenarios';
import { uploadChecked } from '../scenario-replace';
import { blankScenario } from '#lib/studio/template.js';

export type { DraftSummary, ScenarioVersion, StudioDraft };

const store = () => storage.studio;
const author = (user: User): StudioAuthor => ({ id: user.id, name: user.name });
const newDraftId = () => {
	// 16 characters of [a-z0-9]: the store's draft id.
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
};

/** The value of a top-level `key:` line (plain or quoted), or null: enough for a label. */
export function topLevelValue(yaml: string, key: string): string | null {
	const match = new RegExp(`^${key}:[ \\t]*(.+?)[ \\t]*$`, 'm').exec(yaml);
	if (!match) return null;
	const value = match[1].replace(/\s+#.*$/, '');
	const quoted = /^(['"])(.*)\1$/.exec(value);
	return (quoted ? quoted[2] : value).slice(0, 200) || null;
}

/** UTF-8 size of a draft's text. */
const sizeOf = (yaml: string) => new TextEncoder().encode(yaml).byteLength;

/** The refusal of a draft over the upload limit (the same limit, the same words). */
export function tooLarge(yaml: string): string | null {
	const size = sizeOf(yaml);
	if (size <= MAX_SCENARIO_BYTES) return null;
	return `The draft is ${size.toLocaleString('en')} bytes; the limit is ${MAX_SCENARIO_BYTES.toLocaleString('en')} bytes (the upload limit). Nothing was saved.`;
}

export function listDrafts(): Promise<DraftSummary[]> {
	return store().listDrafts();
}

export function getDraft(id: string): Promise<StudioDraft | null> {
	return store().getDraft(id);
}

export function listVersions(scenarioId: string): Promise<ScenarioVersion[]> {
	return store().listVersions(scenarioId);
}

async function create(
	user: User,
	yaml: string,
	scenarioId: string,
	baseVersion: number | null,
	now: number
): Promise<StudioDraft> {
	const draft: StudioDraft = {
		id: newDraftId(),
		scenarioId,
		title: topLevelValue(yaml, 'title') ?? scenarioId,
		yaml,
		revision: 1,
		baseVersion,
		createdBy: author(user),
		createdAt: now,
		updatedBy: author(user),
		updatedAt: now
	};
	await store().putDraft(draft);
	return draft;
}

/** An id no library scenario has: `base`, else `base-2`, `base-3`... */
async function freeId(base: string): Promise<string> {
	const taken = new Set((await listScenarios()).map((e) => e.id));
	const stem = base.slice(0, 56);
	if (!taken.has(stem)) return stem;
	for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** A new draft of the blank scenario, under an id no library scenario has. */
export async function createBlank(user: User, now = Date.now()): Promise<StudioDraft> {
	const id = await freeId('new-scenario');
	return create(user, blankScenario(id), id, null, now);
}

export type ForkResult = { ok: true; draft: StudioDraft } | { ok: false; message: string };

/**
 * A new draft of a library scenario's file, text as written (comments kept). A bundled
 * scenario's id cannot be taken, so its fork gets a free id of its own; an uploaded one keeps
 * its id, so publishing the fork gives that scenario its next version.
 */
export async function fork(user: User, scenarioId: string, now = Date.now()): Promise<ForkResult> {
	const entry = await findScenario(scenarioId);
	if (!entry) return { ok: false, message: `There is no scenario '${scenarioId}' in the library.` };
	let yaml = await readFile(entry.path, 'utf8');
	const refused = tooLarge(yaml);
	if (refused) return { ok: false, message: refused };
	let id = entry.id;
	if (entry.origin === 'bundled') {
		id = await freeId(`${entry.id}-local`);
		if (/^id:.*$/m.test(yaml)) yaml = yaml.replace(/^id:.*$/m, `id: ${id}`);
		else yaml = `id: ${id}\n${yaml}`;
	}
	const base = (await listVersions(id)).at(-1)?.version ?? null;
	return { ok: true, draft: await create(user, yaml, id, base, now) };
}

/** A copy of some text as a new draft of the same scenario (keeping one's work on a conflict). */
export async function copy(
	user: User,
	of: StudioDraft,
	yaml: string,
	now = Date.now()
): Promise<StudioDraft> {
	return create(user, yaml, of.scenarioId, of.baseVersion, now);
}

export type SaveResult =
	| { ok: true; draft: StudioDraft }
	| { ok: false; status: 404 | 413; message: string }
	/** Someone saved since `revision`: nothing was stored; `theirs` is what is. */
	| { ok: false; status: 409; message: string; theirs: StudioDraft };

/** Saves `yaml` over revision `revision` of a draft; invalid YAML is saved all the same. */
export async function save(
	user: User,
	id: string,
	yaml: string,
	revision: number,
	now = Date.now()
): Promise<SaveResult> {
	const refused = tooLarge(yaml);
	if (refused) return { ok: false, status: 413, message: refused };
	const stored = await getDraft(id);
	if (!stored) return { ok: false, status: 404, message: 'There is no such draft.' };
	const conflict = (theirs: StudioDraft): SaveResult => ({
		ok: false,
		status: 409,
		message: `${theirs.updatedBy.name} saved this draft since you opened it; nothing of yours was overwritten.`,
		theirs
	});
	if (stored.revision !== revision) return conflict(stored);
	const draft: StudioDraft = {
		...stored,
		yaml,
		title: topLevelValue(yaml, 'title') ?? stored.scenarioId,
		revision: revision + 1,
		updatedBy: author(user),
		updatedAt: now
	};
	try {
		await store().putDraft(draft);
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return conflict((await getDraft(id)) ?? stored);
	}
	return { ok: true, draft };
}

export type PublishResult =
	| { ok: true; version: ScenarioVersion; warnings: Located[]; revision: number | null }
	| { ok: false; status: 404 | 409 | 413 | 422; message: string; errors: Located[] };

/**
 * Publishes revision `revision` of a draft: the server checks it again (never trusting the
 * browser's check) and stores it in the library as an upload would; the scenario's next version
 * records its text, hash, who and when. The draft's id line must name the scenario it was made
 * for, and a scenario uploaded outside the studio is only replaced by a fork of it.
 */
export async function publish(
	user: User,
	id: string,
	revision: number,
	now = Date.now()
): Promise<PublishResult> {
	const draft = await getDraft(id);
	if (!draft) return { ok: false, status: 404, message: 'There is no such draft.', errors: [] };
	if (draft.revision !== revision) {
		return {
			ok: false,
			status: 409,
			message: `${draft.updatedBy.name} saved this draft since you opened it; load their version before publishing.`,
			errors: []
		};
	}
	const refused = tooLarge(draft.yaml);
	if (refused) return { ok: false, status: 413, message: refused, errors: [] };
	const yamlId = topLevelValue(draft.yaml, 'id');
	if (yamlId !== null && yamlId !== draft.scenarioId) {
		const existing = await findScenario(yamlId);
		const ours = (await listVersions(yamlId)).length > 0;
		if (existing && !ours) {
			return {
				ok: false,
				status: 409,
				message: `'${yamlId}' is the id of another library scenario; fork that one to change it, or give this draft an id of its own.`,
				errors: []
			};
		}
	}
	const bytes = new TextEncoder().encode(draft.yaml);
	const fileName = `${yamlId ?? draft.scenarioId}.yaml`.replace(/[^\w.-]+/g, '_');
	const result = await uploadChecked(bytes, fileName, true);
	if (!result.ok) {
		return { ok: false, status: result.status, message: result.message, errors: result.errors };
	}
	const scenarioId = result.entry.id;
	const versions = await listVersions(scenarioId);
	const version: ScenarioVersion = {
		scenarioId,
		version: (versions.at(-1)?.version ?? 0) + 1,
		yaml: draft.yaml,
		hash: result.entry.hash ?? '',
		by: author(user),
		at: now,
		draftId: draft.id
	};
	await store().addVersion(version);
	// The draft now stands on what was published, unless someone saved it meanwhile (their
	// revision stands; the version is published all the same).
	let next: number | null = draft.revision + 1;
	try {
		await store().putDraft({
			...draft,
			scenarioId,
			baseVersion: version.version,
			revision: next,
			updatedBy: author(user),
			updatedAt: now
		});
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		next = null;
	}
	return { ok: true, version, warnings: result.entry.warnings, revision: next };
}
