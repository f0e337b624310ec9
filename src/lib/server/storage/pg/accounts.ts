/**
 * `AccountStore` over PostgreSQL: tables users, login_sessions, api_tokens and user_tokens, each
 * row's record kept whole as json. The invariants that span rows (a first admin only while there
 * are no users, never zero active admins) are checked in a transaction that holds a lock on the
 * users table against other writers of it, so two app instances cannot both pass the check.
 */
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
import { isUniqueViolation, type PgDatabase, type Queryable } from './db';

const isActiveAdmin = (user: UserRecord) => user.role === 'admin' && !user.disabled;

function definedOnly<T extends object>(patch: T): Partial<T> {
	return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The unique index on (oidc_issuer, oidc_subject) refused a second account for an identity. */
function throwIfIdentityTaken(e: unknown): void {
	if (isUniqueViolation(e) && (e as { constraint?: string }).constraint === 'users_oidc')
		throw new IdentityTakenError();
}

/** Locks the users table against other writers until the transaction ends (readers go on). */
const lockUsers = (client: Queryable) => client.query('LOCK TABLE users IN EXCLUSIVE MODE');

export class PgAccountStore implements AccountStore {
	constructor(private readonly db: PgDatabase) {}

	async open(): Promise<void> {
		await this.db.ready();
	}

	async countUsers(): Promise<number> {
		const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM users');
		return Number(rows[0].n);
	}

	async listUsers(): Promise<UserRecord[]> {
		const { rows } = await this.db.query<{ record: UserRecord }>(
			'SELECT record FROM users ORDER BY position'
		);
		return rows.map((r) => r.record);
	}

	async findUser(id: string): Promise<UserRecord | null> {
		return this.one<UserRecord>('SELECT record FROM users WHERE id = $1', [id]);
	}

	async findUserByEmail(email: string): Promise<UserRecord | null> {
		return this.one<UserRecord>('SELECT record FROM users WHERE email = $1', [email.toLowerCase()]);
	}

	async insertUser(user: UserRecord, options: { firstUser?: boolean } = {}): Promise<void> {
		const record = { ...user, email: user.email.toLowerCase() };
		try {
			await this.db.transaction(async (client) => {
				await lockUsers(client);
				if (options.firstUser) {
					const { rowCount } = await client.query('SELECT 1 FROM users LIMIT 1');
					if (rowCount) throw new SetupDoneError();
				}
				await client.query(
					`INSERT INTO users (id, email, record, oidc_issuer, oidc_subject)
					 VALUES ($1, $2, $3, $4, $5)`,
					[
						record.id,
						record.email,
						JSON.stringify(record),
						record.oidc?.issuer ?? null,
						record.oidc?.subject ?? null
					]
				);
			});
		} catch (e) {
			if (isUniqueViolation(e) && (e as { constraint?: string }).constraint === 'users_email_key')
				throw new EmailTakenError(record.email);
			throwIfIdentityTaken(e);
			throw e;
		}
	}

	async findUserByOidc(issuer: string, subject: string): Promise<UserRecord | null> {
		return this.one<UserRecord>(
			'SELECT record FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2',
			[issuer, subject]
		);
	}

	async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
		return this.db.transaction(async (client) => {
			await lockUsers(client);
			const { rows } = await client.query<{ record: UserRecord }>(
				'SELECT record FROM users WHERE id = $1',
				[id]
			);
			const user = rows[0]?.record;
			if (!user) return null;
			const next: UserRecord = { ...user, ...definedOnly(patch) };
			if (isActiveAdmin(user) && !isActiveAdmin(next)) {
				const others = await client.query<{ record: UserRecord }>(
					'SELECT record FROM users WHERE id <> $1',
					[id]
				);
				if (!others.rows.some((r) => isActiveAdmin(r.record))) throw new LastAdminError();
			}
			await this.writeUser(client, next);
			return next;
		});
	}

	async insertSession(session: SessionRecord): Promise<void> {
		await this.db.query(
			'INSERT INTO login_sessions (id, user_id, expires_at, record) VALUES ($1, $2, $3, $4)',
			[session.id, session.userId, session.expiresAt, JSON.stringify(session)]
		);
	}

	async findSession(id: string): Promise<SessionRecord | null> {
		return this.one<SessionRecord>('SELECT record FROM login_sessions WHERE id = $1', [id]);
	}

	async touchSession(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
		await this.db.transaction(async (client) => {
			const { rows } = await client.query<{ record: SessionRecord }>(
				'SELECT record FROM login_sessions WHERE id = $1 FOR UPDATE',
				[id]
			);
			if (!rows[0]) return;
			const next = { ...rows[0].record, lastSeenAt, expiresAt };
			await client.query('UPDATE login_sessions SET expires_at = $2, record = $3 WHERE id = $1', [
				id,
				expiresAt,
				JSON.stringify(next)
			]);
		});
	}

	async deleteSession(id: string): Promise<void> {
		await this.db.query('DELETE FROM login_sessions WHERE id = $1', [id]);
	}

	async deleteUserSessions(userId: string, exceptId?: string): Promise<number> {
		const { rowCount } = await this.db.query(
			'DELETE FROM login_sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2',
			[userId, exceptId ?? null]
		);
		return rowCount ?? 0;
	}

	async deleteExpiredSessions(now: string): Promise<number> {
		const { rowCount } = await this.db.query('DELETE FROM login_sessions WHERE expires_at <= $1', [
			now
		]);
		return rowCount ?? 0;
	}

	async insertApiToken(token: ApiTokenRecord): Promise<void> {
		await this.db.query(
			'INSERT INTO api_tokens (id, user_id, token_hash, record) VALUES ($1, $2, $3, $4)',
			[token.id, token.userId, token.tokenHash, JSON.stringify(token)]
		);
	}

	async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
		return this.one<ApiTokenRecord>(
			'SELECT record FROM api_tokens WHERE token_hash = $1 ORDER BY position LIMIT 1',
			[tokenHash]
		);
	}

	async listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
		const { rows } = await this.db.query<{ record: ApiTokenRecord }>(
			'SELECT record FROM api_tokens WHERE user_id = $1 ORDER BY position',
			[userId]
		);
		return rows.map((r) => r.record).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	}

	async revokeApiToken(userId: string, id: string, at: string): Promise<boolean> {
		return this.updateApiToken(id, (t) =>
			t.userId === userId && !t.revokedAt ? { ...t, revokedAt: at } : null
		);
	}

	async touchApiToken(id: string, at: string): Promise<void> {
		await this.updateApiToken(id, (t) => ({ ...t, lastUsedAt: at }));
	}

	async insertUserToken(token: UserTokenRecord): Promise<void> {
		await this.db.transaction(async (client) => {
			await client.query(
				'DELETE FROM user_tokens WHERE (user_id = $1 AND purpose = $2) OR expires_at <= $3',
				[token.userId, token.purpose, token.createdAt]
			);
			await client.query(
				'INSERT INTO user_tokens (id, user_id, purpose, expires_at, record) VALUES ($1, $2, $3, $4, $5)',
				[token.id, token.userId, token.purpose, token.expiresAt, JSON.stringify(token)]
			);
		});
	}

	async findUserToken(id: string): Promise<UserTokenRecord | null> {
		return this.one<UserTokenRecord>('SELECT record FROM user_tokens WHERE id = $1', [id]);
	}

	async takeUserToken(id: string): Promise<UserTokenRecord | null> {
		// DELETE ... RETURNING: of two instances taking the same token, one gets it.
		return this.one<UserTokenRecord>('DELETE FROM user_tokens WHERE id = $1 RETURNING record', [
			id
		]);
	}

	async deleteUserTokens(userId: string, purpose: UserTokenPurpose): Promise<number> {
		const { rowCount } = await this.db.query(
			'DELETE FROM user_tokens WHERE user_id = $1 AND purpose = $2',
			[userId, purpose]
		);
		return rowCount ?? 0;
	}

	async useTotpStep(userId: string, step: number): Promise<boolean> {
		return this.updateUserRecord(userId, (user) =>
			user.mfa && step > user.mfa.lastStep
				? { ...user, mfa: { ...user.mfa, lastStep: step } }
				: null
		);
	}

	async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
		return this.updateUserRecord(userId, (user) =>
			user.mfa?.recoveryCodes.includes(codeHash)
				? {
						...user,
						mfa: {
							...user.mfa,
							recoveryCodes: user.mfa.recoveryCodes.filter((h) => h !== codeHash)
						}
					}
				: null
		);
	}

	private async one<T>(sql: string, params: unknown[]): Promise<T | null> {
		const { rows } = await this.db.query<{ record: T }>(sql, params);
		return rows[0]?.record ?? null;
	}

	private async writeUser(client: Queryable, user: UserRecord): Promise<void> {
		try {
			await client.query(
				'UPDATE users SET record = $2, oidc_issuer = $3, oidc_subject = $4 WHERE id = $1',
				[user.id, JSON.stringify(user), user.oidc?.issuer ?? null, user.oidc?.subject ?? null]
			);
		} catch (e) {
			throwIfIdentityTaken(e);
			throw e;
		}
	}

	/** Changes a user's record under a row lock; `change` returns null to change nothing. */
	private async updateUserRecord(
		id: string,
		change: (user: UserRecord) => UserRecord | null
	): Promise<boolean> {
		return this.db.transaction(async (client) => {
			const { rows } = await client.query<{ record: UserRecord }>(
				'SELECT record FROM users WHERE id = $1 FOR UPDATE',
				[id]
			);
			const next = rows[0] ? change(rows[0].record) : null;
			if (!next) return false;
			await this.writeUser(client, next);
			return true;
		});
	}

	private async updateApiToken(
		id: string,
		change: (token: ApiTokenRecord) => ApiTokenRecord | null
	): Promise<boolean> {
		return this.db.transaction(async (client) => {
			const { rows } = await client.query<{ record: ApiTokenRecord }>(
				'SELECT record FROM api_tokens WHERE id = $1 FOR UPDATE',
				[id]
			);
			const next = rows[0] ? change(rows[0].record) : null;
			if (!next) return false;
			await client.query('UPDATE api_tokens SET record = $2 WHERE id = $1', [
				id,
				JSON.stringify(next)
			]);
			return true;
		});
	}
}
