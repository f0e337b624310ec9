import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../rate-limit';
import { AuthService } from './service';
import { signIn } from './sign-in';
import { FileAccountStore, accountsFile } from '../storage/file/accounts';

const PASSWORD = 'a long enough password';
let dir: string;
let auth: AuthService;
beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-sign-in-'));
	auth = new AuthService(await FileAccountStore.open(accountsFile(dir)));
	await auth.setupFirstAdmin({ email: 'root@example.com', name: 'Root', password: PASSWORD });
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('signIn', () => {
	it('counts failures per address: the 11th attempt in the window is refused', async () => {
		const limiter = createRateLimiter({ limit: 10, windowMs: 15 * 60_000 });
		const results = [];
		for (let i = 0; i < 11; i++) {
			results.push(await signIn(auth, `user${i}@example.com`, 'wrong', '203.0.113.7', limiter));
		}
		expect(results.slice(0, 10).every((r) => !r.ok && r.reason === 'invalid')).toBe(true);
		expect(results[10]).toMatchObject({ ok: false, reason: 'rate-limited' });
		// Even the right password is refused from that address until the window passes...
		const blocked = await signIn(auth, 'root@example.com', PASSWORD, '203.0.113.7', limiter);
		expect(blocked.ok).toBe(false);
		// ...while another address is not affected.
		expect((await signIn(auth, 'root@example.com', PASSWORD, '203.0.113.8', limiter)).ok).toBe(
			true
		);
	});

	it('counts failures per email across addresses', async () => {
		const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
		for (let i = 0; i < 3; i++)
			await signIn(auth, 'Root@example.com', 'wrong', `198.51.100.${i}`, limiter);
		const result = await signIn(auth, 'root@example.com', PASSWORD, '198.51.100.99', limiter);
		expect(result).toMatchObject({ ok: false, reason: 'rate-limited' });
	});

	it('does not count successful sign-ins, so an office behind one address is not locked out', async () => {
		const limiter = createRateLimiter({ limit: 2, windowMs: 60_000 });
		for (let i = 0; i < 5; i++) {
			expect((await signIn(auth, 'root@example.com', PASSWORD, '192.0.2.1', limiter)).ok).toBe(
				true
			);
		}
	});
});
