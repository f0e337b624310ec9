import { describe, expect, it } from 'vitest';
import { phishFile } from '../testing';
import {
	OrganisationProfileSchema,
	placeholderValue,
	resolvePlaceholders,
	type OrganisationProfile
} from './placeholders';

const profile: OrganisationProfile = OrganisationProfileSchema.parse({
	org: { name: 'Contoso Ltd', domain: 'contoso.example' },
	people: [{ key: 'ciso', name: 'Dana Reyes', title: 'CISO', email: 'dana@contoso.example' }],
	systems: [{ key: 'erp', name: 'SAP S/4HANA' }],
	ip: [{ key: 'office', value: '10.20.0.0/16' }],
	domains: [{ key: 'mail', value: 'mail.contoso.example' }]
});

describe('organisation placeholders', () => {
	it('looks values up by namespace, key and field', () => {
		expect(placeholderValue(profile, 'org.name')).toBe('Contoso Ltd');
		expect(placeholderValue(profile, 'org.shortName')).toBe('Contoso Ltd');
		expect(placeholderValue(profile, 'people.ciso')).toBe('Dana Reyes');
		expect(placeholderValue(profile, 'people.ciso.email')).toBe('dana@contoso.example');
		expect(placeholderValue(profile, 'systems.erp')).toBe('SAP S/4HANA');
		expect(placeholderValue(profile, 'ip.office')).toBe('10.20.0.0/16');
		expect(placeholderValue(profile, 'domains.mail')).toBe('mail.contoso.example');
		expect(placeholderValue(profile, 'people.cfo')).toBeUndefined();
		expect(placeholderValue(profile, 'org.name.first')).toBeUndefined();
		expect(placeholderValue(null, 'org.name')).toBeUndefined();
	});

	it('resolves every string of the scenario, with fallbacks, and reports what is missing', () => {
		const file = phishFile({
			title: 'Phish at {{org.name}}',
			summary: 'Mail to {{ people.ciso.email }} from {{domains.mail}}; {{org.name|Northwind}}.'
		});
		file.injects[0].body = 'Ask {{people.cfo|the CFO}}, then {{people.cto}} about {{ip.office}}.';
		const before = structuredClone(file);
		const resolved = resolvePlaceholders(file, profile);
		expect(resolved.file.title).toBe('Phish at Contoso Ltd');
		expect(resolved.file.summary).toBe(
			'Mail to dana@contoso.example from mail.contoso.example; Contoso Ltd.'
		);
		expect(resolved.file.injects[0].body).toBe(
			'Ask the CFO, then {{people.cto}} about 10.20.0.0/16.'
		);
		expect(resolved.used).toEqual([
			'domains.mail',
			'ip.office',
			'org.name',
			'people.cfo',
			'people.ciso.email',
			'people.cto'
		]);
		expect(resolved.missing).toEqual(['people.cto']);
		// Pure: the library's copy is untouched.
		expect(file).toEqual(before);
	});

	it('without a profile, fallbacks keep a bundled scenario readable', () => {
		const file = phishFile({ title: 'Phish at {{org.name|Northwind Logistics}}' });
		const resolved = resolvePlaceholders(file, null);
		expect(resolved.file.title).toBe('Phish at Northwind Logistics');
		expect(resolved.missing).toEqual([]);
		expect(resolvePlaceholders(phishFile(), profile).used).toEqual([]);
	});

	it('refuses a profile with bad keys or no organisation name', () => {
		const bad = OrganisationProfileSchema.safeParse({
			org: { name: '' },
			people: [{ key: 'Chief Security', name: 'x' }]
		});
		expect(bad.success).toBe(false);
		expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['org.name', 'people.0.key']);
	});
});
