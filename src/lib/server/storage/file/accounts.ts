/**
 * The accounts, login sessions and API tokens in one small lowdb file,
 * `${DATA_DIR}/accounts.json`, checked against its schema when read.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { ROLES } from '../../auth/types';
import {
	EmailTakenError,
	IdentityTakenError,
	LastAdminError,
	SetupDoneError,
	type AccountStore,
	type ApiTokenRecord,
	type SessionRecord,
	type UserPatch,
	type UserRecord,
	type UserTokenPurpose,
	type UserTokenRecord
} from '../accounts';
import { lazyDoc, type DurableDoc } from './durable-file';

const isoDate = z.iso.datetime();

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const mfaSchema = z.object({
	secret: z.string().min(16),
	enabledAt: isoDate,
	lastStep: z.number().int(),
	recoveryCodes: z.array(hex64)
});

const userSchema = z.object({
	id: z.string().min(1),
	email: z.string().min(3),
	name: z.string(),
	role: z.enum(ROLES),
	passwordHash: z.string().min(1),
	disabled: z.boolean(),
	createdAt: isoDate,
	createdBy: z.string().nullable(),
	// Added after version 1 was first written: files without them still load.
	mfa: mfaSchema.nullable().optional(),
	mfaPending: z
		.object({ secret: z.string().min(16), createdAt: isoDate })
		.nullable()
		.optional(),
	oidc: z
		.object({ issuer: z.string().min(1), subject: z.string().min(1) })
		.nullable()
		.optional()
});

const userTokenSchema = z.object({
	id: hex64,
	purpose: z.enum(['password-reset', 'mfa-sign-in']),
	userId: z.string().min(1),
	createdAt: isoDate,
	expiresAt: isoDate,
	createdBy: z.string().min(1)
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
	apiTokens: z.array(apiTokenSchema),
	// Added after version 1 was first written: a file without it still loads.
	userTokens: z.array(userTokenSchema).default([])
});

export type AccountsFile = z.output<typeof accountsFileSchema>;

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
	const identities = new Set<string>();
	for (const user of result.data.users) {
		if (!user.oidc) continue;
		const key = identityKey(user.oidc);
		if (identities.has(key)) return `has two accounts linked to one sign-in (${user.email})`;
		identities.add(key);
	}
	return null;
}

const identityKey = (i: { issuer: string; subject: string }) =>
	JSON.stringify([i.issuer, i.subject]);

/** True when `user` is linked to the identity `oidc`. */
function hasIdentity(user: UserRecord, oidc: UserRecord['oidc']): boolean {
	return Boolean(oidc && user.oidc && identityKey(user.oidc) === identityKey(oidc));
}

function isActiveAdmin(user: UserRecord): boolean {
	return user.role === 'admin' && !user.disabled;
}

/** Copies, so callers can never change the document without going through the store. */
const copy = <T extends object>(record: T): T => structuredClone(record);

/**
 * The lowdb store. Every change happens synchronously in memory once the file is open (so checks
 * and changes cannot interleave) and is then committed; a method resolves once its change is on
 * disk.
 */
export class FileAccountStore implements AccountStore {
	private readonly opened: () => Promise<DurableDoc<AccountsFile>>;
	private doc: DurableDoc<AccountsFile> | null = null;

	constructor(readonly file: string) {
		this.opened = lazyDoc<AccountsFile>(
			file,
			() => ({ version: 1, users: [], sessions: [], apiTokens: [], userTokens: [] }),
			accountsFileProblem
		);
	}

	/** Opens (creating on first write) the accounts file; a corrupt file throws DataFileError. */
	static async open(file: string): Promise<FileAccountStore> {
		const store = new FileAccountStore(file);
		await store.open();
		return store;
	}

	async open(): Promise<void> {
		this.doc = await this.opened();
		// The document as read was only checked against the schema, not parsed by it.
		this.doc.data.userTokens ??= [];
	}

	/** Writes done so far (for tests of write frequency). */
	get writes(): number {
		return this.doc?.writes ?? 0;
	}

	/** The document, opened on first use. */
	private async data(): Promise<AccountsFile> {
		await this.open();
		return this.doc!.data;
	}

	private async commit(): Promise<void> {
		await this.doc!.commit();
	}

	async countUsers(): Promise<number> {
		const data = await this.data();
		return data.users.length;
	}

	async listUsers(): Promise<UserRecord[]> {
		const data = await this.data();
		return data.users.map(copy);
	}

	async findUser(id: string): Promise<UserRecord | null> {
		const data = await this.data();
		const user = data.users.find((u) => u.id === id);
		return user ? copy(user) : null;
	}

	async findUserByEmail(email: string): Promise<UserRecord | null> {
		const data = await this.data();
		const wanted = email.toLowerCase();
		const user = data.users.find((u) => u.email === wanted);
		return user ? copy(user) : null;
	}

