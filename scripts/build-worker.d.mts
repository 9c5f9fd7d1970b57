import type { Metafile } from 'esbuild'
export function buildWorker(outfile?: string): Promise<{ outfile: string; metafile: Metafile }>
