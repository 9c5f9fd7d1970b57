import { describe, expect, it } from 'vitest'
import {
  ALL_EVENT_TYPES,
  CONTROLLER_EVENT_TYPES,
  CUSTOMER_EVENT_TYPES,
  HUB_EVENT_TYPES,
  OPERATOR_ONLY_EVENT_TYPES,
} from '../../../lib/events/types.js'
import { CUSTOMER_TEXTS } from '../../../lib/notify/customer-texts.js'
import { budapestTime } from '../../../lib/notify/format.js'
import { huDateTime } from '../../../lib/notify/hungarian.js'
import { customerEventEmail } from '../../../lib/notify/templates.js'
import type { StoredEvent } from '../../../lib/store/events.js'

const event = (eventType: string, patch: Partial<StoredEvent> = {}): StoredEvent => ({
  id: 7,
  customerId: 'kovacs-csalad',
  eventType,
  severity: 'warning',
  message: 'restic: Fatal: unable to open repository',
  details: null,
  extra: null,
  source: 'controller',
  occurredAt: null,
  receivedAt: Date.parse('2026-07-14T18:05:00Z'),
  ...patch,
})

// Words a parent would not know; the controller's own message may contain them, our text may not.
const JARGON =
  /restic|container|docker|dbdump|snapshot|SMART|S\.M\.A\.R\.T|controller|repository|config|node|cron|API|deploy/i

describe('Hungarian customer emails', () => {
  it('has a text for each of the 27 controller event types and every hub type a customer can choose', () => {
    expect(CONTROLLER_EVENT_TYPES).toHaveLength(27)
    expect(HUB_EVENT_TYPES).toHaveLength(13)
    expect(HUB_EVENT_TYPES).toEqual(expect.arrayContaining([...OPERATOR_ONLY_EVENT_TYPES]))
    expect([...CUSTOMER_EVENT_TYPES, ...OPERATOR_ONLY_EVENT_TYPES].sort()).toEqual(
      [...ALL_EVENT_TYPES].sort(),
    )
    expect(Object.keys(CUSTOMER_TEXTS).sort()).toEqual([...CUSTOMER_EVENT_TYPES].sort())
    const subjects = Object.values(CUSTOMER_TEXTS).map((t) => t.subject)
    expect(new Set(subjects).size).toBe(subjects.length)
  })

  it.each(CUSTOMER_EVENT_TYPES)('%s: plain Hungarian that says what happened and what to do', (type) => {
    const t = CUSTOMER_TEXTS[type]
    for (const part of [t.subject, t.what, t.todo]) {
      expect(part).not.toMatch(JARGON)
      expect(part.trim().length).toBeGreaterThan(10)
    }
    // Every text carries Hungarian accents, so a mangled encoding would show.
    expect(`${t.subject} ${t.what} ${t.todo}`).toMatch(/[áéíóöőúüű]/)
    expect(t.todo).toMatch(/teendője|kérjük|nézze|szóljon|hívjon|töröljön|vegye fel|jelentkez/i)
  })

  it('writes a backup failure as a parent can read it, with correct accents', () => {
    const mail = customerEventEmail(event('backup_failed'), 'Kovács család')
    expect(mail.subject).toBe('Felhom: Nem sikerült a biztonsági mentés')
    expect(mail.text).toContain('Kedves Kovács család!')
    expect(mail.text).toContain('A legutóbbi biztonsági mentés nem sikerült')
    expect(mail.text).toContain('A korábban elmentett adatai megvannak, azok biztonságban vannak.')
    expect(mail.text).toContain('Önnek most nincs teendője')
    expect(mail.text).toContain('Üdvözlettel:\na Felhom csapata')
    // Summer time: 18:05 UTC is 20:05 in Budapest.
    expect(mail.text).toContain('Időpont: 2026. július 14., 20:05')
    // The technical message stays, clearly labelled, at the very end.
    expect(mail.text.endsWith('restic: Fatal: unable to open repository')).toBe(true)
    expect(mail.text.indexOf('Műszaki részletek')).toBeGreaterThan(mail.text.indexOf('Üdvözlettel'))
  })

  it('asks the customer to act when the disk is almost full, and greets politely without a name', () => {
    const mail = customerEventEmail(event('disk_space_critical', { message: '' }), '')
    expect(mail.subject).toBe('Felhom: Majdnem megtelt a tárhely')
    expect(mail.text).toContain('Kedves Ügyfelünk!')
    expect(mail.text).toContain('Kérjük, minél előbb töröljön')
    expect(mail.text).not.toContain('Műszaki részletek')
  })

  it('escapes the display name and message in the HTML part', () => {
    const mail = customerEventEmail(event('node_down', { message: '<i>x</i> & y' }), 'Kiss <Béla>')
    expect(mail.html).toContain('Kedves Kiss &lt;Béla&gt;!')
    expect(mail.html).toContain('&lt;i&gt;x&lt;/i&gt; &amp; y')
    expect(mail.html).not.toContain('<i>x')
    expect(mail.html).toContain('<meta charset="utf-8">')
  })

  it('gives Budapest time across the clock changes', () => {
    expect(budapestTime(Date.parse('2026-03-29T00:30:00Z'))).toBe('2026-03-29 01:30 Budapest')
    expect(budapestTime(Date.parse('2026-03-29T01:30:00Z'))).toBe('2026-03-29 03:30 Budapest')
    expect(huDateTime(Date.parse('2026-10-25T00:30:00Z'))).toBe('2026. október 25., 2:30')
    expect(huDateTime(Date.parse('2026-10-25T01:30:00Z'))).toBe('2026. október 25., 2:30')
  })
})
