/**
 * Accounts, sign-in, login sessions and API tokens: the rules (who may do what, expiry, what a
 * disabled account can still do) on top of an AccountStore. Time comes from an injectable clock.
 */
import { randomUUID } from 'node:crypto';
import { log } from '../log';
import {
	hashPassword,
	needsRehash,
	passwordProblem,
	verifyAgainstDummy,
	verifyPassword
} from './password';
import { hashSecret, isApiToken, isSessionToken, newApiToken, newSessionToken } from './secrets';
import { newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep, totpUri } from './totp';
import {
	EmailTakenError,
	IdentityTakenError,
	LastAdminError,
	NO_PASSWORD,
	type AccountStore,
	type OidcIdentity,
	type ApiTokenRecord,
	type UserRecord
} from '../storage/accounts';
import { ROLES, type Role, type User } from './types';

/** Login sessions last 12 hours from the last request (sliding). */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** A session's lastSeenAt is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60_000;
/** An API token's lastUsedAt is written at most this often. */
export const TOKEN_TOUCH_MS = 60_000;
/** Unrevoked API tokens one account may hold (keeps the accounts file small). */
export const MAX_ACTIVE_TOKENS = 50;
/** An admin's password-reset link works for 24 hours, once. */
export const RESET_LINK_TTL_MS = 24 * 60 * 60_000;
/** A sign-in waiting for its second factor lasts 5 minutes. */
export const PENDING_SIGN_IN_TTL_MS = 5 * 60_000;
/** The one answer for a reset link that is expired, used, replaced or unknown. */
export const RESET_LINK_GONE =
	'This reset link has expired or was already used. Ask an administrator for a new one.';

/** A refused account change, with a sentence to show and the form field it concerns. */
export class AccountError extends Error {
	constructor(
		message: string,
		readonly field?: string
	) {
		super(message);
		this.name = 'AccountError';
	}
}

export interface NewAccount {
	email: string;
	name: string;
	password: string;
}

/** What the admin page lists about a user. */
export interface UserSummary extends User {
	disabled: boolean;
	mfa: boolean;
	/** Linked to an OpenID identity: the provider sets the role at each sign-in. */
	sso: boolean;
	createdAt: string;
	createdBy: string | null;
}

/** What /account lists about a token (never its hash). */
export interface ApiTokenSummary {
	id: string;
	name: string;
	prefix: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

/** A reset link just made: `token` goes into `/reset/<token>`, shown once and stored nowhere. */
export interface ResetLink {
	token: string;
	expiresAt: Date;
	user: User;
}

/** A person an OpenID provider vouched for, with the role its claims map to (auth/oidc). */
export interface OidcSignIn extends OidcIdentity {
	email: string;
	/** True when the provider says it checked the email (or the provider is trusted to). */
	emailVerified: boolean;
	name: string;
	role: Role;
}

export interface StartedSession {
	/** The cookie value; shown to nobody, stored nowhere. */
	token: string;
	expiresAt: Date;
}

/** What /account shows about the user's second factor (never the confirmed secret). */
export interface MfaStatus {
	enabled: boolean;
	recoveryCodesLeft: number;
	/** An enrolment started and not yet confirmed: the secret and its otpauth:// link. */
	pending: { secret: string; uri: string } | null;
}

export interface ResolvedSession {
	user: User;
	/** True when the account has a confirmed second factor. */
	mfa: boolean;
	/** Set when the expiry slid forward, so the cookie can be renewed to match. */
	renewedUntil?: Date;
}

const toUser = (r: UserRecord): User => ({ id: r.id, email: r.email, name: r.name, role: r.role });

export class AuthService {
	private setupDone = false;

	constructor(
		readonly store: AccountStore,
		private readonly now: () => number = Date.now
	) {}

	private iso(ms = this.now()): string {
		return new Date(ms).toISOString();
	}

	/** True once any user exists (cached: users are never deleted). */
	async hasUsers(): Promise<boolean> {
		if (!this.setupDone) this.setupDone = (await this.store.countUsers()) > 0;
		return this.setupDone;
	}

	/** Creates the first admin; throws SetupDoneError once any user exists. */
	async setupFirstAdmin(input: NewAccount): Promise<User> {
		const user = await this.newUserRecord(input, 'admin', null);
		await this.store.insertUser(user, { firstUser: true });
		this.setupDone = true;
		return toUser(user);
	}

