import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

export interface LiveHallEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}

/**
 * The hall's live feed in the browser: one EventSource on /hall/:lotId/stream. The stream starts at the
 * hall's first event, so the log on the page is the whole hall (a latecomer or a reload sees what happened
 * before); the browser itself resends Last-Event-ID on reconnection, so the server replays exactly what was
 * missed. Each event newer than the page's loader data (`loaderSeq`) revalidates the loader (debounced) so
 * the viewer-specific parts (own bid, names for host/supervisors) follow. The 唱标 table comes in the
 * "reading" event itself: every viewer renders it from that one message, at the same instant.
 */
export function useHallEvents(lotId: string, loaderSeq: number) {
  const [events, setEvents] = useState<LiveHallEvent[]>([]);
  const [connected, setConnected] = useState(false);
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  revalidateRef.current = revalidate;
  const loaderSeqRef = useRef(loaderSeq);
  loaderSeqRef.current = loaderSeq;

  useEffect(() => {
    const es = new EventSource(`/hall/${lotId}/stream?lastEventId=0`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener("hall", (m) => {
      const e = JSON.parse((m as MessageEvent<string>).data) as LiveHallEvent;
      if (e.seq <= last) return;
      last = e.seq;
      setEvents((xs) => [...xs, e].slice(-500));
      if (e.seq <= loaderSeqRef.current) return; // replayed history: the loader already has it
      // Spread the loader refreshes of a full hall over ~1 s: the step and the 唱标 table are already
      // rendered from the event itself (liveStep, "reading"), only per-viewer details wait for the loader.
      clearTimeout(timer);
      timer = setTimeout(() => revalidateRef.current(), 200 + Math.random() * 1000);
    });
    return () => {
      clearTimeout(timer);
      es.close();
    };
    // The stream is opened once per page (the loader's position is read through a ref): later loader
    // revalidations must not restart it.
  }, [lotId]);

  return { events, connected };
}

const STEP_OF: Record<string, { state: string; deadlineKey?: string }> = {
  "hall.started": { state: "DECRYPTING", deadlineKey: "decryptionEndsAt" },
  "hall.failed": { state: "FAILED" },
  reading: { state: "READING" },
  "confirmation.started": { state: "CONFIRMING", deadlineKey: "endsAt" },
  "hall.closed": { state: "CLOSED" },
};

/**
 * The current step (and its deadline) from the live events newer than the loader's data, so every viewer
 * switches step the instant the event arrives, before its loader refresh; null when the loader is current.
 */
export function liveStep(events: LiveHallEvent[], loaderSeq: number): { state: string; deadline: string | null } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.seq <= loaderSeq) return null;
    const step = STEP_OF[e.type];
    if (step) return { state: step.state, deadline: step.deadlineKey ? String(e.payload[step.deadlineKey] ?? "") || null : null };
  }
  return null;
}
