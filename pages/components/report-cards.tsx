// The parts of the detail page drawn from the latest report. Reports are loose JSON from a
// controller: every value is checked before use and rendered as text (Preact escapes it).
import type { InfraBackupVersion } from '../../lib/store/infra-backups.js'
import { Tag } from './badge.js'
import { age, ageOfIso, bytes, duration, pct, text, utc } from './format.js'

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : [])
const numOr = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function SystemCard({ report }: { report: Obj }) {
  const sys = obj(report.system)
  const memTotal = numOr(sys.memory_total_bytes)
  const memUsed = numOr(sys.memory_used_bytes)
  const checks = list(obj(report.health).checks)
  const kernel = sys.kernel ? `(${text(sys.kernel)}, ${text(sys.arch)})` : ''
  const memPercent = memTotal && memUsed !== null ? pct((memUsed / memTotal) * 100) : null
  return (
    <section class="card">
      <h2>System</h2>
      <dl class="kv">
        <dt>Hostname</dt>
        <dd>{text(report.hostname)}</dd>
        <dt>OS</dt>
        <dd>
          {text(sys.os)} <span class="muted">{kernel}</span>
        </dd>
        <dt>Uptime</dt>
        <dd>{duration(sys.uptime_seconds)}</dd>
        <dt>CPU</dt>
        <dd>
          {pct(numOr(sys.cpu_percent), 1)} · load {text(sys.load1)} / {text(sys.load5)} / {text(sys.load15)}
          {sys.cpu_count ? <span class="muted"> · {String(sys.cpu_count)} cores</span> : null}
        </dd>
        <dt>Memory</dt>
        <dd>
          {bytes(memUsed)} of {bytes(memTotal)}
          {memPercent ? <span class="muted"> ({memPercent})</span> : null}
        </dd>
        <dt>Temperature</dt>
        <dd>{numOr(sys.temperature_c) === null ? '—' : `${numOr(sys.temperature_c)!.toFixed(1)} °C`}</dd>
      </dl>
      {checks.length > 0 ? (
        <>
          <h3>Health checks</h3>
          <table class="table compact table-stack">
            <tbody>
              {checks.map((c) => (
                <tr>
                  <td>{text(c.name)}</td>
                  <td>
                    <span class={`health health-${String(c.status)}`}>{text(c.status)}</span>
                  </td>
                  <td class="muted cell-wide">{text(c.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  )
}

/** A horizontal usage bar in SVG (attributes, not inline styles, so the CSP needs no 'unsafe-inline'). */
interface Levels {
  warnAt?: number
  criticalAt?: number
}

export function UsageBar({ percent, warnAt = 80, criticalAt = 90 }: Levels & { percent: number }) {
  const p = Math.min(100, Math.max(0, percent))
  const level = p >= criticalAt ? 'down' : p >= warnAt ? 'warn' : 'ok'
  return (
    <svg
      class="bar"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${p.toFixed(0)}% used`}
    >
      <rect class="bar-track" x="0" y="0" width="100" height="10" rx="2" />
      <rect class={`bar-${level}`} x="0" y="0" width={p.toFixed(1)} height="10" rx="2" />
    </svg>
  )
}

export function StorageCard({ report, warnAt, criticalAt }: Levels & { report: Obj }) {
  const drives = list(report.storage)
  return (
    <section class="card">
      <h2>Storage</h2>
      {drives.length === 0 ? <p class="muted">No drives reported.</p> : null}
      {drives.map((d) => {
        const total = numOr(d.total_bytes)
        const used = numOr(d.used_bytes)
        const percent = total && used !== null ? (used / total) * 100 : null
        const smart = typeof d.smart_status === 'string' ? d.smart_status : null
        return (
          <div class="storage-row" data-mount={text(d.mount)}>
            <div class="storage-head">
              <span>
                <strong>{text(d.label)}</strong> <span class="muted mono">{text(d.mount)}</span>{' '}
                {smart && smart !== 'ok' ? <Tag kind="error">{`SMART ${smart}`}</Tag> : null}
              </span>
              <span>
                {bytes(used)} / {bytes(total)} <strong>{pct(percent)}</strong>
              </span>
            </div>
            {percent !== null ? <UsageBar percent={percent} warnAt={warnAt} criticalAt={criticalAt} /> : null}
          </div>
        )
      })}
    </section>
  )
}

const flapping = (c: Obj, threshold: number) => typeof c.restarts === 'number' && c.restarts >= threshold

export function containerProblem(c: Obj, restartThreshold: number): string | null {
  if (c.state !== 'running') return `not running (${text(c.state)})`
  if (c.health === 'unhealthy') return 'unhealthy'
  if (flapping(c, restartThreshold)) return `${String(c.restarts)} restarts`
  return null
}

export function ContainersCard({ report, restartThreshold }: { report: Obj; restartThreshold: number }) {
  const rows = list(report.containers).map((c) => ({ c, problem: containerProblem(c, restartThreshold) }))
  const byName = (a: Obj, b: Obj) => String(a.name).localeCompare(String(b.name))
  rows.sort((a, b) => Number(!!b.problem) - Number(!!a.problem) || byName(a.c, b.c))
  const problems = rows.filter((r) => r.problem).length
  const running = rows.filter((r) => r.c.state === 'running').length
  return (
    <section class="card">
      <h2>
        Containers
        <span class="muted">
          {running} of {rows.length} running{problems > 0 ? ` · ${problems} with problems` : ''}
        </span>
      </h2>
      {rows.length === 0 ? (
        <p class="muted">No containers reported.</p>
      ) : (
        <table class="table compact table-stack tiles-narrow">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th>Health</th>
              <th class="num">Restarts</th>
              <th>Image</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ c, problem }) => (
              <tr class={problem ? 'problem' : undefined} title={problem ?? undefined}>
                <td class="strong cell-title" data-label="Name">
                  {text(c.name)}
                </td>
                <td data-label="State">
                  {c.state === 'running' ? text(c.state) : <Tag kind="error">{text(c.state)}</Tag>}
                </td>
                <td data-label="Health">
                  {c.health === 'unhealthy' ? <Tag kind="error">unhealthy</Tag> : text(c.health)}
                </td>
                <td class={flapping(c, restartThreshold) ? 'num count-error' : 'num'} data-label="Restarts">
                  {text(c.restarts)}
                </td>
                <td class="muted mono cell-wide" data-label="Image">
                  {text(c.image)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

const statusKind = (s: string | null) =>
  s === 'ok' ? 'ok' : s === 'partial' || s === null ? 'warning' : 'error'

function BackupLine(p: { label: string; enabled: unknown; at: unknown; status: unknown; now: number }) {
  const status = typeof p.status === 'string' ? p.status : null
  return (
    <>
      <dt>{p.label}</dt>
      <dd>
        {p.enabled === false ? (
          <span class="muted">disabled</span>
        ) : (
          <>
            <Tag kind={statusKind(status)}>{status ?? 'unknown'}</Tag>
            {ageOfIso(p.at, p.now)}
            {typeof p.at === 'string' ? <span class="muted"> · {p.at}</span> : null}
          </>
        )}
      </dd>
    </>
  )
}

export function BackupsCard(p: { report: Obj | null; infra: InfraBackupVersion[]; now: number }) {
  const { report, infra, now } = p
  const b = obj(report?.backups)
  return (
    <section class="card">
      <h2>Backups</h2>
      <dl class="kv">
        {report ? (
          <>
            <BackupLine
              label="Last backup"
              enabled={b.backup_enabled}
              at={b.last_backup_at}
              status={b.last_backup_status}
              now={now}
            />
            <BackupLine
              label="Database dump"
              enabled={b.dbdump_enabled}
              at={b.last_dbdump_at}
              status={b.last_dbdump_status}
              now={now}
            />
            <BackupLine
              label="Cross-drive copy"
              enabled={b.crossdrive_enabled}
              at={b.last_crossdrive_at}
              status={b.last_crossdrive_status}
              now={now}
            />
            <dt>Repository</dt>
            <dd>
              {bytes(b.repository_size_bytes)} · {text(b.snapshot_count)} snapshots · last run{' '}
              {duration(b.last_backup_duration_seconds)}
            </dd>
          </>
        ) : null}
        <dt>Infra backup</dt>
        <dd>{infra.length === 0 ? 'none received' : <InfraLine infra={infra} now={now} />}</dd>
      </dl>
    </section>
  )
}

function InfraLine({ infra, now }: { infra: InfraBackupVersion[]; now: number }) {
  const last = infra[0]
  return (
    <>
      version {last.version}, {age(last.receivedAt, now)} ({utc(last.receivedAt)}), {bytes(last.sizeBytes)} ·{' '}
      {infra.length} kept
    </>
  )
}