	/** Adds an account (admins only); throws AccountError for a taken email or weak password. */
	async createUser(actor: User, input: NewAccount & { role: Role }): Promise<User> {
		assertAdmin(actor);
		if (!ROLES.includes(input.role)) throw new AccountError('Choose a role.', 'role');
		const user = await this.newUserRecord(input, input.role, actor.id);
		try {
			await this.store.insertUser(user);
		} catch (e) {
			if (e instanceof EmailTakenError) throw new AccountError(e.message, 'email');
			throw e;
		}
		this.setupDone = true;
		return toUser(user);
	}

	/**
	 * The active account with this email and password, or null. Unknown email, wrong password
	 * and disabled account take the same time and give the same answer.
	 */
	async authenticate(email: string, password: string): Promise<User | null> {
		const record = await this.store.findUserByEmail(email.trim());
		// An SSO-only account has no password: it answers like an unknown email.
		if (!record || record.passwordHash === NO_PASSWORD) {
			return verifyAgainstDummy(password).then(() => null);
		}
		const ok = await verifyPassword(password, record.passwordHash);
		if (!ok || record.disabled) return null;
		if (needsRehash(record.passwordHash)) await this.rehash(record.id, password);
		return toUser(record);
	}

	/**
	 * The account for a person an OpenID provider signed in: the one linked to their (issuer,
	 * subject); else an account with their email, linked now only when the email is verified;
	 * else a new account (just in time). Name and role follow the provider at every sign-in.
	 * Throws AccountError for a disabled account or an email that cannot be linked.
	 */
	async signInWithOidc(person: OidcSignIn): Promise<User> {
		const identity = { issuer: person.issuer, subject: person.subject };
		const email = person.email.trim().toLowerCase();
		let record = await this.store.findUserByOidc(identity.issuer, identity.subject);
		if (!record) {
			const byEmail = await this.store.findUserByEmail(email);
			if (byEmail) {
				if (byEmail.oidc || !person.emailVerified) {
					throw new AccountError(
						`A Sandtable account with the email ${email} exists but is not linked to this sign-in. Ask an administrator.`
					);
				}
				record = await this.linkIdentity(byEmail.id, { oidc: identity });
			} else {
				record = await this.insertOidcUser(person, email);
			}
		}
		if (record.disabled) throw new AccountError('This account is disabled. Ask an administrator.');
		const name = person.name.trim() || record.name;
		if (record.role !== person.role || record.name !== name) {
			try {
				record = (await this.store.updateUser(record.id, { role: person.role, name })) ?? record;
			} catch (e) {
				if (!(e instanceof LastAdminError)) throw e;
				// The provider dropped the last active admin: keep the role rather than lock admins out.
				log.warn({ userId: record.id }, 'SSO role change refused: last active admin');
			}
		}
		return toUser(record);
	}

	private async linkIdentity(userId: string, patch: { oidc: OidcIdentity }): Promise<UserRecord> {
		try {
			return await this.update(userId, patch);
		} catch (e) {
			if (e instanceof IdentityTakenError) throw new AccountError(e.message);
			throw e;
		}
	}

	private async insertOidcUser(person: OidcSignIn, email: string): Promise<UserRecord> {
		if (!email.includes('@')) throw new AccountError('The provider did not give an email address.');
		const record: UserRecord = {
			id: randomUUID(),
			email,
			name: person.name.trim() || email,
			role: person.role,
			passwordHash: NO_PASSWORD,
			disabled: false,
			createdAt: this.iso(),
			createdBy: null,
			oidc: { issuer: person.issuer, subject: person.subject }
		};
		try {
			await this.store.insertUser(record);
		} catch (e) {
			// A first sign-in racing another of the same person: use the account it made.
			const made = await this.store.findUserByOidc(person.issuer, person.subject);
			if (made) return made;
			if (e instanceof EmailTakenError) throw new AccountError(e.message);
			throw e;
		}
		this.setupDone = true;
		return record;
	}

	/**
	 * Stores a new hash at today's cost for a password just verified (the only moment the app
	 * knows it). A failed write does not fail the sign-in: the next one tries again.
	 */
	private async rehash(userId: string, password: string): Promise<void> {
		try {
			await this.store.updateUser(userId, { passwordHash: await hashPassword(password) });
		} catch (e) {
			log.warn({ err: e, userId }, 'password rehash not saved');
		}
	}

