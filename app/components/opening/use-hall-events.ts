import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

export interface LiveHallEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}

/**
 * The hall's live feed in the browser: one EventSource on /hall/:lotId/stream. The browser itself resends
 * Last-Event-ID on reconnection, so the server replays exactly what was missed. Events after the page's
 * own position (the loader's lastSeq) are kept for the log, and each one revalidates the loader (debounced)
 * so the viewer-specific parts (own bid, names for host/supervisors) follow. The 唱标 table comes in the
 * "reading" event itself: every viewer renders it from that one message, at the same instant.
 */
export function useHallEvents(lotId: string, fromSeq: number) {
  const [events, setEvents] = useState<LiveHallEvent[]>([]);
  const [connected, setConnected] = useState(false);
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  revalidateRef.current = revalidate;

  useEffect(() => {
    const es = new EventSource(`/hall/${lotId}/stream?lastEventId=${fromSeq}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = fromSeq;
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener("hall", (m) => {
      const e = JSON.parse((m as MessageEvent<string>).data) as LiveHallEvent;
      if (e.seq <= last) return;
      last = e.seq;
      setEvents((xs) => [...xs, e].slice(-200));
      clearTimeout(timer);
      timer = setTimeout(() => revalidateRef.current(), 250);
    });
    return () => {
      clearTimeout(timer);
      es.close();
    };
    // The stream is opened once per page: later loader revalidations must not restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lotId]);

  return { events, connected };
}
