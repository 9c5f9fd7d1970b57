// The hub's router on a real socket on 127.0.0.1 (through @whatwg-node/server, as bin/server.ts
// serves it), for a browser or a raw client to visit.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServerAdapter } from '@whatwg-node/server'
import { router } from '../../functions/routes.js'
import type { Env } from '../../lib/core/env.js'

export interface ServedHub {
  /** http://127.0.0.1:<port> */
  base: string
  close: () => Promise<void>
}

/** `envOf` is asked on each request: a test may swap its Env between tests behind one server. */
export async function serveHub(envOf: () => Env): Promise<ServedHub> {
  const server = createServer(createServerAdapter((req: Request) => router.fetch(req, envOf())))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((r) => server.close(() => r()))
    },
  }
}