	/** Starts a login session for `userId`; also drops expired sessions to keep the file small. */
	async startSession(userId: string): Promise<StartedSession> {
		const now = this.now();
		await this.store.deleteExpiredSessions(this.iso(now));
		const token = newSessionToken();
		const expiresAt = new Date(now + SESSION_TTL_MS);
		await this.store.insertSession({
			id: hashSecret(token),
			userId,
			createdAt: this.iso(now),
			expiresAt: expiresAt.toISOString(),
			lastSeenAt: this.iso(now)
		});
		return { token, expiresAt };
	}

	/**
	 * The active user behind a session cookie, or null (unknown, expired, or the account is
	 * disabled). Slides the expiry, writing at most once per SESSION_TOUCH_MS.
	 */
	async resolveSession(token: string): Promise<ResolvedSession | null> {
		if (!isSessionToken(token)) return null;
		const session = await this.store.findSession(hashSecret(token));
		if (!session) return null;
		const now = this.now();
		if (Date.parse(session.expiresAt) <= now) {
			await this.store.deleteSession(session.id);
			return null;
		}
		const record = await this.store.findUser(session.userId);
		if (!record || record.disabled) return null;
		// An SSO-only account's second factor is the provider's business (docs/sso.md).
		const mfa = Boolean(record.mfa) || record.passwordHash === NO_PASSWORD;
		if (now - Date.parse(session.lastSeenAt) < SESSION_TOUCH_MS) {
			return { user: toUser(record), mfa };
		}
		const renewedUntil = new Date(now + SESSION_TTL_MS);
		await this.store.touchSession(session.id, this.iso(now), renewedUntil.toISOString());
		return { user: toUser(record), mfa, renewedUntil };
	}

	/** Ends the session behind a cookie (sign out). */
	async endSession(token: string): Promise<void> {
		if (isSessionToken(token)) await this.store.deleteSession(hashSecret(token));
	}

	/** Issues an API token for `userId`; the returned `token` is shown once and never again. */
	async issueApiToken(
		userId: string,
		name: string
	): Promise<{ token: string; summary: ApiTokenSummary }> {
		const active = (await this.store.listApiTokens(userId)).filter((t) => !t.revokedAt);
		if (active.length >= MAX_ACTIVE_TOKENS) {
			throw new AccountError(`You already have ${MAX_ACTIVE_TOKENS} tokens: revoke one first.`);
		}
		const token = newApiToken();
		const record: ApiTokenRecord = {
			id: randomUUID(),
			userId,
			name: name.trim() || 'API token',
			tokenHash: hashSecret(token),
			prefix: token.slice(0, 8),
			createdAt: this.iso(),
			lastUsedAt: null,
			revokedAt: null
		};
		await this.store.insertApiToken(record);
		return { token, summary: toTokenSummary(record) };
	}

	/** The active user behind an unrevoked `stu_` token, or null. */
	async resolveApiToken(token: string): Promise<User | null> {
		if (!isApiToken(token)) return null;
		const record = await this.store.findApiTokenByHash(hashSecret(token));
		if (!record || record.revokedAt) return null;
		const user = await this.store.findUser(record.userId);
		if (!user || user.disabled) return null;
		const now = this.now();
		if (!record.lastUsedAt || now - Date.parse(record.lastUsedAt) >= TOKEN_TOUCH_MS) {
			await this.store.touchApiToken(record.id, this.iso(now));
		}
		return toUser(user);
	}

	/** The user's API tokens, newest first. */
	async listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
		return (await this.store.listApiTokens(userId)).map(toTokenSummary);
	}

	/** Revokes one of the user's own tokens; false when there was no such active token. */
	async revokeApiToken(userId: string, tokenId: string): Promise<boolean> {
		return this.store.revokeApiToken(userId, tokenId, this.iso());
	}

	/** Renames the user. */
	async updateName(userId: string, name: string): Promise<User> {
		const trimmed = name.trim();
		if (!trimmed) throw new AccountError('Enter a name.', 'name');
		const record = await this.store.updateUser(userId, { name: trimmed });
		if (!record) throw new AccountError('This account no longer exists.');
		return toUser(record);
	}

