// kill -9 with events in flight, then every controller retries with its Idempotency-Key: an event
// the hub acknowledged is never stored twice, and one it never answered is stored at most once.
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import { startHub, type HubProcess } from '../support/process.js'

const KEY = 'crash-test-global-key-0123456789'
const N = 40
let hubs: HubProcess[] = []
afterEach(async () => {
  for (const hub of hubs) hub.child.kill('SIGKILL')
  await Promise.all(hubs.map((h) => h.exited))
  hubs = []
})

const eventBody = (i: number) =>
  JSON.stringify({
    customer_id: 'kovacs-csalad',
    event_type: 'backup_failed',
    severity: 'error',
    message: `attempt ${i}`,
  })

type Answer = { status: number; json: unknown } | { error: string }

const postEvent = (hub: HubProcess, i: number): Promise<Answer> =>
  fetch(`${hub.url}/api/v1/event`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${KEY}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': `crash-test-${i}`,
    },
    body: eventBody(i),
  }).then(
    async (res) => ({ status: res.status, json: await res.json() }),
    (err: Error) => ({ error: err.message }),
  )

describe('Idempotency-Key across a crash', () => {
  it('never stores an acknowledged event twice when the retries reach a restarted hub', async () => {
    const vars = { HUB_API_REPORT_API_KEY: KEY }
    const first = await startHub(vars)
    hubs.push(first)

    // 1. N events at once; kill -9 as soon as ten of them have been answered.
    let answered = 0
    let killed!: () => void
    const tenAnswered = new Promise<void>((resolve) => (killed = resolve))
    const before = Array.from({ length: N }, (_, i) =>
      postEvent(first, i).then((a) => {
        if ('status' in a && ++answered === 10) {
          first.child.kill('SIGKILL')
          killed()
        }
        return a
      }),
    )
    await tenAnswered
    const answers = await Promise.all(before)
    await first.exited
    const acknowledged = answers.flatMap((a, i) => ('status' in a && a.status === 201 ? [i] : []))
    expect(acknowledged.length).toBeGreaterThanOrEqual(10)

    // 2. The same hub restarted on the same data; every controller retries all N with its key.
    const second = await startHub(vars, first.dataDir)
    hubs.push(second)
    const retries = await Promise.all(Array.from({ length: N }, (_, i) => postEvent(second, i)))
    for (const r of retries) expect(r).toMatchObject({ status: 201 })
    for (const i of acknowledged) expect(retries[i]).toEqual(answers[i])

    // 3. One stored event per key: the acknowledged ones once, the unanswered ones at most once
    //    before the crash plus the retry, which found it or stored it.
    const db = createClient({ url: `file:${join(first.dataDir, 'data', 'hub.db')}`, intMode: 'number' })
    const rs = await db.execute('SELECT message, count(*) AS n, min(id) AS id FROM events GROUP BY message')
    db.close()
    expect(rs.rows).toHaveLength(N)
    for (const row of rs.rows) expect(row.n).toBe(1)
    const ids = new Map(rs.rows.map((r) => [String(r.message), Number(r.id)]))
    retries.forEach((r, i) =>
      expect((r as { json: { event_id: number } }).json.event_id).toBe(ids.get(`attempt ${i}`)),
    )
  })
})
