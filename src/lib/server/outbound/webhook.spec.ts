import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { FileImprovementItemStore } from '../storage/file/improvements';
import { FileWebhookDeliveryStore } from '../storage/file/webhook-deliveries';
import { ImprovementStore } from '../improvements/store';
import { verifySignature } from './signing';
import { trimLog, WebhookSender, type Delivery } from './webhook';

const SECRET = 'whsec-unit-0123456789abcdef';

interface Received {
	headers: IncomingMessage['headers'];
	body: string;
}

/** A receiver on loopback that answers with the statuses in `answers`, then 204. */
async function receiver(answers: number[]) {
	const got: Received[] = [];
	const server: Server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			got.push({ headers: req.headers, body });
			res.statusCode = answers.shift() ?? 204;
			res.end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as { port: number };
	return { got, url: `http://127.0.0.1:${port}/hooks/sandtable?token=path-secret`, server };
}

function captured() {
	const lines: string[] = [];
	const log = createLogger({ write: (l: string) => void lines.push(l) }, 'debug');
	return { log, lines };
}

const until = async (check: () => boolean, ms = 5000) => {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
};

let dir: string;
let servers: Server[] = [];
let senders: WebhookSender[] = [];
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'sandtable-webhook-'));
});
afterEach(async () => {
	for (const s of senders) s.close();
	for (const s of servers) s.close();
	senders = [];
	servers = [];
	await rm(dir, { recursive: true, force: true });
});

let setUps = 0;
async function setUp(answers: number[], retryBaseMs = 20) {
	// Each its own folder: a second sender must not pick up the first one's log.
	const base = join(dir, String(++setUps));
	const r = await receiver(answers);
	servers.push(r.server);
	const { log, lines } = captured();
	const store = new FileWebhookDeliveryStore(join(base, 'webhooks', 'deliveries.json'));
	const sender = await WebhookSender.open(
		store,
		{ url: r.url, secret: SECRET, retryBaseMs },
		{ fetch, now: Date.now, random: () => 0.5, log }
	);
	senders.push(sender);
	const items = await ImprovementStore.open(
		new FileImprovementItemStore(join(base, 'improvements.json'))
	);
	items.onChange((e) => sender.enqueue(e));
	return { r, sender, items, lines, store, base };
}

const draft = {
	key: 'k1',
	issue: 'Nobody opened the out-of-band bridge',
	correctiveAction: 'Add the bridge to the checklist',
	planSection: 'roles-and-contacts',
	capabilityElement: 'planning' as const,
	objectiveId: null,
	teamId: 'red',
	phases: ['preparation']
};
const session = { id: 's1', title: 'April drill', scenarioId: 'ransomware-file-server' };
const who = { id: 'u', name: 'Lou Lead' };

