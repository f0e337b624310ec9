/**
 * The outgoing webhook for improvement items: each event (created, reviewed, status changed)
 * becomes a delivery, POSTed as signed JSON to the configured URL and tried again on network
 * errors, timeouts and 5xx (retry.ts), never holding up the request that caused it: the item is
 * durable first, then the delivery is queued here.
 *
 * Deliveries are kept in a WebhookDeliveryStore (`<data>/webhooks/deliveries.json`; the last 200; pending ones are never
 * dropped to make room), so that the lead can see what was sent and what failed, and a restart
 * re-queues what was still pending. Every attempt is logged; the secret and the body never are,
 * and the URL only by its origin (a path may carry a receiver's token).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { WebhookDelivery, WebhookDeliveryStore } from '../storage/webhook-deliveries';
import type { ImprovementItem, ItemEvent } from '../improvements/store';
import { delivered, MAX_ATTEMPTS, retryable, retryDelay, type AttemptOutcome } from './retry';
import { SIGNATURE_HEADER, signatureHeader } from './signing';

export interface WebhookConfig {
	url: string;
	secret: string;
	retryBaseMs: number;
}

export type Delivery = WebhookDelivery & { event: ItemEvent['type'] };

/** Deliveries kept in the log; settled ones go first when it is full. */
export const KEEP = 200;
/** Longest an attempt waits for an answer. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** The item as a delivery carries it: its fields without the history (names of people). */
export function itemPayload(item: ImprovementItem) {
	return {
		id: item.id,
		version: item.history.length,
		sessionId: item.sessionId,
		sessionTitle: item.sessionTitle,
		scenarioId: item.scenarioId,
		teamId: item.teamId,
		objectiveId: item.objectiveId,
		phases: item.phases,
		issue: item.issue,
		correctiveAction: item.correctiveAction,
		planSection: item.planSection,
		capabilityElement: item.capabilityElement,
		owner: item.owner,
		dueDate: item.dueDate,
		review: item.review,
		reviewNote: item.reviewNote,
		status: item.status,
		planRevision: item.planRevision,
		createdAt: new Date(item.createdAt).toISOString(),
		updatedAt: new Date(item.updatedAt).toISOString()
	};
}

/** The JSON body of a delivery (docs/evidence.md describes it). */
export function deliveryBody(id: string, event: ItemEvent): string {
	return JSON.stringify({
		id,
		type: event.type,
		createdAt: new Date(event.at).toISOString(),
		item: itemPayload(event.item)
	});
}

/** Drops the oldest settled deliveries beyond KEEP; pending ones always stay. */
export function trimLog(deliveries: Delivery[], keep = KEEP): Delivery[] {
	let excess = deliveries.length - keep;
	if (excess <= 0) return deliveries;
	return deliveries.filter((d) => {
		if (excess > 0 && d.state !== 'pending') {
			excess--;
			return false;
		}
		return true;
	});
}

export interface SenderDeps {
	fetch: typeof fetch;
	now: () => number;
	random: () => number;
	log: Logger;
	/** Told how each attempt ended (the /metrics counter). */
	counted?: (result: 'delivered' | 'retry' | 'failed') => void;
}

export class WebhookSender {
	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly sending = new Set<string>();
	private closed = false;

	private constructor(
		private readonly store: WebhookDeliveryStore,
		private deliveries: Delivery[],
		private readonly config: WebhookConfig,
		private readonly deps: SenderDeps
	) {}

	/** Opens the delivery log in `store` and re-queues the deliveries still pending. */
	static async open(
		store: WebhookDeliveryStore,
		config: WebhookConfig,
		deps: SenderDeps
	): Promise<WebhookSender> {
		const deliveries = (await store.list()) as Delivery[];
		const sender = new WebhookSender(store, deliveries, config, deps);
		const pending = deliveries.filter((d) => d.state === 'pending');
		if (pending.length > 0)
			deps.log.info({ pending: pending.length }, 'webhook: re-queued pending deliveries');
		for (const d of pending) sender.schedule(d, Math.max(0, (d.nextAt ?? 0) - deps.now()));
		return sender;
	}

	/** Queues a delivery of `event`; returns at once (the delivery log is written in the background). */
	enqueue(event: ItemEvent): Delivery {
		const id = `whd_${randomBytes(9).toString('base64url')}`;
		const delivery: Delivery = {
			id,
			event: event.type,
			itemId: event.item.id,
			body: deliveryBody(id, event),
			createdAt: this.deps.now(),
			state: 'pending',
			attempts: [],
			nextAt: this.deps.now()
		};
		this.deliveries.push(delivery);
		this.deliveries = trimLog(this.deliveries);
		this.save();
		this.schedule(delivery, 0);
		return delivery;
	}