	/**
	 * Changes the user's own password after checking the current one, and signs out their other
	 * sessions (the one behind `keepSessionToken` stays).
	 */
	async changePassword(
		userId: string,
		current: string,
		next: string,
		keepSessionToken?: string
	): Promise<void> {
		const record = await this.store.findUser(userId);
		if (!record) throw new AccountError('This account no longer exists.');
		if (!(await verifyPassword(current, record.passwordHash))) {
			throw new AccountError('The current password is not correct.', 'currentPassword');
		}
		const problem = passwordProblem(next);
		if (problem) throw new AccountError(problem, 'newPassword');
		await this.store.updateUser(userId, { passwordHash: await hashPassword(next) });
		const keep = keepSessionToken ? hashSecret(keepSessionToken) : undefined;
		await this.store.deleteUserSessions(userId, keep);
	}

	/** Every account, for admins, in the order they were created. */
	async listUsers(actor: User): Promise<UserSummary[]> {
		assertAdmin(actor);
		return (await this.store.listUsers()).map((r) => ({
			...toUser(r),
			disabled: r.disabled,
			mfa: Boolean(r.mfa),
			sso: Boolean(r.oidc),
			createdAt: r.createdAt,
			createdBy: r.createdBy
		}));
	}

	/** Changes a user's role (admins only; never one's own, never the last active admin). */
	async setRole(actor: User, userId: string, role: Role): Promise<User> {
		assertAdmin(actor);
		if (!ROLES.includes(role)) throw new AccountError('Choose a role.', 'role');
		if (userId === actor.id && role !== actor.role) {
			throw new AccountError('You cannot change your own role; ask another admin.');
		}
		return toUser(await this.update(userId, { role }));
	}

	/** Disables or enables an account (admins only; never one's own). Disabling signs it out. */
	async setDisabled(actor: User, userId: string, disabled: boolean): Promise<User> {
		assertAdmin(actor);
		if (userId === actor.id && disabled) {
			throw new AccountError('You cannot disable your own account.');
		}
		const record = await this.update(userId, { disabled });
		if (disabled) await this.store.deleteUserSessions(userId);
		return toUser(record);
	}

	/** Sets a new password for another user (admins only) and signs them out everywhere. */
	async resetPassword(actor: User, userId: string, password: string): Promise<User> {
		assertAdmin(actor);
		if (userId === actor.id) {
			throw new AccountError('Change your own password on your account page.');
		}
		const problem = passwordProblem(password);
		if (problem) throw new AccountError(problem, 'password');
		const record = await this.update(userId, { passwordHash: await hashPassword(password) });
		await this.store.deleteUserSessions(userId);
		return toUser(record);
	}

	/**
	 * Makes a one-time password-reset link for another account (admins only), replacing that
	 * account's earlier unused links; refuses a disabled account.
	 */
	async createResetLink(actor: User, userId: string): Promise<ResetLink> {
		assertAdmin(actor);
		const record = await this.store.findUser(userId);
		if (!record) throw new AccountError('There is no such user.');
		if (record.disabled) {
			throw new AccountError('This account is disabled: enable it before sending a reset link.');
		}
		const now = this.now();
		const token = newSessionToken();
		const expiresAt = new Date(now + RESET_LINK_TTL_MS);
		await this.store.insertUserToken({
			id: hashSecret(token),
			purpose: 'password-reset',
			userId,
			createdAt: this.iso(now),
			expiresAt: expiresAt.toISOString(),
			createdBy: actor.id
		});
		return { token, expiresAt, user: toUser(record) };
	}

	/** The active account a reset link is for while it can still be used, else null. */
	async resetLinkAccount(token: string): Promise<User | null> {
		const found = await this.liveResetToken(token);
		return found?.user ?? null;
	}

	/**
	 * Sets a new password with a reset link: the password is checked before the link is used up
	 * (a weak one leaves it working), then the link is taken once and the account signed out
	 * everywhere. Throws AccountError with RESET_LINK_GONE for a link that cannot be used.
	 */
	async resetPasswordWithLink(token: string, password: string): Promise<User> {
		if (!(await this.liveResetToken(token))) throw new AccountError(RESET_LINK_GONE);
		const problem = passwordProblem(password);
		if (problem) throw new AccountError(problem, 'password');
		const passwordHash = await hashPassword(password);
		// Taken only now, after the slow hash: of two uses racing, exactly one gets it.
		const taken = await this.store.takeUserToken(hashSecret(token));
		if (!taken || taken.purpose !== 'password-reset' || Date.parse(taken.expiresAt) <= this.now()) {
			throw new AccountError(RESET_LINK_GONE);
		}
		const record = await this.store.updateUser(taken.userId, { passwordHash });
		if (!record || record.disabled) throw new AccountError(RESET_LINK_GONE);
		await this.store.deleteUserSessions(record.id);
		return toUser(record);
	}

