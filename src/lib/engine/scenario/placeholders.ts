/**
 * The organisation profile and the placeholders that bring it into a scenario's text:
 * `{{org.name}}`, `{{people.ciso}}`, `{{systems.erp}}`, `{{ip.office}}`, `{{domains.mail}}`,
 * each with an optional fallback after a bar (`{{org.name|Northwind Logistics}}`) for
 * organisations without a profile. They are resolved once, when a session is created, and the
 * resolved scenario is what the session freezes and hashes, so a later change to the profile
 * never changes a session that ran. See docs/scenario-format.md ("Placeholders").
 */
import { z } from 'zod';
import type { ScenarioFile } from './schema';

const key = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a key is lowercase letters, digits, - and _ (at most 40)');
const text = (max: number) => z.string().trim().min(1).max(max);

export const OrganisationProfileSchema = z.strictObject({
	org: z.strictObject({
		name: text(200),
		shortName: text(60).optional(),
		industry: text(100).optional(),
		domain: text(253).optional(),
		country: text(100).optional()
	}),
	people: z
		.array(
			z.strictObject({
				key,
				name: text(200),
				title: text(200).optional(),
				email: text(254).optional(),
				phone: text(50).optional()
			})
		)
		.max(100)
		.default([]),
	systems: z
		.array(z.strictObject({ key, name: text(200), description: text(500).optional() }))
		.max(100)
		.default([]),
	ip: z
		.array(z.strictObject({ key, value: text(100) }))
		.max(100)
		.default([]),
	domains: z
		.array(z.strictObject({ key, value: text(253) }))
		.max(100)
		.default([])
});
export type OrganisationProfile = z.infer<typeof OrganisationProfileSchema>;

/** `{{ path }}` or `{{ path | fallback }}`; the path is dotted words. */
const PLACEHOLDER = /\{\{\s*([a-zA-Z]+(?:\.[a-zA-Z0-9_-]+){1,2})\s*(?:\|([^{}]*))?\}\}/g;

/** The value a placeholder path names in `profile`, or undefined. */
export function placeholderValue(
	profile: OrganisationProfile | null,
	path: string
): string | undefined {
	if (!profile) return undefined;
	const [space, name, field] = path.split('.');
	switch (space) {
		case 'org':
			if (field) return undefined;
			// A profile without a short name reads its full name rather than a scenario's fallback.
			if (name === 'shortName') return profile.org.shortName ?? profile.org.name;
			return (profile.org as Record<string, string | undefined>)[name];
		case 'people': {
			const person = profile.people.find((p) => p.key === name) as
				Record<string, string | undefined> | undefined;
			return person?.[field ?? 'name'];
		}
		case 'systems': {
			const system = profile.systems.find((s) => s.key === name) as
				Record<string, string | undefined> | undefined;
			return system?.[field ?? 'name'];
		}
		case 'ip':
		case 'domains':
			return field ? undefined : profile[space].find((x) => x.key === name)?.value;
		default:
			return undefined;
	}
}

export interface Resolved {
	file: ScenarioFile;
	/** Every placeholder path the scenario uses, sorted. */
	used: string[];
	/** Paths with neither a value in the profile nor a fallback: left as written. */
	missing: string[];
}

/** Replaces the placeholders in every string of `file` (ids never hold any); pure. */
export function resolvePlaceholders(
	file: ScenarioFile,
	profile: OrganisationProfile | null
): Resolved {
	const used = new Set<string>();
	const missing = new Set<string>();
	const replace = (s: string) =>
		s.includes('{{')
			? s.replace(PLACEHOLDER, (whole, path: string, fallback: string | undefined) => {
					used.add(path);
					const value = placeholderValue(profile, path) ?? fallback?.trim();
					if (value === undefined) missing.add(path);
					return value ?? whole;
				})
			: s;
	const walk = (value: unknown): unknown => {
		if (typeof value === 'string') return replace(value);
		if (Array.isArray(value)) return value.map(walk);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
		}
		return value;
	};
	return {
		file: walk(file) as ScenarioFile,
		used: [...used].sort(),
		missing: [...missing].sort()
	};
}
