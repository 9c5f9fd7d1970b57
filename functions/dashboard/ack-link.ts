// GET and POST /ack/:customer/:state/:since/:expires/:sig: acknowledging from a signed link in a
// push message or email, without a session. The signature (lib/oncall/ack-link.ts) is the
// authority: it binds the customer and the state, and expires. GET only shows a one-button page;
// POST acknowledges. A link that does not verify is answered the same whatever is wrong with it.
import { h } from 'preact'
import { iso } from '../../lib/core/clock.js'
import type { Env } from '../../lib/core/env.js'
import { verifyAckLink } from '../../lib/oncall/ack-link.js'
import { acknowledge } from '../../lib/oncall/acknowledge.js'
import { getCustomer } from '../../lib/store/customers.js'
import { AckLinkPage, type AckLinkPageProps } from '../../pages/ack-link.js'
import { renderPage } from '../../pages/render.js'
import type { Handler, HubRequest } from '../types.js'
import { auditDetail, auditTarget } from '../audit.js'

const STATUS: Partial<Record<AckLinkPageProps['view'], number>> = { invalid: 404, expired: 410 }

function answer(props: AckLinkPageProps): Response {
  return renderPage(h(AckLinkPage, props), { status: STATUS[props.view] ?? 200 })
}

async function checked(req: HubRequest, env: Env) {
  const p = req.params ?? {}
  return verifyAckLink(env, {
    customer: p.customer,
    state: p.state,
    since: p.since,
    expires: p.expires,
    sig: p.sig,
  })
}

export const getAckLinkPage: Handler = async (req, env) => {
  const check = await checked(req, env)
  if (!check.ok) return answer({ view: check.why })
  const c = check.claim
  const customer = await getCustomer(env.db, c.customerId)
  return answer({
    view: 'confirm',
    customerId: c.customerId,
    displayName: customer?.displayName ?? '',
    state: c.state,
    since: iso(c.since),
  })
}

export const postAckLinkPage: Handler = async (req, env) => {
  const check = await checked(req, env)
  if (!check.ok) {
    env.log.warn('acknowledgement link refused', { request_id: req.requestId, why: check.why })
    return answer({ view: check.why })
  }
  const c = check.claim
  auditTarget(req, c.customerId)
  const outcome = await acknowledge(env, { ...c, via: 'link' })
  auditDetail(req, `${c.state} by link: ${outcome}`)
  const customer = await getCustomer(env.db, c.customerId)
  return answer({ view: outcome, customerId: c.customerId, displayName: customer?.displayName ?? '' })
}
