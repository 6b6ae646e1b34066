import type { Redis } from "ioredis";
import { listHallEventsSince, type HallEvent } from "~/domain/opening/events";
import { getDb, type Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { createRedis, getRedis } from "~/lib/redis.server";

type Listener = (e: HallEvent) => void;

interface SessionFeed {
  listeners: Set<Listener>;
  /** Seq of the last event handed to this process's listeners. */
  lastSeq: number;
  ready: Promise<void>;
  pumping: Promise<void> | null;
  again: boolean;
}

/** How often each watched hall is checked against PostgreSQL: covers a lost publish or a Redis outage. */
const POLL_MS = 2_000;

export const hallChannel = (prefix: string, sessionId: string) => `${prefix}:hall:${sessionId}`;

/**
 * Live fan-out of hall events to the SSE clients of THIS process. PostgreSQL (OpeningEvent) is the truth;
 * Redis pub/sub only carries "event N happened" quickly between app instances. ONE subscriber connection
 * per process serves every hall and every client; a hall's channel is subscribed while someone here
 * watches it. Each hall feed delivers events strictly in seq order without holes: a message that skips
 * ahead (a lost publish) triggers a catch-up read from PostgreSQL, and a slow poll does the same, so a
 * Redis hiccup delays an event but never loses it. Duplicates are dropped by seq.
 */
export class HallHub {
  private sub: Redis | null = null;
  private feeds = new Map<string, SessionFeed>();
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: { redisUrl: string; prefix: string; db: () => Db },
  ) {}

  /** Listens to a hall; resolves once the feed knows its position (events after it reach `fn`). */
  async subscribe(sessionId: string, fn: Listener): Promise<{ position: number; unsubscribe: () => void }> {
    let feed = this.feeds.get(sessionId);
    if (!feed) {
      const f: SessionFeed = { listeners: new Set(), lastSeq: 0, ready: Promise.resolve(), pumping: null, again: false };
      this.feeds.set(sessionId, f);
      f.ready = (async () => {
        await this.connection().subscribe(hallChannel(this.opts.prefix, sessionId));
        const s = await this.opts.db().openingSession.findUnique({ where: { id: sessionId }, select: { lastSeq: true } });
        f.lastSeq = Math.max(f.lastSeq, s?.lastSeq ?? 0);
      })();
      feed = f;
      this.poll ??= setInterval(() => {
        for (const id of this.feeds.keys()) this.pump(id);
      }, POLL_MS);
    }
    feed.listeners.add(fn);
    await feed.ready;
    const f = feed;
    return {
      position: f.lastSeq,
      unsubscribe: () => {
        f.listeners.delete(fn);
        if (f.listeners.size > 0 || this.feeds.get(sessionId) !== f) return;
        this.feeds.delete(sessionId);
        void this.sub?.unsubscribe(hallChannel(this.opts.prefix, sessionId)).catch(() => {});
        if (this.feeds.size === 0) {
          clearInterval(this.poll);
          this.poll = undefined;
        }
      },
    };
  }

  /** Number of clients listening in this process (metrics, bench). */
  get listenerCount(): number {
    let n = 0;
    for (const f of this.feeds.values()) n += f.listeners.size;
    return n;
  }

  private connection(): Redis {
    if (this.sub) return this.sub;
    const sub = createRedis("subscriber", this.opts.redisUrl);
    sub.on("message", (channel: string, message: string) => this.onMessage(channel, message));
    sub.on("error", (err) => logger.warn({ err }, "hall hub: redis subscriber error"));
    // After a reconnect ioredis re-subscribes by itself; catch up on whatever passed meanwhile.
    sub.on("ready", () => {
      for (const id of this.feeds.keys()) this.pump(id);
    });
    this.sub = sub;
    return sub;
  }

  private onMessage(channel: string, message: string) {
    const sessionId = channel.slice(channel.lastIndexOf(":") + 1);
    const feed = this.feeds.get(sessionId);
    if (!feed) return;
    let e: HallEvent;
    try {
      e = JSON.parse(message) as HallEvent;
    } catch {
      return;
    }
    if (e.seq <= feed.lastSeq) return;
    if (e.seq === feed.lastSeq + 1 && !feed.pumping) return this.deliver(feed, e);
    this.pump(sessionId); // a hole: read the missing events from PostgreSQL
  }

  private deliver(feed: SessionFeed, e: HallEvent) {
    if (e.seq <= feed.lastSeq) return;
    feed.lastSeq = e.seq;
    for (const fn of feed.listeners) {
      try {
        fn(e);
      } catch {
        /* one broken client must not starve the others */
      }
    }
  }

  /** Reads events after the feed's position from PostgreSQL; coalesces concurrent requests. */
  private pump(sessionId: string) {
    const feed = this.feeds.get(sessionId);
    if (!feed) return;
    if (feed.pumping) {
      feed.again = true;
      return;
    }
    feed.pumping = (async () => {
      await feed.ready.catch(() => {});
      do {
        feed.again = false;
        try {
          for (;;) {
            const events = await listHallEventsSince(this.opts.db(), sessionId, feed.lastSeq, 500);
            for (const e of events) this.deliver(feed, e);
            if (events.length < 500) break;
          }
        } catch (err) {
          logger.warn({ err, sessionId }, "hall hub: catch-up read failed; the poll retries");
        }
      } while (feed.again);
    })().finally(() => {
      feed.pumping = null;
    });
  }

  async stop() {
    clearInterval(this.poll);
    this.poll = undefined;
    this.feeds.clear();
    const s = this.sub;
    this.sub = null;
    await s?.quit().catch(() => {});
  }
}

