/**
 * `WebhookDeliveryStore` over PostgreSQL: the log saved whole in the one row of
 * `webhook_deliveries`. Saves are written in the order they were called.
 */
import type { WebhookDelivery, WebhookDeliveryStore } from '../webhook-deliveries';
import { CallOrder, type PgDatabase } from './db';

export class PgWebhookDeliveryStore implements WebhookDeliveryStore {
	private readonly order = new CallOrder();

	constructor(private readonly db: PgDatabase) {}

	async list(): Promise<WebhookDelivery[]> {
		await this.order.settled('log');
		const { rows } = await this.db.query<{ deliveries: WebhookDelivery[] }>(
			'SELECT deliveries FROM webhook_deliveries WHERE id = 1'
		);
		return rows[0]?.deliveries ?? [];
	}

	save(deliveries: WebhookDelivery[]): Promise<void> {
		const text = JSON.stringify(deliveries);
		return this.order.run('log', async () => {
			await this.db.query(
				`INSERT INTO webhook_deliveries (id, deliveries) VALUES (1, $1)
				 ON CONFLICT (id) DO UPDATE SET deliveries = excluded.deliveries`,
				[text]
			);
		});
	}
}
