import { getEnv } from "~/lib/env.server";
import { getAuditPool } from "./audit-pool";
import { sealAuditLog } from "./seal-audit-log";

export interface AuditSealerOptions {
  url?: string;
  signal?: AbortSignal;
  /** How often to look for unsealed entries; it is also the live log's typical delay. */
  intervalMs?: number;
  batch?: number;
  log?: { info: (o: object, m?: string) => void; error: (o: object, m?: string) => void };
}

/**
 * The worker's sealing loop. Every 100 ms it runs one sealing pass: an anti-join of the few entries above
 * the sealer's floor against AuditSeal (see seal-audit-log.ts; an idle pass is five round trips and
 * writes nothing) and seals what it finds. Appends do not NOTIFY (see append-audit.ts), so polling is
 * the trigger; sealAuditLog's advisory lock makes several workers safe.
 */
export function startAuditSealer(opts: AuditSealerOptions = {}): { stop(): Promise<void> } {
  const pool = getAuditPool(opts.url ?? getEnv().DATABASE_URL);
  const interval = opts.intervalMs ?? 100;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let failures = 0;

  const tick = async () => {
    try {
      const n = await sealAuditLog(pool, { batch: opts.batch });
      if (n >= 10_000) opts.log?.info({ sealed: n }, "audit backlog sealed");
      failures = 0;
    } catch (err) {
      // The database may be restarting: keep trying, log once per streak rather than every 100 ms.
      if (failures++ === 0) opts.log?.error({ err }, "audit sealing failed; retrying");
    }
  };

  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, failures ? Math.min(5000, interval * 2 ** failures) : interval);
    });
  };
  loop();

  const stop = async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
  opts.signal?.addEventListener("abort", () => void stop(), { once: true });
  return { stop };
}
