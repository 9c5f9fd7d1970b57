// Hourly: the hub's own volume (lib/volume/watch.ts): today's reading, the days-until-full
// forecast, and a warning to the operator (hub_volume_filling, at most once a day) while it is
// 85% full or predicted full within 14 days.
import type { Env } from '../lib/core/env.js'
import { watchVolume, type VolumeWatchSummary } from '../lib/volume/watch.js'

export const checkVolume = (env: Env): Promise<VolumeWatchSummary> => watchVolume(env)
