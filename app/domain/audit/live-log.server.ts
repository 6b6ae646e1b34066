import { getAuditPool } from "~/domain/audit/audit-pool";
import { listSealedSince, type AuditEntryView } from "~/domain/audit/list-audit-entries";
import { getEnv } from "~/lib/env.server";
import { listenPg, type PgListener } from "~/lib/pg-listen.server";

export type LiveLogEvent = { kind: "entries"; entries: AuditEntryView[] } | { kind: "status"; connected: boolean };
type Listener = (e: LiveLogEvent) => void;

/**
 * Fan-out of the audit log to every live viewer of this web process: ONE pg connection LISTENs to
 * 'audit_sealed' (sent by the sealer once per sealed batch), one query reads the new entries, and each
 * SSE client gets them (filtering per client happens in the stream route). A 1 s poll covers missed
 * notifications; after the connection drops it reconnects and catches up from the last seq it delivered,
 * so no entry is skipped. It starts with the first subscriber and stops after the last one leaves.
 */
export class LiveLog {
  private listeners = new Set<Listener>();
  private listener: PgListener | null = null;
  private lastSeq: string | null = null;
  private pumping: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | undefined;
  private running = false;
  connected = false;

  constructor(private readonly url: string) {}

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    if (!this.running) this.start();
    else fn({ kind: "status", connected: this.connected });
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  /** Seq of the last entry delivered (or the head when the log started). The stream replays up to it. */
  get position(): string | null {
    return this.lastSeq;
  }

  /** Resolves when the log listens (tests, and streams that want a consistent replay point). */
  async ready(): Promise<void> {
    while (this.running && !this.connected) await new Promise((r) => setTimeout(r, 10));
  }

  private start() {
    this.running = true;
    this.listener = listenPg(this.url, "audit_sealed", "ggzy-live-log", {
      onNotify: () => this.pump(),
      onUp: async () => {
        if (this.lastSeq === null) {
          const r = await getAuditPool(this.url).query<{ m: string }>(`SELECT coalesce(max(seq), 0)::text AS m FROM "AuditSeal"`);
          this.lastSeq = r.rows[0]!.m;
        }
        if (!this.running) return;
        this.setConnected(true);
        this.pump(); // catch up on whatever was sealed while we were away
      },
      onDown: () => this.setConnected(false),
    });
    this.poll = setInterval(() => this.pump(), 1000);
  }

  private setConnected(c: boolean) {
    if (this.connected === c) return;
    this.connected = c;
    this.emit({ kind: "status", connected: c });
  }

  private emit(e: LiveLogEvent) {
    for (const fn of this.listeners) {
      try {
        fn(e);
      } catch {
        /* one broken client must not starve the others */
      }
    }
  }

  /** Reads everything sealed after lastSeq, in chain order; coalesces bursts of notifications. */
  private pump() {
    if (!this.running || this.lastSeq === null) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        try {
          for (;;) {
            const entries = await listSealedSince(null, this.lastSeq!, 1000, getAuditPool(this.url));
            if (entries.length === 0 || !this.running) break;
            this.lastSeq = entries[entries.length - 1]!.seq;
            this.emit({ kind: "entries", entries });
            if (entries.length < 1000) break;
          }
        } catch {
          /* database away: the poll retries */
        }
      } while (this.again && this.running);
    })().finally(() => {
      this.pumping = null;
    });
  }

  async stop() {
    this.running = false;
    clearInterval(this.poll);
    const l = this.listener;
    this.listener = null;
    this.connected = false;
    this.lastSeq = null;
    await l?.stop();
    await this.pumping;
  }
}

const g = globalThis as unknown as { __liveLogs?: Map<string, LiveLog> };

/** The process's live log (one per database URL; kept across dev-server reloads). */
export function getLiveLog(url = getEnv().DATABASE_URL): LiveLog {
  g.__liveLogs ??= new Map();
  let l = g.__liveLogs.get(url);
  if (!l) g.__liveLogs.set(url, (l = new LiveLog(url)));
  return l;
}
