// Full reports are stored deflate-raw with a preset dictionary (codec 1); rows from before it
// (codec NULL) are plain deflate-raw. Both read back as sent, in Node (zlib) and in workerd (fflate).
import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { deflateRaw, inflateRaw } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { deflate, inflate } from '../../../lib/core/crypto.js'
import { DICTIONARY_V1, REPORT_DICTIONARY_V1 } from '../../../lib/store/report-codec.js'
import { testEnv } from '../../support/env.js'
import { sendReport } from '../../support/factories.js'
import { reportFor } from '../../support/fixtures.js'
import { callJson } from '../../support/http.js'

const text = (b: Uint8Array) => new TextDecoder().decode(b)

describe('report bodies', () => {
  it('keeps codec 1’s dictionary as it is: stored rows can only be read with these very bytes', () => {
    const digest = createHash('sha256').update(REPORT_DICTIONARY_V1).digest('hex')
    expect(digest).toBe('98c3d252f06368398f940820e2fb842b30393f9baff80c0ebef01c6f32bd4120')
  })

  it('stores a report with the dictionary, far smaller than plain deflate, and reads it back as sent', async () => {
    const env = await testEnv()
    const sent = reportFor('kovacs-csalad', { hostname: 'felhom-kovacs-2', extra_field: { kept: true } })
    await sendReport(env, 'kovacs-csalad', sent)
    const row = (await env.db.execute('SELECT body, codec FROM reports')).rows[0]
    expect(row.codec).toBe(DICTIONARY_V1)
    const plain = await deflate(new TextEncoder().encode(JSON.stringify(sent)))
    expect((row.body as ArrayBuffer).byteLength).toBeLessThan(plain.byteLength / 2)
    const res = await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')
    expect(res.json.report).toEqual(sent)
  })

  it('still reads a report stored before the dictionary (codec NULL, plain deflate-raw)', async () => {
    const env = await testEnv()
    await sendReport(env, 'kovacs-csalad', { hostname: 'before' })
    const old = reportFor('kovacs-csalad', { hostname: 'stored-by-0.4.0' })
    const body = await deflate(new TextEncoder().encode(JSON.stringify(old)))
    await env.db.execute({ sql: 'UPDATE reports SET body = ?, codec = NULL', args: [body] })
    const res = await callJson(env, 'GET', '/api/v1/customers/kovacs-csalad')
    expect(res.status).toBe(200)
    expect(res.json.report).toEqual(old)
  })

  it('compresses the same format in Node’s zlib and in fflate, either way round', async () => {
    const raw = new TextEncoder().encode(JSON.stringify(reportFor('nagy-bt')))
    const dictionary = REPORT_DICTIONARY_V1
    const byZlib = new Uint8Array(await promisify(deflateRaw)(raw, { dictionary }))
    expect(text(await inflate(byZlib, dictionary))).toBe(text(raw))
    const byFflate = await deflate(raw, dictionary)
    expect(text(new Uint8Array(await promisify(inflateRaw)(byFflate, { dictionary })))).toBe(text(raw))
  })
})
