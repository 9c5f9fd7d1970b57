// The connect-time address check behind controller calls: a name that resolves to a private
// address when the connection is made is refused, even after a public answer to the URL check.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { fetchLiveConfig } from '../../../lib/controller/client.js'
import { publicOnlyFetch } from '../../../lib/node/public-only-fetch.js'
import { getCustomer } from '../../../lib/store/customers.js'
import { testEnv } from '../../support/env.js'
import { managedCustomer } from '../../support/factories.js'

let server: Server | undefined
let hits = 0
afterEach(() => server?.close())

async function localServer(): Promise<number> {
  hits = 0
  server = createServer((_req, res) => {
    hits++
    res.setHeader('Content-Type', 'application/yaml')
    res.end('customer:\n  id: "x"\n')
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  return (server!.address() as AddressInfo).port
}

/** A DNS server that answers controller.example with loopback (what a rebinding attack does). */
const rebinding = (
  _host: string,
  _o: { all: true },
  cb: (e: null, a: { address: string; family: number }[]) => void,
) => cb(null, [{ address: '127.0.0.1', family: 4 }])

describe('publicOnlyFetch', () => {
  it('refuses to connect when the name resolves to a private address', async () => {
    const port = await localServer()
    const f = publicOnlyFetch({ lookup: rebinding })
    const err = await f(`http://controller.example:${port}/`).catch((e) => e)
    expect(err.cause).toMatchObject({
      code: 'EPRIVATEADDRESS',
      message: 'refused to connect to non-public address 127.0.0.1',
    })
    expect(hits).toBe(0)
  })

  it('connects through that same lookup when the address is allowed', async () => {
    const port = await localServer()
    const f = publicOnlyFetch({ lookup: rebinding, allowed: () => true })
    const res = await f(`http://controller.example:${port}/`)
    expect(res.status).toBe(200)
    expect(hits).toBe(1)
  })

  it('refuses localhost through the real resolver', async () => {
    const port = await localServer()
    // The refusal itself, not any connection error: the server listens on 127.0.0.1 only, so a
    // plain connect to ::1 (localhost's other address) would fail too, for the wrong reason.
    const err = await publicOnlyFetch()(`http://localhost:${port}/`).catch((e) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect(err.cause).toMatchObject({
      code: 'EPRIVATEADDRESS',
      message: expect.stringMatching(/^refused to connect to non-public address (127\.0\.0\.1|::1)$/),
    })
    expect(hits).toBe(0)
  })

  it('closes the rebinding window in a controller call: a public first answer, a private second one', async () => {
    const port = await localServer()
    const env = await testEnv({ config: { controllers: { allow_private_addresses: false } } })
    env.resolveHost = async () => ['93.184.216.34'] // what the URL check sees
    env.fetch = publicOnlyFetch({ lookup: rebinding, allowed: () => true }) // a plain fetch on that DNS
    const creds = await managedCustomer(env, 'kovacs-csalad')
    const c = {
      ...(await getCustomer(env.db, 'kovacs-csalad'))!,
      controllerUrl: `http://controller.example:${port}`,
    }

    // 1. Without the connect-time check the rebinding works: the call lands on loopback.
    expect((await fetchLiveConfig(env, c, creds.api_key)).ok).toBe(true)
    expect(hits).toBe(1)

    // 2. With it (as the Node entry sets it up), the same call is refused before connecting.
    env.controllerFetch = publicOnlyFetch({ lookup: rebinding })
    const result = await fetchLiveConfig(env, c, creds.api_key)
    expect(result.ok === false && result.reason).toBe('unreachable')
    expect(hits).toBe(1)
  })
})
