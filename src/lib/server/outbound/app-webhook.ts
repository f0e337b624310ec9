/**
 * The installation's improvement-item webhook, opened once at start when IMPROVEMENT_WEBHOOK_URL
 * is set, and listening to the improvement items from then on.
 */
import { storage } from '../app-storage';
import { IMPROVEMENT_WEBHOOK } from '../config';
import type { ImprovementStore } from '../improvements/store';
import { log } from '../log';
import { webhookAttempted } from '../metrics';
import { WebhookSender } from './webhook';

let sender: WebhookSender | null = null;

/** Opens the webhook (if configured) and sends it every change of `items`. */
export async function startWebhook(items: ImprovementStore): Promise<void> {
	if (!IMPROVEMENT_WEBHOOK || sender) return;
	sender = await WebhookSender.open(storage.webhookDeliveries, IMPROVEMENT_WEBHOOK, {
		fetch: globalThis.fetch,
		now: Date.now,
		random: Math.random,
		log: log.child({ component: 'webhook' }),
		counted: webhookAttempted
	});
	const opened = sender;
	items.onChange((event) => opened.enqueue(event));
	log.info(
		{ target: new URL(IMPROVEMENT_WEBHOOK.url).origin },
		'webhook: improvement items are sent'
	);
}

/** The webhook's target origin and latest deliveries, or null when none is configured. */
export function webhookStatus() {
	if (!sender || !IMPROVEMENT_WEBHOOK) return null;
	return { target: new URL(IMPROVEMENT_WEBHOOK.url).origin, deliveries: sender.recent(20) };
}

/** Deletes the webhook's deliveries about these items (a deleted session's); durable once resolved. */
export async function forgetDeliveries(itemIds: ReadonlySet<string>): Promise<void> {
	await sender?.forgetItems(itemIds);
}
