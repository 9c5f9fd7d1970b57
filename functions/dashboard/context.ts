// What every dashboard page shares: the HTML response with the cookies the request collected, the
// layout's props and the 404 page. The gate (session, CSRF, flash) is in session.ts, re-exported.
import { h, type VNode } from 'preact'
import { MessagePage } from '../../pages/components/layout.js'
import { renderPage } from '../../pages/render.js'
import type { DashRequest } from './session.js'

export * from './session.js'

/** Common props every signed-in page passes to Layout. */
export const layoutProps = (req: DashRequest) => ({
  csrf: req.dash.session.csrf,
  open: req.dash.open,
  flash: req.dash.flash,
})

export function page(req: DashRequest, vnode: VNode<any>, status = 200): Response {
  return renderPage(vnode, { status, cookies: req.dash.cookies })
}

export function notFoundPage(req: DashRequest, what: string): Response {
  const message = `${what} does not exist.`
  return page(
    req,
    h(MessagePage, { ...layoutProps(req), title: 'Not found', heading: 'Not found', message }),
    404,
  )
}
