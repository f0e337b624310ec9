/**
 * The organisation profile as the app uses it: read and saved through `storage.organisation`,
 * edited on /organisation as plain lines (one person, system, range or domain per line, fields
 * separated by `|`), and applied to a scenario when a session is created (`scenarioForSession`).
 */
import {
	OrganisationProfileSchema,
	resolvePlaceholders,
	type OrganisationProfile
} from '#lib/engine/scenario/placeholders.js';
import { ScenarioFileSchema, type ScenarioFile } from '#lib/engine/scenario/schema.js';
import type { User } from './auth/types';
import { storage } from './app-storage';
import { WriteConflictError } from './storage/errors';
import type { StoredProfile } from './storage/organisation';
import { scenarioHash } from './scenarios';

export function currentProfile(): Promise<StoredProfile | null> {
	return storage.organisation.get();
}

/** The form's text areas: what the profile's lists look like as lines. */
export const LIST_FIELDS = {
	people: ['key', 'name', 'title', 'email', 'phone'],
	systems: ['key', 'name', 'description'],
	ip: ['key', 'value'],
	domains: ['key', 'value']
} as const;
type ListField = keyof typeof LIST_FIELDS;

const LABELS: Record<ListField, string> = {
	people: 'People',
	systems: 'Systems',
	ip: 'IP ranges',
	domains: 'Domains'
};

/** A profile's list as the lines the form shows. */
export function linesOf(profile: OrganisationProfile | null, field: ListField): string {
	if (!profile) return '';
	const columns = LIST_FIELDS[field] as readonly string[];
	return (profile[field] as Record<string, string | undefined>[])
		.map((item) =>
			columns
				.map((c) => item[c] ?? '')
				.join(' | ')
				.replace(/( \| )+$/, '')
		)
		.join('\n');
}

export type ProfileForm =
	{ ok: true; profile: OrganisationProfile } | { ok: false; errors: Record<string, string> };

/** The posted form as a profile, or the problems by field (list problems name their line). */
export function profileFromForm(form: Record<string, string>): ProfileForm {
	const errors: Record<string, string> = {};
	const lists: Record<string, Record<string, string>[]> = {};
	for (const field of Object.keys(LIST_FIELDS) as ListField[]) {
		const columns = LIST_FIELDS[field];
		lists[field] = [];
		const lines = (form[field] ?? '').split(/\r?\n/);
		lines.forEach((line, i) => {
			if (!line.trim() || errors[field]) return;
			const cells = line.split('|').map((c) => c.trim());
			if (cells.length > columns.length || cells.length < 2) {
				errors[field] =
					`${LABELS[field]}, line ${i + 1}: write ${columns.join(' | ')} (from ${columns[0]} to ${columns[1]} at least)`;
				return;
			}
			const item: Record<string, string> = {};
			cells.forEach((c, n) => {
				if (c) item[columns[n]] = c;
			});
			lists[field].push(item);
		});
	}
	const org: Record<string, string> = {};
	for (const k of ['name', 'shortName', 'industry', 'domain', 'country']) {
		const v = (form[k] ?? '').trim();
		if (v) org[k] = v;
	}
	const parsed = OrganisationProfileSchema.safeParse({ org, ...lists });
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const [first, index, column] = issue.path as (string | number)[];
			const field = first === 'org' ? String(index) : String(first);
			if (errors[field]) continue;
			errors[field] =
				first === 'org'
					? issue.message
					: `${LABELS[field as ListField]}, line ${Number(index) + 1}: ${String(column ?? '')} ${issue.message}`.trim();
		}
	}
	for (const field of Object.keys(LIST_FIELDS) as ListField[]) {
		const keys = lists[field].map((x) => x.key);
		const twice = keys.find((k, i) => keys.indexOf(k) !== i);
		if (twice && !errors[field]) errors[field] = `${LABELS[field]}: the key ${twice} is used twice`;
	}
	if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
	return { ok: true, profile: parsed.data };
}

/** Saves `profile` as the revision after `baseRev`; false when someone saved since. */
export async function saveProfile(
	profile: OrganisationProfile,
	baseRev: number,
	user: User
): Promise<boolean> {
	try {
		await storage.organisation.put({
			rev: baseRev + 1,
			profile,
			at: Date.now(),
			by: { id: user.id, name: user.name }
		});
		return true;
	} catch (e) {
		if (e instanceof WriteConflictError) return false;
		throw e;
	}
}

/** A scenario's placeholders could not be filled in within the format's limits. */
export class PlaceholderError extends Error {}

/**
 * The scenario a new session freezes: the library's file with its placeholders filled in from
 * the current profile, and the hash of exactly that. A file without placeholders is unchanged.
 */
export async function scenarioForSession(
	source: ScenarioFile,
	hash: string
): Promise<{ file: ScenarioFile; hash: string; missing: string[] }> {
	const stored = await currentProfile();
	const resolved = resolvePlaceholders(source, stored?.profile ?? null);
	if (resolved.used.length === 0) return { file: source, hash, missing: [] };
	const checked = ScenarioFileSchema.safeParse(resolved.file);
	if (!checked.success) {
		const issue = checked.error.issues[0];
		throw new PlaceholderError(
			`with the organisation profile filled in, ${issue.path.join('.')} ${issue.message}`
		);
	}
	return { file: checked.data, hash: scenarioHash(checked.data), missing: resolved.missing };
}
