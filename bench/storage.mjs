// npm run bench -- --storage: the volume at 1,000 homes × 90 days. Everything is written through the
// hub's own store functions with an injected clock, day by day, as production would have written
// it: one sample per home every 15 minutes, the full reports of the last days through the ingest
// path, each home's daily backup and dbdump events with their notification decisions (and an
// occasional warning that was emailed), a daily infra backup push, and the prune job at 04:30
// Budapest every night (retention, downsampling, giving pages back). Then, at the day's largest
// point (just before the next prune): hub.db, the nightly snapshot as the backup job writes it,
// and the prune of that night run by the real hub while requests arrive, with the longest pause
// it caused. BENCH_STORAGE_HOMES and BENCH_STORAGE_DAYS shrink it for a quick look.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { deflateRaw } from 'node:zlib'
import { createClient } from '@libsql/client/sqlite3'
import { homeId, reportOf } from './fleet-data.mjs'
import autocannon from 'autocannon'
import {
  CRON,
  KEY,
  METRICS,
  ROOT,
  SECRET,
  http,
  loadAverage,
  mib,
  percentiles,
  sleep,
  startHub,
  stop,
  watchPeak,
} from './hub.mjs'

const dist = (p) => import(join(ROOT, 'dist', p))
const { migrate } = await dist('lib/store/migrate.js')
const { storeReports, sampleStatements } = await dist('lib/store/reports.js')
const { groupCommit } = await dist('lib/store/group-commit.js')
const { ingestReport } = await dist('lib/reports/ingest.js')
const { sampleOf } = await dist('lib/reports/samples.js')
const { insertEventStatement } = await dist('lib/store/events.js')
const { decisionStatement } = await dist('lib/store/notification-log.js')
const { operatorEventEmail } = await dist('lib/notify/templates.js')
const { pushInfraBackup } = await dist('lib/store/infra-backups.js')
const { createSecrets } = await dist('lib/core/crypto.js')
const { loadConfig } = await dist('lib/core/config.js')
const { fixedClock } = await dist('lib/core/clock.js')
const { prune } = await dist('scheduled/prune.js')

const HOMES = Number(process.env.BENCH_STORAGE_HOMES ?? 1000)
const DAYS = Number(process.env.BENCH_STORAGE_DAYS ?? 90)
const MIN = 60_000
const DAY = 86_400_000
const SLOT = 15 * MIN
/** The measured moment: 04:29 Budapest (03:29 UTC in winter), a minute before the nightly prune. */
const END = Date.parse('2026-12-01T03:29:00Z')
const START = END - DAYS * DAY
/** Days at the end whose reports go through the full ingest path (full JSON kept 2 days). */
const FULL_DAYS = Math.min(DAYS, 3)
const MiB = 1024 * 1024
const noop = () => {}
const log = { debug: noop, info: noop, warn: noop, error: noop, child: () => log }
const deflate = promisify(deflateRaw)
const infraPayload = readFileSync(join(ROOT, '../shared/fixtures/infra-backup.json'))

async function generate(dir) {
  const db = createClient({ url: `file:${join(dir, 'hub.db')}`, intMode: 'number', concurrency: 1 })
  await db.execute('PRAGMA auto_vacuum = INCREMENTAL')
  await db.execute('PRAGMA journal_mode = WAL')
  // Durability does not matter while generating: one connection, no fsync.
  await db.execute('PRAGMA synchronous = OFF')
  await migrate(db, START)
  const config = loadConfig(undefined, {}).config
  config.server.data_dir = dir
  const clock = fixedClock(START)
  const env = {
    config,
    db,
    clock,
    log,
    secrets: await createSecrets(SECRET),
    metrics: { inc: noop, observe: noop, set: noop },
    reports: groupCommit((rows) => storeReports(db, rows)),
    deflate: async (data, dictionary) =>
      new Uint8Array(await deflate(data, dictionary ? { dictionary } : {})),
    defer: noop,
  }
  const timings = { samples: 0, ingest: 0, events: 0, infra: 0, prune: 0 }
  const timed = async (what, fn) => {
    const t0 = Date.now()
    const r = await fn()
    timings[what] += Date.now() - t0
    return r
  }

  // Every home reports from the first day on (their first reports make them manual customers).
  for (let d = 0; d < DAYS; d++) {
    const dayStart = START + d * DAY
    // 1. The nightly prune of this day (the first day has nothing to prune).
    if (d > 0) {
      clock.set(dayStart + MIN)
      await timed('prune', () => prune(env))
    }
    const full = d >= DAYS - FULL_DAYS || d === 0
    // 2. A report (full ones near the end) or its sample every 15 minutes per home.
    for (let s = 0; s < 96; s++) {
      const slot = dayStart + 2 * MIN + s * SLOT
      if (full) {
        await timed('ingest', () =>
          Promise.all(
            Array.from({ length: HOMES }, async (_, i) => {
              const at = slot + (i % 600) * 1000
              const report = reportOf(i, at)
              const raw = new TextEncoder().encode(JSON.stringify(report))
              const homeClock = { now: () => new Date(at) }
              return ingestReport({ ...env, clock: homeClock }, report, raw)
            }),
          ),
        )
      } else {
        const rows = Array.from({ length: HOMES }, (_, i) => {
          const at = slot + (i % 600) * 1000
          return { customerId: homeId(i), receivedAt: at, sample: sampleOf(reportOf(i, at)) }
        })
        await timed('samples', () => db.batch(sampleStatements(rows), 'write'))
      }
    }
    // 3. Each home's backup and dbdump events, a disk warning now and then, and the decisions
    //    dispatch would have logged for them (info: skipped for both channels; warning: emailed).
    await timed('events', () => dailyEvents(env, dayStart, d))
    // 4. The daily infra backup push (the last 10 versions are kept; older days only churn).
    if (d >= DAYS - 12) await timed('infra', () => infraBackups(env, dayStart))
    if (d % 10 === 9 || d === DAYS - 1)
      console.log(
        `  storage: day ${d + 1}/${DAYS} written (${Object.entries(timings)
          .map(([k, v]) => `${k} ${Math.round(v / 1000)} s`)
          .join(', ')}; load ${loadAverage()})`,
      )
  }
  await db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
  return timings
}

