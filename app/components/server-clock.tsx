import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatInstant } from "~/lib/time";
import { estimateOffset, msToNextSecond, offsetFromRender, type ClockSample } from "~/lib/server-clock";

/**
 * The one clock of the portal in the browser: server time, ticking every second. It syncs against
 * /api/v1/time (best of a few round trips), re-syncs every few minutes and when the tab comes back
 * (a sleeping laptop may pause the monotonic clock), and never reads the PC's wall clock. Countdowns
 * elsewhere (bid deadline, decryption window) read it with `useServerTime()`.
 */
type SyncState = "pending" | "ok" | "failed";
interface ServerTime {
  /** server epoch ms, updated on each whole second */
  now: number;
  sync: SyncState;
  /** ± error bound of the current estimate, ms */
  errorMs: number | null;
}

const Ctx = createContext<ServerTime | null>(null);

const SAMPLES = 4;
const RESYNC_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;

async function takeSample(): Promise<ClockSample | null> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), FETCH_TIMEOUT_MS);
  try {
    const sentAt = performance.now();
    const res = await fetch("/api/v1/time", { cache: "no-store", signal: ctrl.signal, headers: { Accept: "application/json" } });
    const receivedAt = performance.now();
    if (!res.ok) return null;
    const body = (await res.json()) as { epochMs?: unknown };
    return typeof body.epochMs === "number" ? { sentAt, receivedAt, serverMs: body.epochMs } : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

export function ServerTimeProvider({ initialServerNow, children }: { initialServerNow: number; children: ReactNode }) {
  // The first render (server and hydration) shows exactly the server's render time: no mismatch.
  const [state, setState] = useState<ServerTime>({ now: initialServerNow, sync: "pending", errorMs: null });
  const offset = useRef<number | null>(null);
  // Only the first render time anchors the clock; later root revalidations must not restart syncing.
  const renderedAt = useRef(initialServerNow);

  useEffect(() => {
    let cancelled = false;
    let tickTimer: ReturnType<typeof setTimeout> | undefined;
    let syncing = false;

    if (offset.current === null) {
      const nav = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
      offset.current = offsetFromRender(renderedAt.current, nav?.responseStart, performance.now());
    }

    const tick = () => {
      const now = performance.now() + (offset.current ?? 0);
      setState((s) => ({ ...s, now }));
      tickTimer = setTimeout(tick, msToNextSecond(now) + 2);
    };

    const sync = async () => {
      if (syncing) return;
      syncing = true;
      const samples: ClockSample[] = [];
      for (let i = 0; i < SAMPLES && !cancelled; i++) {
        const s = await takeSample();
        if (s) samples.push(s);
      }
      syncing = false;
      if (cancelled) return;
      const est = estimateOffset(samples);
      if (est) {
        offset.current = est.offset;
        setState((s) => ({ ...s, sync: "ok", errorMs: Math.ceil(est.rtt / 2) }));
      } else {
        setState((s) => ({ ...s, sync: "failed" }));
      }
      clearTimeout(tickTimer);
      tick();
    };

    const onVisible = () => {
      if (document.visibilityState === "visible") void sync();
    };

    tick();
    void sync();
    const resync = setInterval(() => void sync(), RESYNC_MS);
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("online", onVisible);
    return () => {
      cancelled = true;
      clearTimeout(tickTimer);
      clearInterval(resync);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("online", onVisible);
    };
  }, []);

  return <Ctx.Provider value={state}>{children}</Ctx.Provider>;
}

/** Current server time (epoch ms, ticks each second) and sync state, for countdowns and deadlines. */
export function useServerTime(): ServerTime {
  const v = useContext(Ctx);
  if (!v) throw new Error("useServerTime must be used inside <ServerTimeProvider> (the site layout provides it)");
  return v;
}

/** The header clock: "服务器时间 2026年11月23日 14:05:09 北京时间". */
export function ServerClock() {
  const { t, i18n } = useTranslation();
  const { now, sync, errorMs } = useServerTime();
  const status =
    sync === "ok" ? t("clock.synced", { ms: errorMs ?? 0 }) : sync === "failed" ? t("clock.unsynced") : t("clock.syncing");
  return (
    <div className="server-clock" data-sync={sync} title={status}>
      <span className="server-clock__label">{t("clock.label")}</span>{" "}
      {/* role=timer is not announced on every tick (implicit aria-live=off): a ticking clock must not chatter */}
      <time role="timer" className="server-clock__time" dateTime={new Date(now).toISOString()}>
        {formatInstant(now, i18n.language, "datetime")}
      </time>{" "}
      <span className="server-clock__zone">{t("clock.zone")}</span>
      {sync === "failed" ? (
        <span className="server-clock__warn" role="status">
          {" "}
          ⚠ {t("clock.unsyncedShort")}
        </span>
      ) : null}
      <span className="visually-hidden">{status}</span>
    </div>
  );
}