	async findUserByOidc(issuer: string, subject: string): Promise<UserRecord | null> {
		const data = await this.data();
		const user = data.users.find((u) => hasIdentity(u, { issuer, subject }));
		return user ? copy(user) : null;
	}

	async insertUser(user: UserRecord, options: { firstUser?: boolean } = {}): Promise<void> {
		const data = await this.data();
		if (options.firstUser && data.users.length > 0) throw new SetupDoneError();
		const record = { ...structuredClone(user), email: user.email.toLowerCase() };
		if (data.users.some((u) => u.email === record.email)) {
			throw new EmailTakenError(record.email);
		}
		if (data.users.some((u) => hasIdentity(u, record.oidc))) throw new IdentityTakenError();
		data.users.push(record);
		await this.commit();
	}

	async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
		const data = await this.data();
		const user = data.users.find((u) => u.id === id);
		if (!user) return null;
		const next = { ...user, ...structuredClone(definedOnly(patch)) };
		if (data.users.some((u) => u.id !== id && hasIdentity(u, next.oidc))) {
			throw new IdentityTakenError();
		}
		if (isActiveAdmin(user) && !isActiveAdmin(next)) {
			const others = data.users.filter((u) => u.id !== id && isActiveAdmin(u));
			if (others.length === 0) throw new LastAdminError();
		}
		Object.assign(user, next);
		await this.commit();
		return copy(user);
	}

	async insertSession(session: SessionRecord): Promise<void> {
		const data = await this.data();
		data.sessions.push({ ...session });
		await this.commit();
	}

	async findSession(id: string): Promise<SessionRecord | null> {
		const data = await this.data();
		const session = data.sessions.find((s) => s.id === id);
		return session ? copy(session) : null;
	}

	async touchSession(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
		const data = await this.data();
		const session = data.sessions.find((s) => s.id === id);
		if (!session) return;
		session.lastSeenAt = lastSeenAt;
		session.expiresAt = expiresAt;
		await this.commit();
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
		const data = await this.data();
		data.apiTokens.push({ ...token });
		await this.commit();
	}

	async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
		const data = await this.data();
		const token = data.apiTokens.find((t) => t.tokenHash === tokenHash);
		return token ? copy(token) : null;
	}

	async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
		const data = await this.data();
		return data.apiTokens
			.filter((t) => t.userId === userId)
			.map(copy)
			.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	}

	async revokeApiToken(userId: string, id: string, at: string): Promise<boolean> {
		const data = await this.data();
		const token = data.apiTokens.find((t) => t.id === id && t.userId === userId);
		if (!token || token.revokedAt) return false;
		token.revokedAt = at;
		await this.commit();
		return true;
	}

	async touchApiToken(id: string, at: string): Promise<void> {
		const data = await this.data();
		const token = data.apiTokens.find((t) => t.id === id);
		if (!token) return;
		token.lastUsedAt = at;
		await this.commit();
	}

	async insertUserToken(token: UserTokenRecord): Promise<void> {
		const data = await this.data();
		const now = Date.parse(token.createdAt);
		data.userTokens = data.userTokens.filter(
			(t) =>
				!(t.userId === token.userId && t.purpose === token.purpose) && Date.parse(t.expiresAt) > now
		);
		data.userTokens.push({ ...token });
		await this.commit();
	}

	async findUserToken(id: string): Promise<UserTokenRecord | null> {
		const data = await this.data();
		const token = data.userTokens.find((t) => t.id === id);
		return token ? copy(token) : null;
	}

	async takeUserToken(id: string): Promise<UserTokenRecord | null> {
		const data = await this.data();
		const token = data.userTokens.find((t) => t.id === id);
		if (!token) return null;
		data.userTokens = data.userTokens.filter((t) => t !== token);
		await this.commit();
		return token;
	}

	async deleteUserTokens(userId: string, purpose: UserTokenPurpose): Promise<number> {
		const data = await this.data();
		const before = data.userTokens.length;
		data.userTokens = data.userTokens.filter(
			(t) => !(t.userId === userId && t.purpose === purpose)
		);
		const removed = before - data.userTokens.length;
		if (removed > 0) await this.commit();
		return removed;
	}

	async useTotpStep(userId: string, step: number): Promise<boolean> {
		const data = await this.data();
		const mfa = data.users.find((u) => u.id === userId)?.mfa;
		if (!mfa || step <= mfa.lastStep) return false;
		mfa.lastStep = step;
		await this.commit();
		return true;
	}

	async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
		const data = await this.data();
		const mfa = data.users.find((u) => u.id === userId)?.mfa;
		if (!mfa || !mfa.recoveryCodes.includes(codeHash)) return false;
		mfa.recoveryCodes = mfa.recoveryCodes.filter((h) => h !== codeHash);
		await this.commit();
		return true;
	}

	private async removeSessions(match: (s: SessionRecord) => boolean): Promise<number> {
		const data = await this.data();
		const before = data.sessions.length;
		data.sessions = data.sessions.filter((s) => !match(s));
		const removed = before - data.sessions.length;
		if (removed > 0) await this.commit();
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
