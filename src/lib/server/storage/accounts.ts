/**
 * Where accounts, login sessions and API tokens are kept. The store enforces the invariants that
 * must hold under concurrency (unique emails, a first admin only while there are no users, never
 * zero active admins); the rules about who may do what live in the service (auth/service.ts).
 */
import type { Role } from '../auth/types';

export interface UserRecord {
	id: string;
	/** Lowercased; unique. */
	email: string;
	name: string;
	role: Role;
	/** An scrypt hash (auth/password.ts), or NO_PASSWORD for an account that signs in by SSO only. */
	passwordHash: string;
	disabled: boolean;
	/** ISO timestamp. */
	createdAt: string;
	/** Id of the admin who added this user; null for the first admin. */
	createdBy: string | null;
	/** TOTP second factor, once confirmed; absent or null without one. */
	mfa?: MfaRecord | null;
	/** A TOTP secret shown for enrolment and not yet confirmed with a code. */
	mfaPending?: { secret: string; createdAt: string } | null;
	/** The OpenID Connect identity the account signs in with; absent or null without one. */
	oidc?: OidcIdentity | null;
}

/** Who a person is at an OpenID provider: unique per account (the store refuses a second). */
export interface OidcIdentity {
	/** The provider's issuer URL, exactly as in its ID tokens. */
	issuer: string;
	/** The `sub` claim: the provider's stable id of the person. */
	subject: string;
}

/** The passwordHash of an account created by SSO: no password matches it. */
export const NO_PASSWORD = '!';

/** A confirmed TOTP second factor. The secret is kept as is: the data folder is secret. */
export interface MfaRecord {
	/** Base32 TOTP secret. */
	secret: string;
	enabledAt: string;
	/** The last 30-second time step whose code was accepted (no replay); -1 before any. */
	lastStep: number;
	/** sha256 (hex) of each unused recovery code. */
	recoveryCodes: string[];
}

/** What a single-use token is for. */
export type UserTokenPurpose = 'password-reset' | 'mfa-sign-in';

/**
 * A short-lived single-use token bound to one account: an admin's password-reset link, or a
 * sign-in waiting for its second factor.
 */
export interface UserTokenRecord {
	/** sha256 (hex) of the token; the token itself is never stored. */
	id: string;
	purpose: UserTokenPurpose;
	userId: string;
	createdAt: string;
	expiresAt: string;
	/** Who made it: the admin for a reset link, the account itself for a sign-in. */
	createdBy: string;
}

export interface SessionRecord {
	/** sha256 (hex) of the cookie token; the token itself is never stored. */
	id: string;
	userId: string;
	createdAt: string;
	expiresAt: string;
	lastSeenAt: string;
}

export interface ApiTokenRecord {
	id: string;
	userId: string;
	name: string;
	/** sha256 (hex) of the token. */
	tokenHash: string;
	/** The token's first 8 characters, to recognise it in a list. */
	prefix: string;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

export type UserPatch = Partial<
	Pick<UserRecord, 'name' | 'role' | 'disabled' | 'passwordHash' | 'mfa' | 'mfaPending' | 'oidc'>
>;

/** An email that already belongs to an account. */
export class EmailTakenError extends Error {
	constructor(readonly email: string) {
		super(`An account with the email ${email} already exists.`);
		this.name = 'EmailTakenError';
	}
}

/** An OpenID identity that already belongs to another account. */
export class IdentityTakenError extends Error {
	constructor() {
		super('This sign-in is already linked to another account.');
		this.name = 'IdentityTakenError';
	}
}

/** The first admin was already created (set-up is over). */
export class SetupDoneError extends Error {
	constructor() {
		super('Sandtable is already set up.');
		this.name = 'SetupDoneError';
	}
}

/** A change that would leave no active admin. */
export class LastAdminError extends Error {
	constructor() {
		super('This is the last active admin: add or enable another admin first.');
		this.name = 'LastAdminError';
	}
}

/** Persistence of accounts, login sessions and API tokens. */
export interface AccountStore {
	/**
	 * Reads (or connects to) the stored accounts; rejects, naming what is damaged, when they
	 * cannot be used. The other methods open the store themselves; a failed open is tried again
	 * on the next call.
	 */
	open(): Promise<void>;
	countUsers(): Promise<number>;
	listUsers(): Promise<UserRecord[]>;
	findUser(id: string): Promise<UserRecord | null>;
	findUserByEmail(email: string): Promise<UserRecord | null>;
	/** The account linked to this OpenID identity (exact issuer and subject), or null. */
	findUserByOidc(issuer: string, subject: string): Promise<UserRecord | null>;
	/**
	 * Adds `user`; throws EmailTakenError, IdentityTakenError (its `oidc` is another account's),
	 * or SetupDoneError when `firstUser` is set and a user already exists.
	 */
	insertUser(user: UserRecord, options?: { firstUser?: boolean }): Promise<void>;
	/**
	 * Changes `id`; returns null for an unknown id; throws LastAdminError or IdentityTakenError
	 * (changing nothing).
	 */
	updateUser(id: string, patch: UserPatch): Promise<UserRecord | null>;

	insertSession(session: SessionRecord): Promise<void>;
	findSession(id: string): Promise<SessionRecord | null>;
	touchSession(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
	deleteSession(id: string): Promise<void>;
	/** Deletes the user's sessions, except `exceptId`; returns how many. */
	deleteUserSessions(userId: string, exceptId?: string): Promise<number>;
	/** Deletes sessions that expired at or before `now` (ISO); returns how many. */
	deleteExpiredSessions(now: string): Promise<number>;

	insertApiToken(token: ApiTokenRecord): Promise<void>;
	findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
	/** The user's tokens, newest first, revoked ones included. */
	listApiTokens(userId: string): Promise<ApiTokenRecord[]>;
	/** Revokes the user's token `id`; false when there is no such unrevoked token. */
	revokeApiToken(userId: string, id: string, at: string): Promise<boolean>;
	touchApiToken(id: string, at: string): Promise<void>;

	/**
	 * Adds a single-use token, first dropping the same account's earlier tokens of the same purpose
	 * (a new reset link replaces the old ones) and every token expired by `token.createdAt`.
	 */
	insertUserToken(token: UserTokenRecord): Promise<void>;
	/** The token with this hash, expired or not, or null. */
	findUserToken(id: string): Promise<UserTokenRecord | null>;
	/** Removes the token with this hash and returns it; null when it was already taken (one use). */
	takeUserToken(id: string): Promise<UserTokenRecord | null>;
	/** Removes the account's tokens of `purpose`; returns how many. */
	deleteUserTokens(userId: string, purpose: UserTokenPurpose): Promise<number>;

	/**
	 * Records `step` as the account's last accepted TOTP step when it is later than the one
	 * stored; false (changing nothing) when it is not, or the account has no MFA (no replay).
	 */
	useTotpStep(userId: string, step: number): Promise<boolean>;
	/** Removes one unused recovery code by its hash; false when it is not (or no longer) there. */
	useRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
}
