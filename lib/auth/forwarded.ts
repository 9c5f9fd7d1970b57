// Who sent a request, and over what. The runtime entry puts the TCP peer on the request (`peer`);
// the dashboard, the only part that asks, resolves the client from it once (`client`), believing
// X-Forwarded-For and X-Forwarded-Proto only when the peer is one of server.trusted_proxies:
// anyone who reaches the pod directly can write those headers. Web-standard only.
import type { Env } from '../core/env.js'
import { inRanges, parseIp, parseIpRange, type IpRange } from '../core/ip-ranges.js'

export interface Client {
  /** The address the login throttle keys on: the peer, or what trusted proxies say; 'unknown'. */
  ip: string
  /** Whether the browser reached us over TLS (decides the cookies' Secure flag). */
  secure: boolean
}

/** The per-request state this module reads and writes on the request. */
export type ClientRequest = Request & { peer?: string; client?: Client }

/** For the runtime entry: the address of the connection the request came in on. */
export function setPeer(req: Request, address: string | null | undefined): void {
  if (address) (req as ClientRequest).peer = address
}

/**
 * 1. No parseable peer (a direct call, a Worker without CF-Connecting-IP): 'unknown', and only
 *    the URL's scheme says whether it was TLS.
 * 2. A peer outside the trusted ranges is the client, whatever headers it sent.
 * 3. A trusted peer: walk X-Forwarded-For from the right, past every trusted proxy; the first
 *    entry that is not one is the client (the entries left of it are whatever that client
 *    claimed). An entry that is not an address ends the walk at the hop that passed it on.
 *    X-Forwarded-Proto's first entry says whether the browser used https.
 */
export function clientOf(req: Request, trustedProxies: readonly string[]): Client {
  const urlSecure = req.url.startsWith('https:')
  const peer = parseIp((req as ClientRequest).peer ?? '')
  if (!peer) return { ip: 'unknown', secure: urlSecure }
  const trusted = trustedProxies.length === 0 ? [] : parseRanges(trustedProxies)
  if (!inRanges(peer, trusted)) return { ip: peer.toString(), secure: urlSecure }

  let client = peer
  const hops = req.headers.get('x-forwarded-for')?.split(',') ?? []
  for (let i = hops.length - 1; i >= 0; i--) {
    if (hops[i].trim() === '') continue
    const hop = parseIp(hops[i])
    if (!hop) break
    client = hop
    if (!inRanges(hop, trusted)) break
  }
  const proto = req.headers.get('x-forwarded-proto')
  const secure = proto ? proto.split(',')[0].trim().toLowerCase() === 'https' : urlSecure
  return { ip: client.toString(), secure }
}

/** The request's client, resolved on first use and kept on the request. */
export function requestClient(env: Env, req: Request): Client {
  return ((req as ClientRequest).client ??= clientOf(req, env.config.server.trusted_proxies))
}

/** The client's address for throttling and the session record (see clientOf). */
export const clientIp = (env: Env, req: Request): string => requestClient(env, req).ip

/** Whether the browser reached us over TLS (see clientOf). */
export const isSecureRequest = (env: Env, req: Request): boolean => requestClient(env, req).secure

// Validated at start (lib/core/config.ts), so an entry that does not parse cannot occur here.
function parseRanges(list: readonly string[]): IpRange[] {
  return list.map(parseIpRange).filter((r): r is IpRange => r !== null)
}
