import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailDomainAllowed, parseOidcProviders, roleFromClaims } from './config';
import { readTransaction } from './flow';
import { AuthService, type OidcSignIn } from '../service';
import { FileAccountStore, accountsFile } from '../../storage/file/accounts';
import { passwordSignIn } from '../../config';

const base = {
	id: 'entra',
	name: 'Contoso',
	issuer: 'https://login.example.org/tenant/v2.0',
	clientId: 'abc',
	clientSecret: 's3cret',
	roles: { 'ir-leads': 'lead' }
};
const env = (providers: unknown[]) => JSON.stringify(providers);

describe('OIDC_PROVIDERS', () => {
	it('reads providers with their defaults', () => {
		const [p] = parseOidcProviders(env([base]));
		expect(p).toMatchObject({
			id: 'entra',
			scopes: ['openid', 'email', 'profile'],
			roleClaim: 'groups',
			defaultRole: null,
			trustEmail: false,
			insecure: false
		});
		expect(parseOidcProviders(undefined)).toEqual([]);
		expect(parseOidcProviders('  ')).toEqual([]);
	});

	it.each([
		['{', /OIDC_PROVIDERS: not valid JSON/],
		[env([]), /OIDC_PROVIDERS: the value/],
		[env([{ ...base, id: 'Bad Id' }]), /OIDC_PROVIDERS: provider 1 field id: lowercase/],
		[env([{ ...base, roles: { x: 'owner' } }]), /provider 1 field roles\.x/],
		[env([{ ...base, roles: {} }]), /provider 1 field roles: give roles/],
		[env([{ ...base, scopes: ['email'] }]), /field scopes: must include openid/],
		[env([{ ...base, extra: 1 }]), /provider 1: Unrecognized key/],
		[env([base, base]), /two providers have the id entra/],
		[
			env([{ ...base, issuer: 'http://idp.example.org' }]),
			/provider entra: the issuer must be https/
		],
		[env([{ ...base, emailDomains: ['not a domain'] }]), /field emailDomains\.0: a domain name/]
	])('refuses %s naming the variable and the field', (value, message) => {
		expect(() => parseOidcProviders(value)).toThrow(message);
		expect(() => parseOidcProviders(value)).toThrow(/^Invalid environment: OIDC_PROVIDERS: /);
	});

	it('takes an http issuer only on loopback and only when allowed', () => {
		const local = env([{ ...base, issuer: 'http://127.0.0.1:9000' }]);
		expect(() => parseOidcProviders(local)).toThrow(/must be https/);
		expect(parseOidcProviders(local, true)[0].insecure).toBe(true);
		const remote = env([{ ...base, issuer: 'http://idp.example.org' }]);
		expect(() => parseOidcProviders(remote, true)).toThrow(/must be https/);
	});

	it('refuses PASSWORD_SIGN_IN=off without a provider', () => {
		expect(passwordSignIn(undefined, 0)).toBe(true);
		expect(passwordSignIn('on', 0)).toBe(true);
		expect(passwordSignIn('off', 1)).toBe(false);
		expect(() => passwordSignIn('off', 0)).toThrow(/PASSWORD_SIGN_IN: off needs OIDC_PROVIDERS/);
	});
});

describe('role mapping', () => {
	const provider = {
		roleClaim: 'groups',
		roles: { 'ir-leads': 'lead', 'ir-facilitators': 'facilitator', admins: 'admin' } as const,
		defaultRole: null
	};

	it('gives the highest mapped role of the claim values', () => {
		expect(roleFromClaims(provider, { groups: ['staff', 'ir-facilitators'] })).toBe('facilitator');
		expect(roleFromClaims(provider, { groups: ['ir-facilitators', 'ir-leads'] })).toBe('lead');
		expect(roleFromClaims(provider, { groups: ['ir-leads', 'admins'] })).toBe('admin');
		expect(roleFromClaims(provider, { groups: 'ir-leads' })).toBe('lead');
	});

	it('gives the default role, or none, when nothing maps', () => {
		expect(roleFromClaims(provider, { groups: ['sales'] })).toBeNull();
		expect(roleFromClaims(provider, {})).toBeNull();
		expect(roleFromClaims(provider, { groups: [42, { x: 1 }] })).toBeNull();
		expect(roleFromClaims(provider, { groups: ['toString', '__proto__'] })).toBeNull();
		expect(roleFromClaims({ ...provider, defaultRole: 'facilitator' }, { groups: [] })).toBe(
			'facilitator'
		);
	});

	it('reads a dotted claim path (Keycloak realm roles)', () => {
		const keycloak = { ...provider, roleClaim: 'realm_access.roles' };
		expect(roleFromClaims(keycloak, { realm_access: { roles: ['ir-leads'] } })).toBe('lead');
		expect(roleFromClaims(keycloak, { realm_access: 'ir-leads' })).toBeNull();
	});

	it('limits email domains when asked to', () => {
		expect(emailDomainAllowed({}, 'a@any.org')).toBe(true);
		const corp = { emailDomains: ['corp.example'] };
		expect(emailDomainAllowed(corp, 'A@Corp.Example')).toBe(true);
		expect(emailDomainAllowed(corp, 'a@corp.example.evil.org')).toBe(false);
		expect(emailDomainAllowed(corp, 'a@sub.corp.example')).toBe(false);
	});

	it('reads only a whole transaction from the cookie', () => {
		const ok = { provider: 'p', verifier: 'v'.repeat(43), state: 's', nonce: 'n', next: '/' };
		expect(readTransaction(ok)).toEqual(ok);
		expect(readTransaction({ ...ok, verifier: 'short' })).toBeNull();
		expect(readTransaction(null)).toBeNull();
		expect(readTransaction('x')).toBeNull();
	});
});