	/** The latest deliveries, newest first, without their bodies. */
	recent(limit = 20): Omit<Delivery, 'body'>[] {
		return this.deliveries
			.slice(-limit)
			.reverse()
			.map(({ body: _body, ...rest }) => structuredClone(rest));
	}

	/** Deletes the deliveries about `itemIds` (a deleted session's items), sent or not. */
	async forgetItems(itemIds: ReadonlySet<string>): Promise<void> {
		const gone = this.deliveries.filter((d) => itemIds.has(d.itemId));
		if (gone.length === 0) return;
		for (const d of gone) {
			clearTimeout(this.timers.get(d.id));
			this.timers.delete(d.id);
		}
		this.deliveries = this.deliveries.filter((d) => !itemIds.has(d.itemId));
		await this.store.save(this.deliveries);
	}

	/** Stops every timer (tests; the process exiting does the same). */
	close(): void {
		this.closed = true;
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
	}

	private save(): void {
		this.store
			.save(this.deliveries)
			.catch((err: unknown) => this.deps.log.error({ err }, 'webhook: delivery log not saved'));
	}

	private schedule(delivery: Delivery, waitMs: number): void {
		if (this.closed) return;
		clearTimeout(this.timers.get(delivery.id));
		const timer = setTimeout(() => {
			this.timers.delete(delivery.id);
			void this.attempt(delivery.id);
		}, waitMs);
		// A pending delivery must not keep a stopping process alive; it is re-queued at start.
		timer.unref?.();
		this.timers.set(delivery.id, timer);
	}

	/** One attempt at a delivery, then its next step: done, another try later, or given up. */
	async attempt(id: string): Promise<void> {
		const delivery = this.deliveries.find((d) => d.id === id);
		if (!delivery || delivery.state !== 'pending' || this.sending.has(id)) return;
		this.sending.add(id);
		const started = this.deps.now();
		let status: AttemptOutcome = null;
		let error: string | null = null;
		try {
			const timestamp = Math.floor(started / 1000);
			const res = await this.deps.fetch(this.config.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'user-agent': 'Sandtable-Webhook/1',
					[SIGNATURE_HEADER]: signatureHeader(this.config.secret, timestamp, delivery.body),
					'Sandtable-Event': delivery.event,
					'Sandtable-Delivery': delivery.id
				},
				body: delivery.body,
				redirect: 'manual',
				signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)
			});
			status = res.status;
			// The answer's body is not needed; reading it frees the connection.
			await res.arrayBuffer().catch(() => undefined);
		} catch (e) {
			error = describe(e);
		} finally {
			this.sending.delete(id);
		}
		const ms = this.deps.now() - started;
		delivery.attempts.push({ at: started, status, error, ms });
		const n = delivery.attempts.length;
		const wait =
			!delivered(status) && retryable(status)
				? retryDelay(n, this.config.retryBaseMs, this.deps.random())
				: null;
		delivery.state = delivered(status) ? 'delivered' : wait === null ? 'failed' : 'pending';
		delivery.nextAt = wait === null ? null : this.deps.now() + wait;
		const line = {
			delivery: delivery.id,
			event: delivery.event,
			item: delivery.itemId,
			target: new URL(this.config.url).origin,
			attempt: n,
			of: MAX_ATTEMPTS,
			status,
			error,
			ms,
			...(wait !== null && { retryInMs: wait })
		};
		this.deps.counted?.(delivery.state === 'pending' ? 'retry' : delivery.state);
		if (delivery.state === 'delivered') this.deps.log.info(line, 'webhook: delivered');
		else if (delivery.state === 'pending') this.deps.log.warn(line, 'webhook: attempt failed');
		else this.deps.log.error(line, 'webhook: delivery given up');
		this.save();
		if (wait !== null) this.schedule(delivery, wait);
	}
}

/** A short reason for an attempt without an answer (never the URL's path or a header). */
function describe(e: unknown): string {
	const err = e as { name?: string; message?: string; cause?: { code?: string } };
	if (err?.name === 'TimeoutError') return `no answer in ${ATTEMPT_TIMEOUT_MS / 1000} s`;
	return err?.cause?.code ?? err?.name ?? 'network error';
}
