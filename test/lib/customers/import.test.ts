// Customers whose controllers already hold their credentials: one by one (customer create with
// --api-key/--retrieval-password) and in bulk (customer import), stored like generated ones.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createManagedCustomer } from '../../../lib/customers/admin.js'
import { importCarriedCustomers, parseImportFile, tally } from '../../../lib/customers/import.js'
import { HttpError } from '../../../lib/core/errors.js'
import { getCustomer, readSecrets } from '../../../lib/store/customers.js'
import { GLOBAL_KEY, testEnv, type TestEnv } from '../../support/env.js'
import { managedCustomer, sendReport } from '../../support/factories.js'
import { call } from '../../support/http.js'

const OLD = {
  kovacs: { api_key: 'go-kovacs-7Hq2Lx9Pz4Vb8Nc3Wd', retrieval_password: 'kovacs-Qm4Tz8Kw' },
  nagy: { api_key: 'go-nagy-R5tY8uI2oP6aS9dF3g', retrieval_password: 'nagy-Zx7Cv2Bn5M' },
}

const fileOf = (entries: unknown[]) => parseImportFile(JSON.stringify(entries))
const twoCustomers = (): Record<string, string>[] => [
  {
    customer_id: 'kovacs-csalad',
    display_name: 'Kovács család',
    domain: 'kovacs-csalad.felhom.eu',
    ...OLD.kovacs,
  },
  { customer_id: 'nagy-bt', ...OLD.nagy, legacy_column: 'x' },
]

/** What a controller holding `creds` can do: report with its key and fetch its config. */
async function controllerWorks(
  env: TestEnv,
  id: string,
  creds: { api_key: string; retrieval_password: string },
) {
  const report = await call(env, 'POST', '/api/v1/report', {
    key: creds.api_key,
    body: {
      ...JSON.parse(
        readFileSync(new URL('../../../../shared/fixtures/report.json', import.meta.url), 'utf8'),
      ),
      customer_id: id,
    },
  })
  const config = await call(env, 'GET', `/api/v1/config/${id}`, {
    key: null,
    headers: { 'X-Retrieval-Password': creds.retrieval_password },
  })
  return [report.status, config.status, (await config.text()).includes(`api_key: "${creds.api_key}"`)]
}

async function rowsOf(env: TestEnv) {
  const rs = await env.db.execute(
    'SELECT customer_id, updated_at, api_key_digest, secrets_enc FROM customer_configs ORDER BY customer_id',
  )
  return rs.rows.map((r) => ({ ...r }))
}

describe('createManagedCustomer with the credentials the controller holds', () => {
  it('registers them so the controller reports and fetches its config unchanged; stored as digests and sealed', async () => {
    const env = await testEnv()
    const creds = await createManagedCustomer(env, {
      customerId: 'kovacs-csalad',
      displayName: 'Kovács család',
      carried: { apiKey: OLD.kovacs.api_key, retrievalPassword: OLD.kovacs.retrieval_password },
    })
    expect(creds).toEqual({ customer_id: 'kovacs-csalad', ...OLD.kovacs })
    expect(await controllerWorks(env, 'kovacs-csalad', OLD.kovacs)).toEqual([200, 200, true])
    expect((await readSecrets(env.db, env.secrets, 'kovacs-csalad'))!.api_key).toBe(OLD.kovacs.api_key)
    const file =
      readFileSync(env.dbPath).toString('latin1') + readFileSync(env.dbPath + '-wal').toString('latin1')
    expect(file).not.toContain(OLD.kovacs.api_key)
    expect(file).not.toContain(OLD.kovacs.retrieval_password)
  })

  it("refuses a weak pair, the global key and another customer's key, storing nothing", async () => {
    const env = await testEnv()
    const taken = await managedCustomer(env, 'nagy-bt')
    for (const [apiKey, reason] of [
      ['too-short-key', 'shorter than 24 characters'],
      [GLOBAL_KEY, 'is the global key'],
      [taken.api_key, 'already used by customer nagy-bt'],
    ]) {
      const attempt = createManagedCustomer(env, {
        customerId: 'kovacs-csalad',
        carried: { apiKey, retrievalPassword: OLD.kovacs.retrieval_password },
      })
      await expect(attempt).rejects.toBeInstanceOf(HttpError)
      await expect(attempt).rejects.toThrow(reason)
    }
    expect(await getCustomer(env.db, 'kovacs-csalad')).toBeNull()
  })
})

