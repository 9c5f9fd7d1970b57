import { describe, expect, it } from 'vitest'
import { displayUrl, maskSecret } from '../../../../lib/notify/push/channels.js'

describe('what the settings page shows of a channel', () => {
  it('shows only the last 4 characters of a long secret, and nothing of a short one', () => {
    expect(maskSecret('tk_AgQdq7mVBoFD37zQVN29RhuMzNIz')).toBe('••••zNIz')
    expect(maskSecret('short-secret')).toBe('•••• (set)')
    expect(maskSecret('')).toBe('(none)')
  })

  it('shows a URL without user info or query values', () => {
    expect(displayUrl('https://ops:hunter2@ntfy.example/felhom?auth=tk_secret&x=1')).toBe(
      'https://ntfy.example/felhom?auth=%E2%80%A6&x=%E2%80%A6',
    )
    expect(displayUrl('https://ntfy.example/felhom-ops')).toBe('https://ntfy.example/felhom-ops')
  })
})
