/**
 * Polls `fn` until it gives something truthy (a worker, a queue or the outbox finishing in the background) and
 * returns it; fails after `ms`.
 */
export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 60_000, every = 100): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, every));
  }
}