	/** True when the account signs in only through an OpenID provider (it has no password). */
	async ssoOnly(userId: string): Promise<boolean> {
		return (await this.store.findUser(userId))?.passwordHash === NO_PASSWORD;
	}

	/** True when the account has a confirmed second factor. */
	async hasMfa(userId: string): Promise<boolean> {
		return Boolean((await this.store.findUser(userId))?.mfa);
	}

	/** The user's second-factor state for /account. */
	async mfaStatus(userId: string): Promise<MfaStatus> {
		const record = await this.existing(userId);
		const pending = record.mfaPending
			? { secret: record.mfaPending.secret, uri: totpUri(record.mfaPending.secret, record.email) }
			: null;
		return {
			enabled: Boolean(record.mfa),
			recoveryCodesLeft: record.mfa?.recoveryCodes.length ?? 0,
			pending: record.mfa ? null : pending
		};
	}

	/** Starts (or starts over) TOTP enrolment with a new secret, kept until a code confirms it. */
	async startMfaEnrolment(userId: string): Promise<{ secret: string; uri: string }> {
		const record = await this.existing(userId);
		if (record.mfa) throw new AccountError('Two-factor sign-in is already on.');
		const secret = newTotpSecret();
		await this.store.updateUser(userId, { mfaPending: { secret, createdAt: this.iso() } });
		return { secret, uri: totpUri(secret, record.email) };
	}

	/**
	 * Switches TOTP on once `code` proves the app holds the pending secret; returns the recovery
	 * codes, shown once (only their hashes are kept).
	 */
	async confirmMfa(userId: string, code: string): Promise<string[]> {
		const record = await this.existing(userId);
		if (record.mfa) throw new AccountError('Two-factor sign-in is already on.');
		if (!record.mfaPending) throw new AccountError('Start again: show a new code to scan.');
		const step = await totpStep(record.mfaPending.secret, code, this.now());
		if (step === null) {
			throw new AccountError('That code is not correct. Check the clock of your phone.', 'code');
		}
		const codes = newRecoveryCodes();
		await this.store.updateUser(userId, {
			mfa: {
				secret: record.mfaPending.secret,
				enabledAt: this.iso(),
				lastStep: step,
				recoveryCodes: codes.map((c) => recoveryCodeHash(c)!)
			},
			mfaPending: null
		});
		return codes;
	}

	/**
	 * Accepts a current TOTP code (each time step once) or an unused recovery code (each once) as
	 * the account's second factor; false for anything else.
	 */
	async verifySecondFactor(userId: string, typed: string): Promise<boolean> {
		const record = await this.store.findUser(userId);
		if (!record?.mfa || record.disabled) return false;
		const code = typed.replace(/\s/g, '');
		const step = await totpStep(record.mfa.secret, code, this.now(), record.mfa.lastStep);
		// The store takes the step only if no other request took it meanwhile.
		if (step !== null) return this.store.useTotpStep(userId, step);
		const hash = recoveryCodeHash(typed);
		return hash ? this.store.useRecoveryCode(userId, hash) : false;
	}

	/** Turns the user's second factor off after checking their password and a code. */
	async disableMfa(userId: string, password: string, code: string): Promise<void> {
		const record = await this.existing(userId);
		if (!record.mfa) throw new AccountError('Two-factor sign-in is not on.');
		if (!(await verifyPassword(password, record.passwordHash))) {
			throw new AccountError('The password is not correct.', 'password');
		}
		if (!(await this.verifySecondFactor(userId, code))) {
			throw new AccountError('That code is not correct.', 'code');
		}
		await this.store.updateUser(userId, { mfa: null, mfaPending: null });
	}

	/** Replaces the user's recovery codes after checking a code; returns the new ones, shown once. */
	async regenerateRecoveryCodes(userId: string, code: string): Promise<string[]> {
		const record = await this.existing(userId);
		if (!record.mfa) throw new AccountError('Two-factor sign-in is not on.');
		if (!(await this.verifySecondFactor(userId, code))) {
			throw new AccountError('That code is not correct.', 'code');
		}
		const fresh = (await this.existing(userId)).mfa!;
		const codes = newRecoveryCodes();
		const recoveryCodes = codes.map((c) => recoveryCodeHash(c)!);
		await this.store.updateUser(userId, { mfa: { ...fresh, recoveryCodes } });
		return codes;
	}