describe('SSO accounts', () => {
	let dir: string;
	let store: FileAccountStore;
	let auth: AuthService;
	const ISSUER = 'https://idp.example.org';
	const person = (over: Partial<OidcSignIn> = {}): OidcSignIn => ({
		issuer: ISSUER,
		subject: 'sub-1',
		email: 'Lena@Corp.Example',
		emailVerified: true,
		name: 'Lena',
		role: 'lead',
		...over
	});

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'sandtable-oidc-'));
		store = await FileAccountStore.open(accountsFile(dir));
		auth = new AuthService(store);
		await auth.setupFirstAdmin({
			email: 'root@example.com',
			name: 'Root',
			password: 'x'.repeat(14)
		});
	});
	afterEach(() => rm(dir, { recursive: true, force: true }));

	it('creates the account on first sign-in and finds it by (issuer, subject) after', async () => {
		const first = await auth.signInWithOidc(person());
		expect(first).toMatchObject({ email: 'lena@corp.example', role: 'lead', name: 'Lena' });
		// A new email and role at the provider: the same account, the new role and name.
		const again = await auth.signInWithOidc(
			person({ email: 'lena.new@corp.example', role: 'facilitator', name: 'Lena B' })
		);
		expect(again).toMatchObject({ id: first.id, role: 'facilitator', name: 'Lena B' });
		expect(await store.countUsers()).toBe(2);
		// No password signs in to it, and its session counts as having a second factor.
		expect(await auth.authenticate('lena@corp.example', 'x'.repeat(14))).toBeNull();
		expect(await auth.ssoOnly(first.id)).toBe(true);
		const session = await auth.startSession(first.id);
		expect((await auth.resolveSession(session.token))?.mfa).toBe(true);
		expect(
			(await auth.listUsers((await auth.authenticate('root@example.com', 'x'.repeat(14)))!)).find(
				(u) => u.id === first.id
			)?.sso
		).toBe(true);
	});

	it('links an existing local account only by a verified email', async () => {
		const root = (await auth.authenticate('root@example.com', 'x'.repeat(14)))!;
		const local = await auth.createUser(root, {
			email: 'lena@corp.example',
			name: 'Lena local',
			password: 'y'.repeat(14),
			role: 'facilitator'
		});
		await expect(auth.signInWithOidc(person({ emailVerified: false }))).rejects.toThrow(
			/exists but is not linked/
		);
		expect((await store.findUser(local.id))?.oidc ?? null).toBeNull();
		const linked = await auth.signInWithOidc(person());
		expect(linked).toMatchObject({ id: local.id, role: 'lead' });
		expect(await auth.ssoOnly(local.id)).toBe(false);
		// Its password still works; another identity with the same email is not linked to it.
		expect(await auth.authenticate('lena@corp.example', 'y'.repeat(14))).not.toBeNull();
		await expect(auth.signInWithOidc(person({ subject: 'sub-2' }))).rejects.toThrow(
			/exists but is not linked/
		);
		const otherIssuer = person({ issuer: 'https://other.example.org' });
		await expect(auth.signInWithOidc(otherIssuer)).rejects.toThrow(/not linked/);
	});

	it('refuses a disabled account and keeps the last admin an admin', async () => {
		const root = (await auth.authenticate('root@example.com', 'x'.repeat(14)))!;
		const lena = await auth.signInWithOidc(person());
		await auth.setDisabled(root, lena.id, true);
		await expect(auth.signInWithOidc(person())).rejects.toThrow(/disabled/);

		const boss = await auth.signInWithOidc(
			person({ subject: 'boss', email: 'b@corp.example', role: 'admin' })
		);
		await auth.setDisabled(boss, root.id, true);
		// The provider demotes the only active admin: the role stays rather than lock admins out.
		const kept = await auth.signInWithOidc(
			person({ subject: 'boss', email: 'b@corp.example', role: 'lead' })
		);
		expect(kept.role).toBe('admin');
	});
});
