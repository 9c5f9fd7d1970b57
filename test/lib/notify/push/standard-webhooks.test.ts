import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { webhookSecretBytes } from '../../../../lib/core/channels.js'
import { signWebhook } from '../../../../lib/notify/push/standard-webhooks.js'

// The official vector of the Standard Webhooks specification (its JavaScript, Go, Java and C#
// libraries test the same one).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const TS = 1614265330
const PAYLOAD = '{"test": 2432232314}'

describe('signWebhook', () => {
  it("produces the specification's official test vector", async () => {
    const sig = await signWebhook(webhookSecretBytes(SECRET)!, ID, TS, PAYLOAD)
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('agrees with the standardwebhooks library for another message', async () => {
    const lib = new Webhook(SECRET)
    const at = new Date('2026-11-29T04:30:00Z')
    const body = '{"type":"felhom.event","data":{"title":"Kovács család: node_down"}}'
    const ours = await signWebhook(webhookSecretBytes(SECRET)!, 'msg_abc', at.getTime() / 1000, body)
    expect(ours).toBe(lib.sign('msg_abc', at, body))
  })

  it('refuses a secret that is not whsec_ and 24–64 bytes of base64', () => {
    expect(webhookSecretBytes('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeNull()
    expect(webhookSecretBytes('whsec_' + btoa('short'))).toBeNull()
    expect(webhookSecretBytes('whsec_not base64!')).toBeNull()
    expect(webhookSecretBytes(SECRET)).toHaveLength(24)
  })
})