describe('importCarriedCustomers', () => {
  it('plans without writing, applies in one go, and a second run changes nothing and says so', async () => {
    const env = await testEnv()
    const dry = await importCarriedCustomers(env, fileOf(twoCustomers()), { apply: false })
    expect(dry.applied).toBe(false)
    expect(dry.items).toEqual([
      { customerId: 'kovacs-csalad', action: 'create', detail: ['new managed customer'] },
      {
        customerId: 'nagy-bt',
        action: 'create',
        detail: ['new managed customer', 'ignored fields: legacy_column'],
      },
    ])
    expect(await rowsOf(env)).toEqual([])

    const applied = await importCarriedCustomers(env, fileOf(twoCustomers()), { apply: true })
    expect([applied.applied, tally(applied.items)]).toEqual([
      true,
      { create: 2, update: 0, unchanged: 0, refused: 0 },
    ])
    expect(await controllerWorks(env, 'kovacs-csalad', OLD.kovacs)).toEqual([200, 200, true])
    expect(await controllerWorks(env, 'nagy-bt', OLD.nagy)).toEqual([200, 200, true])
    expect((await getCustomer(env.db, 'kovacs-csalad'))!.displayName).toBe('Kovács család')

    const before = await rowsOf(env)
    env.clock.advance(60_000)
    const again = await importCarriedCustomers(env, fileOf(twoCustomers()), { apply: true })
    expect([again.applied, tally(again.items)]).toEqual([
      false,
      { create: 0, update: 0, unchanged: 2, refused: 0 },
    ])
    expect(await rowsOf(env)).toEqual(before)
  })

  it('names the fields an update changes, never their values, and a manual customer becomes managed with its reports', async () => {
    const env = await testEnv()
    await importCarriedCustomers(env, fileOf(twoCustomers()), { apply: true })
    await sendReport(env, 'szabo-kft')
    const changed = twoCustomers()
    changed[0] = { ...changed[0], display_name: 'Kovácsék', retrieval_password: 'kovacs-new-Pw9x' }
    changed.push({
      customer_id: 'szabo-kft',
      api_key: 'go-szabo-Kp3Lm8Nq2Rs7Tu4Vw',
      retrieval_password: 'szabo-Hj6Yt3Re',
    })
    const res = await importCarriedCustomers(env, fileOf(changed), { apply: true })
    expect(res.items.map((i) => [i.customerId, i.action, i.detail])).toEqual([
      ['kovacs-csalad', 'update', ['retrieval_password', 'display_name']],
      ['nagy-bt', 'unchanged', ['ignored fields: legacy_column']],
      ['szabo-kft', 'create', ['manual customer becomes managed']],
    ])
    expect(JSON.stringify(res.items)).not.toContain('kovacs-new-Pw9x')
    expect(
      await controllerWorks(env, 'kovacs-csalad', { ...OLD.kovacs, retrieval_password: 'kovacs-new-Pw9x' }),
    ).toEqual([200, 200, true])
    const szabo = (await getCustomer(env.db, 'szabo-kft'))!
    expect([szabo.configType, szabo.latestReportId !== null]).toEqual(['managed', true])
  })

  it('refuses weak, malformed, duplicate and clashing entries with the reason, and then writes nothing at all', async () => {
    const env = await testEnv()
    const other = await managedCustomer(env, 'mar-letezo')
    const entries = [
      ...twoCustomers(),
      { customer_id: 'gyenge', api_key: 'short', retrieval_password: 'also-short' },
      { customer_id: 'Rossz_ID', ...OLD.kovacs },
      { customer_id: 'kulcs-nelkul', retrieval_password: 'pw-Qm4Tz8Kw12' },
      { customer_id: 'masolat', api_key: other.api_key, retrieval_password: 'masolat-Qm4Tz8Kw' },
      {
        customer_id: 'nagy-bt',
        api_key: 'go-nagy-second-Ty7Ui8Op9As0',
        retrieval_password: 'nagy2-Zx7Cv2Bn5M',
      },
    ]
    const res = await importCarriedCustomers(env, fileOf(entries), { apply: true })
    expect(res.applied).toBe(false)
    const refused = Object.fromEntries(
      res.items.filter((i) => i.action === 'refused').map((i) => [i.customerId, i.detail.join('; ')]),
    )
    expect(refused.gyenge).toMatch(/api_key: shorter than 24.*retrieval_password: shorter than 12/)
    expect(refused['Rossz_ID']).toContain('customer_id: expected a customer id')
    expect(refused['kulcs-nelkul']).toContain('api_key: expected a string')
    expect(refused.masolat).toContain('already used by customer mar-letezo')
    expect(refused['nagy-bt']).toContain('appears more than once')
    expect((await rowsOf(env)).map((r) => r.customer_id)).toEqual(['mar-letezo'])
  })

  it('refuses the same key given for two customers in one file', async () => {
    const env = await testEnv()
    const entries = [
      { customer_id: 'egyik', ...OLD.kovacs },
      { customer_id: 'masik', api_key: OLD.kovacs.api_key, retrieval_password: 'masik-Qm4Tz8Kw' },
    ]
    const res = await importCarriedCustomers(env, fileOf(entries), { apply: true })
    expect(res.items.map((i) => i.action)).toEqual(['refused', 'refused'])
    expect(res.items[0].detail).toContain('api_key: the same key is given for more than one customer')
  })

  it('refuses a file that is not a JSON list of customers', () => {
    expect(() => parseImportFile('{"customer_id":"x"}')).toThrow('expected a JSON array')
    expect(() => parseImportFile('[{')).toThrow('not valid JSON')
  })
})