describe('the improvement webhook', () => {
	it('delivers a created item, signed, after a 500 and a retry; logs each attempt without the secret', async () => {
		const { r, sender, items, lines } = await setUp([500]);
		const [item] = await items.propose(session, [draft], who);
		await until(() => r.got.length === 2);
		const [first, second] = r.got;
		// The same delivery both times: same id, same body; each attempt signed afresh.
		expect(second.body).toBe(first.body);
		expect(second.headers['sandtable-delivery']).toBe(first.headers['sandtable-delivery']);
		expect(second.headers['sandtable-event']).toBe('improvement_item.created');
		const now = Math.floor(Date.now() / 1000);
		expect(
			verifySignature(second.headers['sandtable-signature'] as string, SECRET, second.body, now)
		).toBe(true);
		const body = JSON.parse(second.body);
		expect(body).toMatchObject({
			type: 'improvement_item.created',
			id: second.headers['sandtable-delivery'],
			item: { id: item.id, issue: draft.issue, review: 'pending', status: 'open', version: 1 }
		});
		expect(body.item.history).toBeUndefined();
		await until(() => sender.recent()[0]?.state === 'delivered');
		expect(sender.recent()[0].attempts.map((a) => a.status)).toEqual([500, 204]);
		const log = lines.join('');
		expect(log).toContain('webhook: attempt failed');
		expect(log).toContain('webhook: delivered');
		expect(log).not.toContain(SECRET);
		expect(log).not.toContain('path-secret');
		expect(log).not.toContain(draft.issue);
	});

	it('sends reviews and status changes, not other edits', async () => {
		const { r, items } = await setUp([]);
		const [item] = await items.propose(session, [{ ...draft, planSection: null }], who);
		await items.update(item.id, { owner: 'Ina' }, who);
		await items.review(item.id, 'accepted', who, null);
		await items.update(item.id, { status: 'in-progress' }, who);
		await until(() => r.got.length === 3);
		await new Promise((res) => setTimeout(res, 100));
		expect(r.got.map((g) => JSON.parse(g.body).type).sort()).toEqual([
			'improvement_item.created',
			'improvement_item.reviewed',
			'improvement_item.status_changed'
		]);
	});

	it('gives up at once on a 4xx, and after six attempts on 5xx', async () => {
		const { r, sender, items } = await setUp([404], 5);
		await items.propose(session, [draft], who);
		await until(() => sender.recent()[0]?.state === 'failed');
		expect(r.got).toHaveLength(1);
		const second = await setUp([503, 503, 503, 503, 503, 503, 503], 5);
		await second.items.propose({ ...session, id: 's2' }, [draft], who);
		await until(() => second.sender.recent()[0]?.state === 'failed');
		expect(second.r.got).toHaveLength(6);
		expect(second.sender.recent()[0].nextAt).toBeNull();
	});

	it('keeps pending deliveries on disk and sends them after a restart', async () => {
		const { r, sender, items, store, base } = await setUp([503], 60_000);
		await items.propose(session, [draft], who);
		await until(() => sender.recent()[0]?.attempts.length === 1);
		sender.close();
		await until(() => r.got.length === 1);
		// The log is written in the background: wait until the failed attempt is on disk.
		const file = join(base, 'webhooks', 'deliveries.json');
		const onDisk = async () =>
			existsSync(file) ? JSON.parse(await readFile(file, 'utf8')).deliveries : [];
		await expect.poll(async () => (await onDisk())[0]?.attempts.length, { timeout: 5000 }).toBe(1);
		expect((await onDisk())[0].state).toBe('pending');
		// Restarted with the retry due now: it is sent without waiting for a new event.
		await store.save((await store.list()).map((d) => ({ ...d, nextAt: Date.now() })));
		const restarted = await WebhookSender.open(
			new FileWebhookDeliveryStore(join(base, 'webhooks', 'deliveries.json')),
			{ url: r.url, secret: SECRET, retryBaseMs: 60_000 },
			{ fetch, now: Date.now, random: () => 0.5, log: captured().log }
		);
		senders.push(restarted);
		await until(() => restarted.recent()[0]?.state === 'delivered');
		expect(r.got).toHaveLength(2);
		expect(r.got[1].body).toBe(r.got[0].body);
	});

	it('retries when nobody answers, and logs the reason without the URL', async () => {
		// A port that was just free: the connection is refused.
		const closed = await receiver([]);
		closed.server.close();
		const { log, lines } = captured();
		const sender = await WebhookSender.open(
			new FileWebhookDeliveryStore(join(dir, 'refused', 'deliveries.json')),
			{ url: closed.url, secret: SECRET, retryBaseMs: 60_000 },
			{ fetch, now: Date.now, random: () => 0.5, log }
		);
		senders.push(sender);
		const items = await ImprovementStore.open(
			new FileImprovementItemStore(join(dir, 'refused', 'improvements.json'))
		);
		items.onChange((e) => sender.enqueue(e));
		await items.propose(session, [draft], who);
		await until(() => sender.recent()[0]?.attempts.length === 1);
		const [delivery] = sender.recent();
		expect(delivery.state).toBe('pending');
		expect(delivery.attempts[0]).toMatchObject({ status: null, error: 'ECONNREFUSED' });
		expect(delivery.nextAt! - delivery.attempts[0].at).toBeGreaterThanOrEqual(60_000);
		const line = JSON.parse(lines.find((l) => l.includes('attempt failed'))!);
		expect(line).toMatchObject({ level: 'warn', error: 'ECONNREFUSED', attempt: 1, of: 6 });
		expect(line.target).toBe(new URL(closed.url).origin);
		expect(lines.join('')).not.toContain('/hooks/sandtable');
	});

	it('forgets the deliveries of a deleted session’s items, durably (issue 17)', async () => {
		const { r, sender, items, store } = await setUp([]);
		const [kept] = await items.propose(session, [draft], who);
		const [gone] = await items.propose({ ...session, id: 's2' }, [draft], who);
		await until(() => r.got.length === 2);
		const removed = await items.removeSession('s2');
		expect(removed).toEqual([gone.id]);
		await sender.forgetItems(new Set(removed));
		expect(sender.recent().map((d) => d.itemId)).toEqual([kept.id]);
		expect((await store.list()).map((d) => d.itemId)).toEqual([kept.id]);
		expect(items.list().map((i) => i.id)).toEqual([kept.id]);
	});

	it('trims the log to the newest settled deliveries and never drops a pending one', () => {
		const d = (id: string, state: Delivery['state']) => ({ id, state }) as Delivery;
		const log = [d('a', 'delivered'), d('b', 'pending'), d('c', 'failed'), d('d', 'delivered')];
		expect(trimLog(log, 2).map((x) => x.id)).toEqual(['b', 'd']);
		expect(trimLog(log, 10)).toBe(log);
	});
});
