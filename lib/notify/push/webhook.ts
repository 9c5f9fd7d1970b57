// A generic webhook signed per Standard Webhooks: POST <url> with a JSON body
// {type, timestamp, data} and the headers webhook-id (the same on every retry of one delivery),
// webhook-timestamp and webhook-signature. Redirects are not followed (a 3xx is a failure).
import { webhookSecretBytes, type WebhookChannel } from '../../core/channels.js'
import { sha256Hex } from '../../core/crypto.js'
import type { PushMessage } from './message.js'
import { signWebhook } from './standard-webhooks.js'

export function webhookBody(m: PushMessage): string {
  return JSON.stringify({
    type: `felhom.${m.data.kind}`,
    timestamp: m.data.occurred_at,
    data: {
      ...m.data,
      severity: m.severity,
      title: m.title,
      message: m.text,
      url: m.url,
      ack_url: m.ackUrl ?? null,
    },
  })
}

/** The webhook-id: derived from the delivery's key, so it is stable across retries and has no dots. */
export async function webhookId(deliveryKey: string): Promise<string> {
  return `msg_${(await sha256Hex(deliveryKey)).slice(0, 32)}`
}

export async function webhookRequest(
  ch: WebhookChannel,
  m: PushMessage,
  nowMs: number,
): Promise<{ url: string; init: RequestInit }> {
  const body = webhookBody(m)
  const id = await webhookId(m.deliveryKey)
  const ts = Math.floor(nowMs / 1000)
  const signature = await signWebhook(webhookSecretBytes(ch.secret)!, id, ts, body)
  return {
    url: ch.url,
    init: {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': signature,
      },
      body,
    },
  }
}
