// notifications.channels: each entry checked by its type, errors naming the key, defaults filled,
// and the same list as JSON in HUB_NOTIFICATIONS_CHANNELS (how a k8s Secret carries it).
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../lib/core/config.js'

const yaml = (channels: string) => `notifications:\n  channels:\n${channels}`
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe('notifications.channels', () => {
  it('reads ntfy, Telegram and webhook entries with their defaults', () => {
    const { config, warnings } = loadConfig(
      yaml(
        '    - type: ntfy\n      url: "https://ntfy.example/felhom-ops"\n      min_severity: error\n' +
          '    - type: telegram\n      bot_token: "123456:ABC-def_ghi"\n      chat_id: -1001234567890\n' +
          `    - type: webhook\n      url: "https://ops.example/hook"\n      secret: "${SECRET}"\n`,
      ),
      {},
    )
    expect(warnings).toEqual([])
    expect(config.notifications.channels).toEqual([
      { type: 'ntfy', url: 'https://ntfy.example/felhom-ops', token: '', min_severity: 'error' },
      {
        type: 'telegram',
        bot_token: '123456:ABC-def_ghi',
        chat_id: '-1001234567890',
        base_url: 'https://api.telegram.org',
        min_severity: 'warning',
      },
      { type: 'webhook', url: 'https://ops.example/hook', secret: SECRET, min_severity: 'warning' },
    ])
  })

  it.each([
    ['    - type: ntfy\n      url: "ftp://x"\n', 'notifications.channels[0].url: expected an http(s) URL'],
    ['    - type: ntfy\n      url: "https://a.b/c"\n    - type: ntfy\n', 'notifications.channels[1].url'],
    [
      '    - type: telegram\n      bot_token: "nope"\n      chat_id: 1\n',
      'notifications.channels[0].bot_token',
    ],
    ['    - type: telegram\n      bot_token: "1:a"\n', 'notifications.channels[0].chat_id'],
    [
      '    - type: webhook\n      url: "https://a.b/c"\n      secret: "hunter2"\n',
      'notifications.channels[0].secret',
    ],
    [
      '    - type: ntfy\n      url: "https://a.b/c"\n      min_severity: info\n',
      'notifications.channels[0].min_severity',
    ],
    ['    - type: pager\n', 'notifications.channels[0].type: expected type: ntfy, telegram or webhook'],
    ['    - "ntfy"\n', 'notifications.channels[0]: expected a mapping'],
  ])('stops with the key named: %j', (entries, message) => {
    expect(() => loadConfig(yaml(entries), {})).toThrow(ConfigError)
    expect(() => loadConfig(yaml(entries), {})).toThrow(message)
  })

  it('never repeats a secret in its error', () => {
    const bad = yaml('    - type: webhook\n      url: "https://a.b/c"\n      secret: "s3cr3t-value-123"\n')
    expect(() => loadConfig(bad, {})).toThrow(/^(?!.*s3cr3t-value-123)/s)
  })

  it('warns about a key its type does not know, and ignores it', () => {
    const { warnings } = loadConfig(
      yaml('    - type: ntfy\n      url: "https://a.b/c"\n      topic: x\n'),
      {},
    )
    expect(warnings).toEqual(['hub.yaml: unknown key "notifications.channels[0].topic" ignored'])
  })

  it('takes HUB_NOTIFICATIONS_CHANNELS as JSON, replacing the file’s list', () => {
    const vars = {
      HUB_NOTIFICATIONS_CHANNELS: JSON.stringify([
        { type: 'ntfy', url: 'https://x.example/t', token: 'tk_abc' },
      ]),
    }
    const { config } = loadConfig(yaml('    - type: ntfy\n      url: "https://file.example/t"\n'), vars)
    expect(config.notifications.channels).toEqual([
      { type: 'ntfy', url: 'https://x.example/t', token: 'tk_abc', min_severity: 'warning' },
    ])
    expect(() =>
      loadConfig(undefined, {
        HUB_NOTIFICATIONS_CHANNELS: '[{"type":"ntfy","url":"https://x/t","token":"tk_secret"',
      }),
    ).toThrow(/^environment: HUB_NOTIFICATIONS_CHANNELS: not valid JSON \(expected a list of objects\)$/)
    expect(() => loadConfig(undefined, { HUB_NOTIFICATIONS_CHANNELS: '[{"type":"ntfy"}]' })).toThrow(
      'notifications.channels[0].url',
    )
  })
})
