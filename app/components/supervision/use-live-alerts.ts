import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

export type LiveState = "connecting" | "live" | "reconnecting";

/**
 * Keeps the alerts console current without a reload: every alert change is audited (alert.raised,
 * alert.acknowledged, …), so the page listens to the live audit log filtered on `alert.` and reloads its
 * data (debounced: one evaluation run raises many alerts at once). The browser reconnects by itself.
 */
export function useLiveAlerts(): LiveState {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const es = new EventSource("/supervision/log/stream?action=alert.");
    let timer: number | undefined;
    es.addEventListener("open", () => setState("live"));
    es.addEventListener("error", () => setState("reconnecting"));
    es.addEventListener("status", (ev) => {
      const { connected } = JSON.parse((ev as MessageEvent).data) as { connected: boolean };
      setState(connected ? "live" : "reconnecting");
    });
    es.addEventListener("entry", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => revalidate.current(), 400);
    });
    return () => {
      es.close();
      window.clearTimeout(timer);
    };
  }, []);
  return state;
}
