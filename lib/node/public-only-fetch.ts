// Node-only: fetch for calls to controllers that re-checks the address at connect time. The URL
// check (lib/controller/address.ts) resolves the name first, but fetch resolves it again; a DNS
// server that answers "public" to the check and "127.0.0.1" to the connect (rebinding) would slip
// through. Here the connection's own lookup refuses any non-public address, so what was checked
// is what is connected to. IP literals never reach a lookup; the URL check refuses those.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import type { Agent } from 'undici'
import { classifyAddress } from '../controller/ip.js'

type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void

export interface PublicOnlyOptions {
  /** The resolver (tests pass one that answers like a rebinding DNS server). */
  lookup?: Lookup
  /** Which addresses may be connected to; default: public ones only. */
  allowed?: (address: string) => boolean
}

/**
 * undici (about 8 MiB resident once loaded) is imported on the first call to a controller, not at
 * start: most hours the hub calls none, and its idle memory is what the pod is sized by.
 */
export function publicOnlyFetch(opts: PublicOnlyOptions = {}): typeof fetch {
  let loading: Promise<{ agent: Agent; fetch: typeof import('undici').fetch }> | undefined
  const load = () =>
    (loading ??= import('undici').then((undici) => ({
      agent: agentOf(undici.Agent, opts),
      fetch: undici.fetch,
    })))
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const { agent, fetch: undiciFetch } = await load()
    return undiciFetch(input as never, { ...(init as object), dispatcher: agent } as never)
  }) as unknown as typeof fetch
}

function agentOf(AgentClass: typeof Agent, opts: PublicOnlyOptions): Agent {
  const resolve: Lookup = opts.lookup ?? ((host, o, cb) => dnsLookup(host, o, cb))
  const allowed = opts.allowed ?? ((address: string) => classifyAddress(address) === null)
  return new AgentClass({
    connect: {
      lookup(hostname: string, options: { all?: boolean }, callback: (...args: any[]) => void) {
        resolve(hostname, { all: true }, (err, addresses) => {
          if (err) return callback(err)
          const refused = addresses.find((a) => !allowed(a.address))
          if (refused) {
            const e: NodeJS.ErrnoException = new Error(
              `refused to connect to non-public address ${refused.address}`,
            )
            e.code = 'EPRIVATEADDRESS'
            return callback(e)
          }
          if (options.all) return callback(null, addresses)
          callback(null, addresses[0].address, addresses[0].family)
        })
      },
    },
  })
}