const g = globalThis as unknown as { __hallHub?: HallHub };

/** The process's hub (kept across dev-server reloads). */
export function getHallHub(): HallHub {
  const env = getEnv();
  g.__hallHub ??= new HallHub({ redisUrl: env.REDIS_URL, prefix: env.QUEUE_PREFIX, db: getDb });
  return g.__hallHub;
}

/** For tests: drop the process hub (its subscriber connection) so the next call builds a fresh one. */
export async function resetHallHub() {
  await g.__hallHub?.stop();
  g.__hallHub = undefined;
}

/**
 * Publishes committed events to every app instance. Call AFTER the transaction that appended them has
 * committed. A failed publish is only logged: the hubs' poll finds the events in PostgreSQL.
 */
export async function publishHallEvents(events: readonly HallEvent[], redis: Redis = getRedis()): Promise<void> {
  if (events.length === 0) return;
  const prefix = getEnv().QUEUE_PREFIX;
  try {
    const p = redis.pipeline();
    for (const e of events) p.publish(hallChannel(prefix, e.sessionId), JSON.stringify(e));
    await p.exec();
  } catch (err) {
    logger.warn({ err }, "hall events: publish failed; viewers catch up from PostgreSQL");
  }
}

const HEARTBEAT_MS = 15_000;
const REPLAY_LIMIT = 5_000;

/** One event reaches every viewer of the process: serialise and encode its SSE frame once, not per client. */
const frames = new WeakMap<HallEvent, Uint8Array>();
const frameEncoder = new TextEncoder();
function frameOf(e: HallEvent): Uint8Array {
  let f = frames.get(e);
  if (!f) frames.set(e, (f = frameEncoder.encode(`id: ${e.seq}\nevent: hall\ndata: ${JSON.stringify(e)}\n\n`)));
  return f;
}

/**
 * The SSE body of a hall: `retry`, then every event after `lastEventId` replayed from PostgreSQL, then live
 * events from the hub — each exactly once, in seq order (id: seq). Live events arriving during the replay
 * are buffered and filtered by seq, so the joint between replay and live has neither hole nor duplicate.
 * A comment heartbeat keeps proxies from closing an idle stream.
 */
export function hallEventStream(opts: {
  sessionId: string;
  lastEventId: number;
  signal: AbortSignal;
  hub?: HallHub;
  db?: Db;
  heartbeatMs?: number;
}): ReadableStream<Uint8Array> {
  const hub = opts.hub ?? getHallHub();
  const db = opts.db ?? getDb();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const write = (s: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(s));
        } catch {
          cleanup();
        }
      };
      let sent = opts.lastEventId;
      const send = (e: HallEvent) => {
        if (e.seq <= sent || closed) return;
        sent = e.seq;
        try {
          controller.enqueue(frameOf(e));
        } catch {
          cleanup();
        }
      };
      let buffered: HallEvent[] | null = [];
      const sub = await hub.subscribe(opts.sessionId, (e) => (buffered ? buffered.push(e) : send(e)));
      const heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), opts.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        sub.unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      if (opts.signal.aborted) return cleanup();
      opts.signal.addEventListener("abort", cleanup, { once: true });
      write(`retry: 2000\n\n`);
      // Replay up to (at least) the hub's position; anything later comes from the buffer or live.
      for (;;) {
        const missed = await listHallEventsSince(db, opts.sessionId, sent, 1000);
        for (const e of missed) send(e);
        if (missed.length < 1000 || sent >= REPLAY_LIMIT + opts.lastEventId) break;
      }
      const pending = buffered;
      buffered = null;
      for (const e of pending) send(e);
    },
    cancel() {
      cleanup();
    },
  });
}
