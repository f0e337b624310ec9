/** The webhook's delivery log as one small JSON file (`<data>/webhooks/deliveries.json`). */
import type { WebhookDelivery, WebhookDeliveryStore } from '../webhook-deliveries';
import { lazyDoc } from './durable-file';

interface DeliveryLog {
	deliveries: WebhookDelivery[];
}

export class FileWebhookDeliveryStore implements WebhookDeliveryStore {
	private readonly doc: ReturnType<typeof lazyDoc<DeliveryLog>>;

	constructor(file: string) {
		this.doc = lazyDoc<DeliveryLog>(
			file,
			() => ({ deliveries: [] }),
			(data) =>
				Array.isArray((data as DeliveryLog | null)?.deliveries)
					? null
					: 'is not a webhook delivery log (no deliveries list)'
		);
	}

	async list(): Promise<WebhookDelivery[]> {
		return structuredClone((await this.doc()).data.deliveries);
	}

	async save(deliveries: WebhookDelivery[]): Promise<void> {
		const doc = await this.doc();
		doc.data.deliveries = structuredClone(deliveries);
		await doc.commit();
	}
}
