/**
 * Server-clock arithmetic for the browser, kept pure so it can be unit-tested.
 *
 * Everything is measured on the page's monotonic clock (performance.now()), never on Date.now(): the PC's
 * wall clock may be wrong or be changed while the page is open, the monotonic clock cannot be. We keep
 * `offset` such that   server epoch ms ≈ performance.now() + offset.
 */
export interface ClockSample {
  /** performance.now() just before the request was sent */
  sentAt: number;
  /** performance.now() when the response arrived */
  receivedAt: number;
  /** the server's epochMs in that response */
  serverMs: number;
}

export interface ClockEstimate {
  offset: number;
  /** Round-trip time of the sample used; the estimate is within ±rtt/2 of the truth. */
  rtt: number;
}

/** Samples slower than this say more about the network than about the clock. */
export const MAX_USEFUL_RTT_MS = 10_000;

/**
 * NTP-style: the server stamped its time somewhere during the round trip, most likely in the middle;
 * of several samples the one with the shortest round trip has the smallest possible error.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate | null {
  let best: ClockEstimate | null = null;
  for (const s of samples) {
    const rtt = s.receivedAt - s.sentAt;
    if (!(rtt >= 0) || rtt > MAX_USEFUL_RTT_MS || !Number.isFinite(s.serverMs)) continue;
    const offset = s.serverMs - (s.sentAt + s.receivedAt) / 2;
    if (!best || rtt < best.rtt) best = { offset, rtt };
  }
  return best;
}

/**
 * Before the first sync: the server rendered `serverNowMs` just before the HTML response started, which
 * the navigation timing records as `responseStart` on the same monotonic timeline.
 */
export function offsetFromRender(serverNowMs: number, responseStart: number | undefined, perfNow: number): number {
  const at = responseStart && responseStart > 0 && responseStart <= perfNow ? responseStart : perfNow;
  return serverNowMs - at;
}

/** Milliseconds until the next whole server second, so the display changes exactly on the second. */
export function msToNextSecond(serverMs: number): number {
  const rem = ((serverMs % 1000) + 1000) % 1000;
  return 1000 - rem;
}