async function dailyEvents(env, dayStart, d) {
  const events = []
  for (let i = 0; i < HOMES; i++) {
    const id = homeId(i)
    const at = dayStart + 22 * 60 * MIN // 01:30 UTC of the next calendar day, before the prune
    events.push({
      customerId: id,
      eventType: 'dbdump_completed',
      severity: 'info',
      message: `Database dumps completed: 3 databases, ${40 + (i % 50)} MiB`,
      details: {
        databases: ['nextcloud', 'immich', 'vaultwarden'],
        bytes: 41_943_040 + i * 1000,
        seconds: 12 + (i % 9),
      },
      source: 'controller',
      occurredAt: new Date(at).toISOString(),
      at,
    })
    events.push({
      customerId: id,
      eventType: 'backup_completed',
      severity: 'info',
      message: `Backup completed in ${600 + (i % 400)} s, ${30 + (d % 10)} snapshots`,
      details: {
        repository: '/mnt/hdd1/.restic',
        snapshot_id: (i * 7919 + d).toString(16).padStart(8, '0'),
        seconds: 600 + (i % 400),
        added_bytes: 1_000_000 + i * 17,
      },
      source: 'controller',
      occurredAt: new Date(at + 30 * MIN).toISOString(),
      at: at + 30 * MIN,
    })
    if ((i + d) % 33 === 0)
      events.push({
        customerId: id,
        eventType: 'disk_space_warning',
        severity: 'warning',
        message: '/mnt/hdd1 is 86% full',
        details: { mount: '/mnt/hdd1', used_percent: 86 },
        source: 'controller',
        occurredAt: new Date(at - 3 * 60 * MIN).toISOString(),
        at: at - 3 * 60 * MIN,
      })
  }
  for (let k = 0; k < events.length; k += 500) {
    const chunk = events.slice(k, k + 500)
    const inserted = await env.db.batch(
      chunk.map((e) => insertEventStatement(e, e.at)),
      'write',
    )
    const decisions = []
    chunk.forEach((e, j) => {
      const id = Number(inserted[j].lastInsertRowid)
      const entry = (channel, recipient) => ({
        customerId: e.customerId,
        eventId: id,
        channel,
        recipient,
        eventType: e.eventType,
        severity: e.severity,
        subject: null,
        body: null,
        idempotencyKey: `event:${id}:${channel}:${recipient ?? '-'}`,
      })
      if (e.severity === 'warning') {
        const email = operatorEventEmail(
          { ...e, id, receivedAt: e.at, extra: null, dedupeKey: null },
          { customerId: e.customerId, displayName: '' },
          env.config.server.public_url,
        )
        const sent = { ...entry('operator', 'operator@felhom.eu'), subject: email.subject, body: email.text }
        decisions.push(decisionStatement(sent, 'sent', null, e.at))
      } else decisions.push(decisionStatement(entry('operator', null), 'skipped', 'not_warning', e.at))
      decisions.push(decisionStatement(entry('customer', null), 'skipped', 'no_preference', e.at))
    })
    await env.db.batch(decisions, 'write')
  }
}

async function infraBackups(env, dayStart) {
  const at = dayStart + 23 * 60 * MIN
  for (let i = 0; i < HOMES; i++) {
    const payload = JSON.parse(infraPayload)
    payload.customer_id = homeId(i)
    await pushInfraBackup(
      env.db,
      env.secrets,
      homeId(i),
      new TextEncoder().encode(JSON.stringify(payload)),
      at,
    )
  }
}

