// GET /assets/hub.css: the dashboard's stylesheet (no session needed; it holds nothing private).
import { FLEET_OPS_CSS } from '../../pages/assets/fleet-ops-css.js'
import { HUB_CSS } from '../../pages/assets/hub-css.js'
import type { Handler } from '../types.js'

export const getHubCss: Handler = () =>
  new Response(HUB_CSS + FLEET_OPS_CSS, {
    headers: {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })
