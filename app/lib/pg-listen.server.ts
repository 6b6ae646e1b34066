import pg from "pg";
import { pgConfigFromUrl } from "./pg-config";

export interface PgListenHandlers {
  /** A NOTIFY on the channel arrived (payload as sent, if any). */
  onNotify: (payload: string | undefined) => void;
  /** The connection listens (first time and after each reconnect): catch up on what was missed meanwhile. */
  onUp?: () => void | Promise<void>;
  /** The connection was lost or could not be made; a reconnect follows after `retryMs`. */
  onDown?: (err: unknown) => void;
}

export interface PgListener {
  readonly listening: boolean;
  stop(): Promise<void>;
}

/**
 * The one way this code base LISTENs to PostgreSQL (the live log, the notification bells, the outbox relay):
 * a dedicated connection — LISTEN cannot share a pooled one — that reconnects after any loss and calls
 * `onUp` once it listens again, because NOTIFYs sent while nobody listened are gone and each user must
 * catch up from its own state (last seq delivered, a recount, a relay pass).
 */
export function listenPg(url: string, channel: string, appName: string, h: PgListenHandlers, retryMs = 1000): PgListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad LISTEN channel: ${channel}`);
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  let listening = false;

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client(pgConfigFromUrl(url, { application_name: appName }));
    const lost = (err: unknown) => {
      if (client !== c) return;
      client = null;
      listening = false;
      c.end().catch(() => {});
      h.onDown?.(err);
      if (!stopped) retry = setTimeout(() => void connect(), retryMs);
    };
    c.on("error", lost);
    c.on("end", () => lost(new Error("connection ended")));
    c.on("notification", (m) => {
      if (m.channel === channel) h.onNotify(m.payload);
    });
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (stopped || client !== c) return void c.end().catch(() => {});
      listening = true;
      await h.onUp?.();
    } catch (err) {
      lost(err);
    }
  };
  void connect();

  return {
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      listening = false;
      clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