async function tableSizes(dir) {
  const db = createClient({ url: `file:${join(dir, 'hub.db')}`, intMode: 'number' })
  const rs = await db.execute(
    `SELECT coalesce(i.tbl_name, s.name) AS tbl, sum(s.pgsize) AS bytes FROM dbstat s
     LEFT JOIN sqlite_master i ON i.name = s.name AND i.type = 'index' GROUP BY tbl ORDER BY bytes DESC`,
  )
  const counts = {}
  for (const t of ['samples', 'samples_hourly', 'reports', 'events', 'notification_log', 'infra_backups'])
    counts[t] = Number((await db.execute(`SELECT count(*) AS n FROM ${t}`)).rows[0].n)
  db.close()
  return { sizes: rs.rows.map((r) => ({ table: String(r.tbl), bytes: Number(r.bytes) })), counts }
}

/**
 * The same night's prune in this process on a copy of the file, every database call timed: the
 * embedded driver runs each call on the event loop, so the longest call is the longest pause the
 * prune can cause a request (whatever else competes for the CPU).
 */
async function pruneTimed(dir) {
  const copy = mkdtempSync(join(tmpdir(), 'felhom-hub-prune-'))
  try {
    copyFileSync(join(dir, 'hub.db'), join(copy, 'hub.db'))
    const db = createClient({ url: `file:${join(copy, 'hub.db')}`, intMode: 'number' })
    const calls = []
    for (const m of ['execute', 'batch', 'executeMultiple']) {
      const call = db[m].bind(db)
      db[m] = async (...a) => {
        const t0 = performance.now()
        try {
          return await call(...a)
        } finally {
          const first = Array.isArray(a[0]) ? a[0][0] : a[0]
          calls.push({
            ms: performance.now() - t0,
            sql: String(first?.sql ?? first)
              .replace(/\s+/g, ' ')
              .slice(0, 90),
          })
        }
      }
    }
    const config = loadConfig(undefined, {}).config
    const t0 = performance.now()
    const summary = await prune({ db, config, clock: fixedClock(END + MIN), log })
    const ms = performance.now() - t0
    db.close()
    calls.sort((a, b) => b.ms - a.ms)
    return { ms, summary, longest: calls[0], calls: calls.length, top: calls.slice(0, 5) }
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}

const fileSize = (path) => {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * The night's prune, run by the real hub (POST /internal/cron/prune?force=true) while reports
 * arrive (10 connections) and a prober asks /healthz one request after another: the prober's
 * longest answer bounds the longest pause of the event loop, and the hub's own event-loop lag
 * metric (nodejs_eventloop_lag_max_seconds, reset by the scrape before) measures it from inside.
 */
async function nightUnderLoad(dir) {
  const { child, port } = await startHub(dir, { HUB_SERVER_DATA_DIR: dir })
  try {
    // 1. The nightly snapshot through the hub's own job (03:15 Budapest, before the prune).
    const snapPeak = watchPeak(child.pid)
    const s0 = Date.now()
    const backup = await http(port, 'POST', '/internal/cron/backup?force=true', { token: CRON })
    const snapSeconds = (Date.now() - s0) / 1000
    const snapRss = snapPeak()
    const backups = join(dir, 'backups')
    const snapBytes = readdirSync(backups).reduce((n, f) => n + fileSize(join(backups, f)), 0)
    console.log(
      `storage: nightly snapshot ${backup.status} ${backup.text} in ${snapSeconds.toFixed(1)} s, ` +
        `${mib(snapBytes)} MiB on the volume; hub RSS peak ${mib(snapRss)} MiB`,
    )
    const prunePeak = watchPeak(child.pid)
    const scrapeLag = async () => {
      const res = await http(port, 'GET', '/metrics', { token: METRICS })
      const m = /^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(res.text)
      return m ? Number(m[1]) * 1000 : NaN
    }
    await http(port, 'GET', '/healthz')
    await scrapeLag()
    const bodies = Array.from({ length: HOMES }, (_, i) => JSON.stringify(reportOf(i, END)))
    let pruning = true
    let n = 0
    let ingest
    const load = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: 10,
        overallRate: 200,
        duration: 600,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/report',
            headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }),
          },
        ],
      },
      (err, r) => (ingest = r),
    )
    const loadDone = new Promise((resolve) => load.on('done', resolve))
    let probes = []
    const prober = (async () => {
      while (pruning) {
        const t0 = performance.now()
        await http(port, 'GET', '/healthz')
        probes.push(performance.now() - t0)
        await sleep(5)
      }
    })()
    // The same load without the prune first, then with the event-loop lag reset: what the prune adds.
    await sleep(5000)
    const baseline = percentiles(probes)
    const baselineLag = await scrapeLag()
    probes = []
    const t0 = Date.now()
    const res = await http(port, 'POST', '/internal/cron/prune?force=true', { token: CRON })
    const seconds = (Date.now() - t0) / 1000
    pruning = false
    await prober
    const lag = await scrapeLag()
    load.stop()
    await loadDone
    const summary = JSON.parse(res.text).summary
    const pruneRss = prunePeak()
    return {
      status: res.status,
      seconds,
      summary,
      probes: percentiles(probes),
      lagMs: lag,
      baseline,
      baselineLag,
      ingest,
      snapBytes,
      snapSeconds,
      snapRss,
      pruneRss,
    }
  } finally {
    await stop(child)
  }
}

