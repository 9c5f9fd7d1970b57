// GET /settings/channels (the operator's notification channels, secrets masked) and
// POST /settings/channels/:n/test (one test message to channel n, answered as a flash message).
import { h } from 'preact'
import { CHANNEL_TYPES } from '../../lib/core/channels.js'
import { channelSecret, displayUrl, maskSecret, pushChannels } from '../../lib/notify/push/channels.js'
import { sendTestMessage } from '../../lib/notify/push/test-message.js'
import { recentOnChannels } from '../../lib/store/notification-log.js'
import { ChannelsPage, type ChannelRow } from '../../pages/channels.js'
import { layoutProps, page, redirectWithFlash, type DashHandler } from './context.js'
import { auditDetail, auditOutcome } from '../audit.js'

const SECRET_NAME = { ntfy: 'token', telegram: 'bot_token', webhook: 'secret' } as const

export const getChannelsPage: DashHandler = async (req, env) => {
  const n = env.config.notifications
  const channels: ChannelRow[] = pushChannels(env.config).map((c) => ({
    index: c.index,
    type: c.config.type,
    label: c.label,
    // Telegram's URL holds the bot token: show the chat and the API host instead.
    target:
      c.config.type === 'telegram'
        ? `chat ${c.config.chat_id} via ${new URL(c.config.base_url).host}`
        : displayUrl(c.config.url),
    minSeverity: c.config.min_severity,
    secretName: SECRET_NAME[c.config.type],
    secretMasked: maskSecret(channelSecret(c.config)),
  }))
  const props = {
    ...layoutProps(req),
    now: env.clock.now().getTime(),
    channels,
    email: {
      recipient: n.operator_email.trim() || null,
      configured: n.resend_api_key !== '',
      enabled: n.operator_enabled,
    },
    cooldown: n.operator_cooldown,
    recent: await recentOnChannels(env.db, [...CHANNEL_TYPES], 20),
  }
  return page(req, h(ChannelsPage, props))
}

export const postTestChannel: DashHandler = async (req, env) => {
  const raw = String(req.params?.n ?? '')
  const index = /^\d{1,3}$/.test(raw) ? Number(raw) : -1
  const outcome = await sendTestMessage(env, index)
  const back = '/settings/channels'
  if (outcome.label) auditDetail(req, outcome.label)
  // A channel that failed the test is an error on the way, not a refused request.
  if (outcome.label && !outcome.ok) auditOutcome(req, 'error', outcome.detail.slice(0, 200))
  if (!outcome.label)
    return redirectWithFlash(req, back, { kind: 'error', text: `There is no channel #${raw}.` })
  return redirectWithFlash(
    req,
    back,
    outcome.ok
      ? { kind: 'ok', text: `Test message sent to ${outcome.label} (${outcome.detail}).` }
      : { kind: 'error', text: `Test message to ${outcome.label} failed: ${outcome.detail}` },
  )
}
