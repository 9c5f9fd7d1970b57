import { describe, expect, it } from 'vitest'
import { reportSchema } from '../../../lib/api/schemas.js'
import { diskReadingsOf, MAX_MOUNTS } from '../../../lib/disks/usage.js'
import { reportFor } from '../../support/fixtures.js'

const parse = (patch: Record<string, unknown>) => reportSchema.parse(reportFor('kovacs-csalad', patch))

describe('diskReadingsOf', () => {
  it('gives each mount its usage in hundredths of a percent', () => {
    expect(diskReadingsOf(parse({}))).toEqual([
      { mount: '/', used: 1932 },
      { mount: '/mnt/hdd1', used: 8300 },
      { mount: '/mnt/hdd2', used: 4035 },
    ])
  })

  it('leaves out mounts without a mount point or a usable size, and repeats of a mount', () => {
    const storage = [
      { label: 'a', total_bytes: 100, used_bytes: 50 },
      { label: 'b', mount: '', total_bytes: 100, used_bytes: 50 },
      { label: 'c', mount: '/c', total_bytes: 0, used_bytes: 0 },
      { label: 'd', mount: '/d', used_bytes: 10 },
      { label: 'e', mount: '/e', total_bytes: 200, used_bytes: 50 },
      { label: 'f', mount: '/e', total_bytes: 100, used_bytes: 99 },
      { label: 'g', mount: '/g'.repeat(200), total_bytes: 100, used_bytes: 1 },
    ]
    expect(diskReadingsOf(parse({ storage }))).toEqual([{ mount: '/e', used: 2500 }])
    expect(diskReadingsOf(parse({ storage: null }))).toEqual([])
  })

  it('takes at most MAX_MOUNTS mounts of a report', () => {
    const storage = Array.from({ length: 1000 }, (_, i) => ({
      mount: `/m${i}`,
      total_bytes: 10,
      used_bytes: 1,
    }))
    expect(diskReadingsOf(parse({ storage }))).toHaveLength(MAX_MOUNTS)
  })
})
