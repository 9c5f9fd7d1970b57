// Bounded concurrency: at most `limit` of the tasks run at once, in order of the items. For calls
// to many controllers (drift check, rollout waves, queued actions) that must not open a thousand
// sockets at once nor take a thousand round trips one after another.

/**
 * Runs `task` for every item, at most `limit` at a time; resolves with the results in item order.
 * A task that throws stops the others from starting new items, and the call rejects with its error.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++
      try {
        results[i] = await task(items[i], i)
      } catch (err) {
        next = items.length
        throw err
      }
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker)
  await Promise.all(workers)
  return results
}
