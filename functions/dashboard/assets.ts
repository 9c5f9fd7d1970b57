// GET /assets/hub.css and /assets/hub.js: the dashboard's stylesheet and script (no session
// needed; they hold nothing private). Same origin, so the CSP's 'self' allows them.
import { FLEET_OPS_CSS } from '../../pages/assets/fleet-ops-css.js'
import { HUB_CSS } from '../../pages/assets/hub-css.js'
import { HUB_JS } from '../../pages/assets/hub-js.js'
import type { Handler } from '../types.js'

const asset = (body: string, type: string) =>
  new Response(body, {
    headers: {
      'Content-Type': `${type}; charset=utf-8`,
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })

export const getHubCss: Handler = () => asset(HUB_CSS + FLEET_OPS_CSS, 'text/css')

export const getHubJs: Handler = () => asset(HUB_JS, 'text/javascript')