export async function storage(row) {
  const dir = mkdtempSync(join(tmpdir(), 'felhom-hub-storage-'))
  try {
    console.log(`\nstorage: ${HOMES} homes × ${DAYS} days through the store (this takes a while)`)
    const t0 = Date.now()
    const timings = await generate(dir)
    const genSeconds = (Date.now() - t0) / 1000
    const db = fileSize(join(dir, 'hub.db'))
    const { sizes, counts } = await tableSizes(dir)
    console.log(
      `storage: generated in ${Math.round(genSeconds)} s; hub.db ${mib(db)} MiB; rows ${JSON.stringify(counts)}`,
    )
    for (const s of sizes.slice(0, 12)) console.log(`  ${s.table.padEnd(26)} ${mib(s.bytes).padStart(8)} MiB`)
    const timed = await pruneTimed(dir)
    console.log(
      `storage: prune in-process on a copy: ${(timed.ms / 1000).toFixed(1)} s, ${timed.calls} database calls, longest:\n` +
        timed.top.map((c) => `  ${c.ms.toFixed(1).padStart(8)} ms  ${c.sql}`).join('\n'),
    )
    const p = await nightUnderLoad(dir)
    const { snapBytes, snapSeconds } = p
    console.log(
      `storage: prune under load: ${p.status} in ${p.seconds.toFixed(1)} s, ${JSON.stringify(p.summary)}\n` +
        `  /healthz during prune: p50 ${p.probes.p50.toFixed(1)} ms, p99 ${p.probes.p99.toFixed(1)} ms, max ${p.probes.max.toFixed(1)} ms;` +
        ` event-loop lag max ${p.lagMs.toFixed(1)} ms; ingest alongside ${Math.round(p.ingest.requests.average)}/s, max ${p.ingest.latency.max} ms;` +
        ` hub RSS peak ${mib(p.pruneRss)} MiB\n` +
        `  the same load for 5 s before the prune: /healthz p50 ${p.baseline.p50.toFixed(1)} ms, max ${p.baseline.max.toFixed(1)} ms;` +
        ` event-loop lag max ${p.baselineLag.toFixed(1)} ms`,
    )
    const after = fileSize(join(dir, 'hub.db'))
    row(
      `hub.db at ${HOMES} × ${DAYS} days (before the night's prune)`,
      `${mib(db)} MiB`,
      '≤ 300 MiB',
      db <= 300 * MiB,
    )
    row('hub.db after that prune', `${mib(after)} MiB`, '—', '')
    row(
      'nightly snapshot (compressed, verified)',
      `${mib(snapBytes)} MiB in ${snapSeconds.toFixed(0)} s`,
      '—',
      '',
    )
    row('hub.db + snapshot', `${mib(db + snapBytes)} MiB`, '≤ 768 MiB', db + snapBytes <= 768 * MiB)
    row(
      'prune: longest database call (one write transaction)',
      `${timed.longest.ms.toFixed(0)} ms`,
      '≤ 100 ms',
      timed.longest.ms <= 100,
    )
    row(
      'prune: longest event-loop pause (lag metric)',
      `${p.lagMs.toFixed(0)} ms (without the prune ${p.baselineLag.toFixed(0)} ms)`,
      '≤ 100 ms',
      p.lagMs <= 100,
    )
    row(
      'prune: slowest /healthz while it ran',
      `${p.probes.max.toFixed(0)} ms (p99 ${p.probes.p99.toFixed(0)}; without the prune max ${p.baseline.max.toFixed(0)})`,
      '≤ 100 ms',
      p.probes.max <= 100,
    )
    row(
      'hub RSS during the snapshot / the prune (with ingest)',
      `${mib(p.snapRss)} / ${mib(p.pruneRss)} MiB`,
      '< 192 MiB (k8s limit)',
      Math.max(p.snapRss, p.pruneRss) < 192 * MiB,
    )
    row(
      'storage mode duration',
      `${Math.round((Date.now() - t0) / 1000)} s (generation ${Math.round(genSeconds)} s)`,
      '—',
      '',
    )
    return { db, snapBytes, timings }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true })
    else console.log(`storage: kept ${dir}`)
  }
}
