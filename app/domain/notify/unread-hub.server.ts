import pg from "pg";
import { getEnv } from "~/lib/env.server";
import { pgConfigFromUrl } from "~/lib/pg-config";
import { countUnread } from "./count-unread";

type Listener = (unread: number) => void;

/**
 * Live unread counts for the header bells of this web process. ONE pg connection LISTENs to
 * 'notification' (notify() and markNotificationsRead send the user id on commit); on a message for a
 * user with open pages, that user's count is read once and pushed to each of their streams. After a lost
 * connection it reconnects and recounts everyone connected, so a missed message only delays a badge.
 * Starts with the first subscriber, stops after the last.
 */
export class UnreadHub {
  private listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly url: string) {}

  subscribe(userId: string, fn: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(fn);
    if (!this.running) {
      this.running = true;
      void this.connect();
    }
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(userId);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  private async connect() {
    const client = new pg.Client(pgConfigFromUrl(this.url, { application_name: "ggzy-unread-hub" }));
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => {});
      if (this.running) this.retry = setTimeout(() => void this.connect(), 1000);
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (m) => m.payload && void this.push(m.payload));
    this.client = client;
    try {
      await client.connect();
      await client.query("LISTEN notification");
      if (!this.running) return void client.end().catch(() => {});
      // Whatever happened while we were not listening: recount everyone connected.
      for (const userId of this.listeners.keys()) void this.push(userId);
    } catch {
      lost();
    }
  }

  private async push(userId: string) {
    const set = this.listeners.get(userId);
    if (!set || set.size === 0) return;
    let n: number;
    try {
      n = await countUnread(userId);
    } catch {
      return; // database away: the reconnect recounts
    }
    for (const fn of set) {
      try {
        fn(n);
      } catch {
        /* one broken stream must not starve the others */
      }
    }
  }

  async stop() {
    this.running = false;
    clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}

const g = globalThis as unknown as { __unreadHubs?: Map<string, UnreadHub> };

/** The process's hub (one per database URL; kept across dev-server reloads). */
export function getUnreadHub(url = getEnv().DATABASE_URL): UnreadHub {
  g.__unreadHubs ??= new Map();
  let h = g.__unreadHubs.get(url);
  if (!h) g.__unreadHubs.set(url, (h = new UnreadHub(url)));
  return h;
}