	/** Removes another user's second factor (admins only; a lost phone) and signs them out. */
	async resetMfa(actor: User, userId: string): Promise<User> {
		assertAdmin(actor);
		// Else a stolen admin session could drop its own second factor without a code.
		if (userId === actor.id) {
			throw new AccountError('Turn off your own two-factor sign-in on your account page.');
		}
		const record = await this.update(userId, { mfa: null, mfaPending: null });
		await this.store.deleteUserSessions(userId);
		await this.store.deleteUserTokens(userId, 'mfa-sign-in');
		return toUser(record);
	}

	/**
	 * Starts a sign-in that waits for its second factor: a token for a short-lived cookie, bound
	 * to the account, replacing the account's earlier waiting sign-ins. No login session yet.
	 */
	async startPendingSignIn(userId: string): Promise<StartedSession> {
		const now = this.now();
		const token = newSessionToken();
		const expiresAt = new Date(now + PENDING_SIGN_IN_TTL_MS);
		await this.store.insertUserToken({
			id: hashSecret(token),
			purpose: 'mfa-sign-in',
			userId,
			createdAt: this.iso(now),
			expiresAt: expiresAt.toISOString(),
			createdBy: userId
		});
		return { token, expiresAt };
	}

	/** The active user a waiting sign-in is for, or null when it expired or is unknown. */
	async pendingSignInUser(token: string): Promise<User | null> {
		if (!isSessionToken(token)) return null;
		const found = await this.store.findUserToken(hashSecret(token));
		if (!found || found.purpose !== 'mfa-sign-in') return null;
		if (Date.parse(found.expiresAt) <= this.now()) return null;
		const record = await this.store.findUser(found.userId);
		return record && !record.disabled && record.mfa ? toUser(record) : null;
	}

	/** Ends a waiting sign-in (after its code was accepted, or on giving up). */
	async endPendingSignIn(token: string): Promise<void> {
		if (isSessionToken(token)) await this.store.takeUserToken(hashSecret(token));
	}

	private async existing(userId: string): Promise<UserRecord> {
		const record = await this.store.findUser(userId);
		if (!record) throw new AccountError('This account no longer exists.');
		return record;
	}

	private async liveResetToken(token: string) {
		if (!isSessionToken(token)) return null;
		const found = await this.store.findUserToken(hashSecret(token));
		if (!found || found.purpose !== 'password-reset') return null;
		if (Date.parse(found.expiresAt) <= this.now()) return null;
		const record = await this.store.findUser(found.userId);
		if (!record || record.disabled) return null;
		return { token: found, user: toUser(record) };
	}

	private async update(userId: string, patch: Parameters<AccountStore['updateUser']>[1]) {
		try {
			const record = await this.store.updateUser(userId, patch);
			if (!record) throw new AccountError('There is no such user.');
			return record;
		} catch (e) {
			if (e instanceof LastAdminError) throw new AccountError(e.message);
			throw e;
		}
	}

	private async newUserRecord(
		input: NewAccount,
		role: Role,
		createdBy: string | null
	): Promise<UserRecord> {
		const email = input.email.trim().toLowerCase();
		const name = input.name.trim();
		if (!email.includes('@')) throw new AccountError('Enter a valid email address.', 'email');
		if (!name) throw new AccountError('Enter a name.', 'name');
		const problem = passwordProblem(input.password);
		if (problem) throw new AccountError(problem, 'password');
		return {
			id: randomUUID(),
			email,
			name,
			role,
			passwordHash: await hashPassword(input.password),
			disabled: false,
			createdAt: this.iso(),
			createdBy
		};
	}
}

function assertAdmin(actor: User): void {
	if (actor.role !== 'admin') throw new AccountError('Only admins can manage users.');
}

function toTokenSummary(r: ApiTokenRecord): ApiTokenSummary {
	return {
		id: r.id,
		name: r.name,
		prefix: r.prefix,
		createdAt: r.createdAt,
		lastUsedAt: r.lastUsedAt,
		revokedAt: r.revokedAt
	};
}
