export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests can set and move. */
export function fixedClock(
  start: string | Date | number,
): Clock & { set(t: string | Date | number): void; advance(ms: number): void } {
  let t = new Date(start).getTime()
  return {
    now: () => new Date(t),
    set: (v) => {
      t = new Date(v).getTime()
    },
    advance: (ms) => {
      t += ms
    },
  }
}

/** RFC 3339 UTC with seconds precision, as the contract writes timestamps. */
export function iso(ms: number | Date): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
