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
	passwordHash: string;
	disabled: boolean;
	/** ISO timestamp. */
	createdAt: string;
	/** Id of the admin who added this user; null for the first admin. */
	createdBy: string | null;
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

export type UserPatch = Partial<Pick<UserRecord, 'name' | 'role' | 'disabled' | 'passwordHash'>>;

/** An email that already belongs to an account. */
export class EmailTakenError extends Error {
	constructor(readonly email: string) {
		super(`An account with the email ${email} already exists.`);
		this.name = 'EmailTakenError';
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
	/**
	 * Adds `user`; throws EmailTakenError, or SetupDoneError when `firstUser` is set and a user
	 * already exists.
	 */
	insertUser(user: UserRecord, options?: { firstUser?: boolean }): Promise<void>;
	/** Changes `id`; returns null for an unknown id; throws LastAdminError (changing nothing). */
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
}
