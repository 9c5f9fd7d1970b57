// Idempotency-Key (docs/api.md §3) on POST /api/v1/event, /infra-backup and /notify: a controller that
// retries after a timeout or a hub crash gets the first answer again instead of a second row.
//
// The key's row commits in the same transaction as the request's write, so "acknowledged" and
// "key taken" cannot come apart: a hub that crashed before committing answered nothing and the
// retry stores once; one that answered had committed both, and the retry gets that answer.
import type { InStatement } from '@libsql/client'
import type { Env } from '../core/env.js'
import { badRequest, idempotencyConflict } from '../core/errors.js'
import { json } from '../core/http.js'
import { findAnswer, isKeyTaken, rememberAnswer, type KeyRef } from '../store/idempotency-keys.js'

/** A key is held this long after its first use; then it is free again (and pruned). */
export const KEY_TTL_MS = 24 * 3_600_000

/** 1–255 visible ASCII characters (RFC 5234 VCHAR): no spaces, no control characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

export type IdempotentRoute = 'event' | 'infra-backup' | 'notify'

export interface Answer {
  status: number
  body: Record<string, unknown>
}

/**
 * The statements that remember `answer` for the request's key, to commit with the write ([] when
 * the request has no key). `newRowIdAt` names a field that gets the id the write just inserted.
 */
export type Remember = (answer: Answer, newRowIdAt?: string) => InStatement[]

/** The request's Idempotency-Key, or null without one; 400 for anything but 1–255 visible ASCII. */
export function idempotencyKeyOf(req: Request): string | null {
  const key = req.headers.get('idempotency-key')
  if (key === null || KEY_PATTERN.test(key)) return key
  throw badRequest('Idempotency-Key must be 1-255 visible ASCII characters', [
    { path: 'Idempotency-Key', message: 'expected 1-255 visible ASCII characters, without spaces' },
  ])
}

/**
 * Answers the request once per key: the first answer again for a retry with the same body, 409
 * for the same key with another body, else runs `write` with the key's row in its transaction.
 * `body` is the request body as received; only its keyed digest (Secrets.mac) is stored.
 */
export async function answerOnce(
  env: Env,
  request: {
    key: string | null
    customerId: string
    route: IdempotentRoute
    body: Uint8Array
    requestId?: string
  },
  write: (remember: Remember) => Promise<Answer>,
): Promise<Response> {
  if (request.key === null) return respond(await write(() => []))
  const ref: KeyRef = { customerId: request.customerId, route: request.route, key: request.key }
  const bodyDigest = await env.secrets.mac(request.body)
  const now = env.clock.now().getTime()
  const liveFrom = now - KEY_TTL_MS

  const replay = async (): Promise<Response | null> => {
    const first = await findAnswer(env.db, ref, liveFrom)
    if (!first) return null
    if (first.bodyDigest !== bodyDigest) throw idempotencyConflict()
    env.log.info('idempotent replay', {
      request_id: request.requestId,
      customer_id: ref.customerId,
      route: ref.route,
    })
    return respond({ status: first.status, body: JSON.parse(first.answer) })
  }

  // 1. A retry of a request that was answered (or at least committed) before.
  const earlier = await replay()
  if (earlier) return earlier
  // 2. The first use: the key is taken by the write's own transaction.
  try {
    return respond(
      await write((answer, newRowIdAt) =>
        rememberAnswer({
          ...ref,
          bodyDigest,
          status: answer.status,
          answer: answer.body,
          newRowIdAt,
          createdAt: now,
          liveFrom,
        }),
      ),
    )
  } catch (err) {
    if (!isKeyTaken(err)) throw err
    // 3. A concurrent request with the key committed first; this write rolled back. Its answer is ours.
    const concurrent = await replay()
    if (concurrent) return concurrent
    throw err
  }
}

function respond(answer: Answer): Response {
  return json(answer.body, { status: answer.status })
}
