import { getEnv } from "~/lib/env.server";
import { listenPg, type PgListener } from "~/lib/pg-listen.server";
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
  private listener: PgListener | null = null;

  constructor(private readonly url: string) {}

  subscribe(userId: string, fn: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(fn);
    // Whatever happened while we were not listening: recount everyone connected.
    this.listener ??= listenPg(this.url, "notification", "ggzy-unread-hub", {
      onNotify: (userId) => userId && void this.push(userId),
      onUp: () => {
        for (const id of this.listeners.keys()) void this.push(id);
      },
    });
    return () => {
      set.delete(fn);
      if (set.size === 0) this.listeners.delete(userId);
      if (this.listeners.size === 0) void this.stop();
    };
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
    const l = this.listener;
    this.listener = null;
    await l?.stop();
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
