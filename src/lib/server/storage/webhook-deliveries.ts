/**
 * Where the outgoing webhook keeps its deliveries: a short log (the latest few hundred), so the
 * lead sees what was sent and a restart re-queues what was still pending.
 */

export interface WebhookAttempt {
	at: number;
	/** The receiver's status, or null when it did not answer. */
	status: number | null;
	/** What went wrong without an answer (timeout, refused connection), short. */
	error: string | null;
	ms: number;
}

export interface WebhookDelivery {
	id: string;
	event: string;
	itemId: string;
	/** The exact JSON sent on every attempt, so that a receiver can deduplicate by its id. */
	body: string;
	createdAt: number;
	state: 'pending' | 'delivered' | 'failed';
	attempts: WebhookAttempt[];
	/** When the next attempt is due (pending only). */
	nextAt: number | null;
}

export interface WebhookDeliveryStore {
	/** The stored deliveries, oldest first, as copies the caller owns. */
	list(): Promise<WebhookDelivery[]>;
	/** Stores `deliveries` in place of the log; resolves once durable (writes close together coalesce). */
	save(deliveries: WebhookDelivery[]): Promise<void>;
}
