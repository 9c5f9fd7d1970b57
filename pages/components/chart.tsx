// History charts as inline SVG: no script, no image requests, nothing for the CSP to allow.
import type { HistoryPoint } from '../../lib/store/reports.js'

export const PERIODS = ['24h', '7d', '30d', '90d'] as const
export type Period = (typeof PERIODS)[number]

const W = 300
const H = 90

interface Series {
  label: string
  unit: string
  pick: (p: HistoryPoint) => number | null
  /** The highest value within a point: hourly points (older than a week) carry it apart. */
  pickMax?: (p: HistoryPoint) => number | null
  fixedMax?: number
}

/** An hourly point's own highest value of a figure, when it has one. */
const hourMax = (key: 'cpu_percent_max' | 'memory_used_percent_max') => (p: HistoryPoint) =>
  key in p ? ((p as unknown as Record<string, number | null>)[key] ?? null) : null
const isHourly = (p: HistoryPoint) => 'samples' in p

const SERIES: Series[] = [
  { label: 'CPU', unit: '%', pick: (p) => p.cpu_percent, pickMax: hourMax('cpu_percent_max'), fixedMax: 100 },
  {
    label: 'Memory',
    unit: '%',
    pick: (p) => p.memory_used_percent,
    pickMax: hourMax('memory_used_percent_max'),
    fixedMax: 100,
  },
  { label: 'Fullest disk', unit: '%', pick: (p) => p.disk_used_percent_max, fixedMax: 100 },
  { label: 'Temperature', unit: ' °C', pick: (p) => p.temperature_c },
]

/** SVG polyline points for values over [from, to], scaled to 0..max (callers leave out nulls). */
export function chartPoints(values: { t: number; v: number }[], from: number, to: number, max: number) {
  const span = Math.max(1, to - from)
  return values
    .map(({ t, v }) => {
      const x = ((t - from) / span) * W
      const y = H - (Math.min(Math.max(v, 0), max) / max) * (H - 4) - 2
      return `${x.toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')
}

interface ChartProps {
  series: Series
  points: HistoryPoint[]
  from: number
  to: number
}

function Chart({ series, points, from, to }: ChartProps) {
  const values = points.flatMap((p) => {
    const v = series.pick(p)
    return v === null ? [] : [{ t: p.received_at, v }]
  })
  const last = values.at(-1)?.v
  const highs = points.flatMap((p) => {
    const v = series.pickMax?.(p) ?? series.pick(p)
    return v === null ? [] : [v]
  })
  const hi = highs.length ? Math.max(...highs) : null
  const max = series.fixedMax ?? Math.max(10, Math.ceil(((hi ?? 0) * 1.2) / 10) * 10)
  const line = chartPoints(values, from, to, max)
  const first = line.split(' ')[0]?.split(',')[0]
  const lastX = line.split(' ').at(-1)?.split(',')[0]
  const area = `${first},${H} ${line} ${lastX},${H}`
  const lone = line.split(',')[1]
  return (
    <div class="chart" data-series={series.label}>
      <div class="chart-head">
        <strong>{series.label}</strong>
        <span class="muted">
          {last === undefined
            ? 'no data'
            : `now ${last.toFixed(0)}${series.unit} · max ${hi!.toFixed(0)}${series.unit}`}
        </span>
      </div>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${series.label} history`}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line class="chart-grid-line" x1="0" x2={String(W)} y1={String(H * f)} y2={String(H * f)} />
        ))}
        {values.length > 1 ? <polygon class="chart-area" points={area} /> : null}
        {values.length > 1 ? <polyline class="chart-line" points={line} /> : null}
        {values.length === 1 ? <line class="chart-line" x1="0" x2={String(W)} y1={lone} y2={lone} /> : null}
      </svg>
      <div class="chart-head sub">
        <span>
          scale 0–{max}
          {series.unit}
        </span>
        <span>
          {values.length}{' '}
          {points.some(isHourly) ? 'hourly points' : values.length === 1 ? 'sample' : 'samples'}
        </span>
      </div>
    </div>
  )
}

export function HistoryCharts(p: Omit<ChartProps, 'series'> & { customerId: string; period: Period }) {
  return (
    <section class="card" id="history">
      <h2>
        History
        <span class="periods">
          {PERIODS.map((period) => (
            <a
              href={`/customers/${p.customerId}?period=${period}#history`}
              class={period === p.period ? 'active' : undefined}
            >
              {period}
            </a>
          ))}
        </span>
      </h2>
      <div class="chart-grid">
        {SERIES.map((s) => (
          <Chart series={s} points={p.points} from={p.from} to={p.to} />
        ))}
      </div>
    </section>
  )
}
