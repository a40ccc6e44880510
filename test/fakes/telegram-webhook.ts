import type { UpdateQueue } from './telegram-updates.ts';

export interface WebhookRegistration {
  url: string;
  secretToken?: string;
  /** Every parameter of the setWebhook call, as received. */
  params: Record<string, unknown>;
}

export interface WebhookDelivery {
  updateId: number;
  status: number;
}

/** POSTs pending updates one at a time, forgetting each the receiver accepts, until one is refused. */
export async function deliverUpdates(
  webhook: WebhookRegistration,
  updates: UpdateQueue,
): Promise<WebhookDelivery[]> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (webhook.secretToken) headers['x-telegram-bot-api-secret-token'] = webhook.secretToken;
  const deliveries: WebhookDelivery[] = [];

  for (const update of updates.pending) {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    deliveries.push({ updateId: update.update_id, status: response.status });
    if (!response.ok) break;
    updates.remove(update.update_id);
  }
  return deliveries;
}
