/**
 * Where accounts, login sessions and API tokens are kept. `AccountStore` is the contract (so a
 * PostgreSQL store can follow); `LowAccountStore` keeps them in one small lowdb file,
 * `${DATA_DIR}/accounts.json`. The store enforces the invariants that must hold under
 * concurrency (unique emails, a first admin only while there are no users, never zero active
 * admins); the rules about who may do what live in the service.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { DurableDoc } from './durable-file';
import { ROLES, type Role } from '../../auth/types';

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

const isoDate = z.iso.datetime();

const userSchema = z.object({
	id: z.string().min(1),
	email: z.string().min(3),
	name: z.string(),
	role: z.enum(ROLES),
	passwordHash: z.string().min(1),
	disabled: z.boolean(),
	createdAt: isoDate,
	createdBy: z.string().nullable()
});

const sessionSchema = z.object({
	id: z.string().regex(/^[0-9a-f]{64}$/),
	userId: z.string().min(1),
	createdAt: isoDate,
	expiresAt: isoDate,
	lastSeenAt: isoDate
});

const apiTokenSchema = z.object({
	id: z.string().min(1),
	userId: z.string().min(1),
	name: z.string(),
	tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
	prefix: z.string(),
	createdAt: isoDate,
	lastUsedAt: isoDate.nullable(),
	revokedAt: isoDate.nullable()
});

const accountsFileSchema = z.object({
	version: z.literal(1),
	users: z.array(userSchema),
	sessions: z.array(sessionSchema),
	apiTokens: z.array(apiTokenSchema)
});

export type AccountsFile = z.infer<typeof accountsFileSchema>;

/** The problem with an accounts file's content, or null when its shape is sound. */
export function accountsFileProblem(data: unknown): string | null {
	const result = accountsFileSchema.safeParse(data);
	if (!result.success) {
		const issue = result.error.issues[0];
		const where = issue.path.length > 0 ? issue.path.join('.') : 'the document';
		return `is not a valid accounts file (${where}: ${issue.message})`;
	}
	const emails = new Set<string>();
	for (const user of result.data.users) {
		if (user.email !== user.email.toLowerCase()) return `has a non-lowercase email ${user.email}`;
		if (emails.has(user.email)) return `has two accounts with the email ${user.email}`;
		emails.add(user.email);
	}
	return null;
}

function isActiveAdmin(user: UserRecord): boolean {
	return user.role === 'admin' && !user.disabled;
}

/** Copies, so callers can never change the document without going through the store. */
const copy = <T extends object>(record: T): T => ({ ...record });

/**
 * The lowdb store. Every change happens synchronously in memory (so checks and changes cannot
 * interleave) and is then committed; a method resolves once its change is on disk.
 */
export class LowAccountStore implements AccountStore {
	private constructor(private readonly doc: DurableDoc<AccountsFile>) {}

	/** Opens (creating on first write) the accounts file; a corrupt file throws DataFileError. */
	static async open(file: string): Promise<LowAccountStore> {
		const doc = await DurableDoc.open<AccountsFile>(
			file,
			() => ({ version: 1, users: [], sessions: [], apiTokens: [] }),
			accountsFileProblem
		);
		return new LowAccountStore(doc);
	}

	/** Writes done so far (for tests of write frequency). */
	get writes(): number {
		return this.doc.writes;
	}

	private get data(): AccountsFile {
		return this.doc.data;
	}

	async countUsers(): Promise<number> {
		return this.data.users.length;
	}

	async listUsers(): Promise<UserRecord[]> {
		return this.data.users.map(copy);
	}

	async findUser(id: string): Promise<UserRecord | null> {
		const user = this.data.users.find((u) => u.id === id);
		return user ? copy(user) : null;
	}

	async findUserByEmail(email: string): Promise<UserRecord | null> {
		const wanted = email.toLowerCase();
		const user = this.data.users.find((u) => u.email === wanted);
		return user ? copy(user) : null;
	}

	async insertUser(user: UserRecord, options: { firstUser?: boolean } = {}): Promise<void> {
		if (options.firstUser && this.data.users.length > 0) throw new SetupDoneError();
		const record = { ...user, email: user.email.toLowerCase() };
		if (this.data.users.some((u) => u.email === record.email)) {
			throw new EmailTakenError(record.email);
		}
		this.data.users.push(record);
		await this.doc.commit();
	}

	async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
		const user = this.data.users.find((u) => u.id === id);
		if (!user) return null;
		const next = { ...user, ...definedOnly(patch) };
		if (isActiveAdmin(user) && !isActiveAdmin(next)) {
			const others = this.data.users.filter((u) => u.id !== id && isActiveAdmin(u));
			if (others.length === 0) throw new LastAdminError();
		}
		Object.assign(user, next);
		await this.doc.commit();
		return copy(user);
	}

	async insertSession(session: SessionRecord): Promise<void> {
		this.data.sessions.push({ ...session });
		await this.doc.commit();
	}

	async findSession(id: string): Promise<SessionRecord | null> {
		const session = this.data.sessions.find((s) => s.id === id);
		return session ? copy(session) : null;
	}

	async touchSession(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
		const session = this.data.sessions.find((s) => s.id === id);
		if (!session) return;
		session.lastSeenAt = lastSeenAt;
		session.expiresAt = expiresAt;
		await this.doc.commit();
	}

	async deleteSession(id: string): Promise<void> {
		await this.removeSessions((s) => s.id === id);
	}

	async deleteUserSessions(userId: string, exceptId?: string): Promise<number> {
		return this.removeSessions((s) => s.userId === userId && s.id !== exceptId);
	}

	async deleteExpiredSessions(now: string): Promise<number> {
		const cutoff = Date.parse(now);
		return this.removeSessions((s) => Date.parse(s.expiresAt) <= cutoff);
	}

	async insertApiToken(token: ApiTokenRecord): Promise<void> {
		this.data.apiTokens.push({ ...token });
		await this.doc.commit();
	}

	async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
		const token = this.data.apiTokens.find((t) => t.tokenHash === tokenHash);
		return token ? copy(token) : null;
	}

	async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
		return this.data.apiTokens
			.filter((t) => t.userId === userId)
			.map(copy)
			.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	}

	async revokeApiToken(userId: string, id: string, at: string): Promise<boolean> {
		const token = this.data.apiTokens.find((t) => t.id === id && t.userId === userId);
		if (!token || token.revokedAt) return false;
		token.revokedAt = at;
		await this.doc.commit();
		return true;
	}

	async touchApiToken(id: string, at: string): Promise<void> {
		const token = this.data.apiTokens.find((t) => t.id === id);
		if (!token) return;
		token.lastUsedAt = at;
		await this.doc.commit();
	}

	private async removeSessions(match: (s: SessionRecord) => boolean): Promise<number> {
		const before = this.data.sessions.length;
		this.data.sessions = this.data.sessions.filter((s) => !match(s));
		const removed = before - this.data.sessions.length;
		if (removed > 0) await this.doc.commit();
		return removed;
	}
}

function definedOnly<T extends object>(patch: T): Partial<T> {
	return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The accounts file inside a data folder. */
export function accountsFile(dataDir: string): string {
	return join(dataDir, 'accounts.json');
}
