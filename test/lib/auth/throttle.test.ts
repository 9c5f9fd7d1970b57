import { describe, expect, it } from 'vitest'
import { admitAttempt, attemptSucceeded, type ThrottlePolicy } from '../../../lib/auth/throttle.js'
import { testEnv } from '../../support/env.js'

const POLICY: ThrottlePolicy = {
  maxFailures: 3,
  windowMs: 10 * 60_000,
  lockMs: 15 * 60_000,
  onSuccess: 'clear',
}
const REFUND: ThrottlePolicy = { ...POLICY, onSuccess: 'refund' }

describe('admitAttempt', () => {
  it('admits the allowance, then refuses until the lock ends, counted from the last admitted attempt', async () => {
    const env = await testEnv()
    for (let i = 0; i < 3; i++) {
      expect(await admitAttempt(env, 'k', POLICY)).toEqual({ admitted: true })
      env.clock.advance(60_000)
    }
    // The third attempt (two minutes in) locked the key for 15 minutes: 14 of them remain.
    expect(await admitAttempt(env, 'k', POLICY)).toEqual({ admitted: false, retryAfterSeconds: 14 * 60 })
    env.clock.advance(13 * 60_000)
    expect(await admitAttempt(env, 'k', POLICY)).toEqual({ admitted: false, retryAfterSeconds: 60 })
    env.clock.advance(60_000)
    expect(await admitAttempt(env, 'k', POLICY)).toEqual({ admitted: true })
    expect(await admitAttempt(env, 'other', POLICY)).toEqual({ admitted: true })
  })

  it('starts a new window once the old one is over', async () => {
    const env = await testEnv()
    await admitAttempt(env, 'k', POLICY)
    await admitAttempt(env, 'k', POLICY)
    env.clock.advance(POLICY.windowMs)
    for (let i = 0; i < 3; i++) expect((await admitAttempt(env, 'k', POLICY)).admitted).toBe(true)
    expect((await admitAttempt(env, 'k', POLICY)).admitted).toBe(false)
  })

  it('gives the full allowance back after a success, also when the success was the last admitted attempt', async () => {
    const env = await testEnv()
    for (let i = 0; i < 3; i++) await admitAttempt(env, 'k', POLICY)
    await attemptSucceeded(env, 'k', POLICY)
    for (let i = 0; i < 3; i++) expect((await admitAttempt(env, 'k', POLICY)).admitted).toBe(true)
    expect((await admitAttempt(env, 'k', POLICY)).admitted).toBe(false)
  })

  it('under a refund policy gives back only the succeeding attempt, lifting the lock it set', async () => {
    const env = await testEnv()
    await admitAttempt(env, 'k', REFUND)
    await admitAttempt(env, 'k', REFUND)
    expect((await admitAttempt(env, 'k', REFUND)).admitted).toBe(true) // the third locks the key…
    await attemptSucceeded(env, 'k', REFUND) // …but it succeeded: two attempts count, no lock
    expect((await admitAttempt(env, 'k', REFUND)).admitted).toBe(true)
    expect((await admitAttempt(env, 'k', REFUND)).admitted).toBe(false)
  })

  it('admits exactly the allowance out of a concurrent burst', async () => {
    const env = await testEnv()
    const burst = await Promise.all(Array.from({ length: 30 }, () => admitAttempt(env, 'k', POLICY)))
    expect(burst.filter((a) => a.admitted)).toHaveLength(3)
  })
})
