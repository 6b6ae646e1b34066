import { entryMatches, listSealedSince, viewForScope, type AuditEntryView, type ResolvedFilter } from "~/domain/audit/list-audit-entries";
import { getLiveLog, type LiveLogEvent } from "~/domain/audit/live-log.server";
import { sseResponse } from "~/lib/sse.server";
import type { StreamGuard } from "~/lib/stream-guard.server";

const HEARTBEAT_MS = 15_000;
const REPLAY_LIMIT = 2000;

/**
 * The live log's SSE response for a resolved filter (route supervision.log.stream; the benchmark serves it
 * too). Each event's id is the entry's chain position (seq): on reconnection the browser sends
 * Last-Event-ID and the stream replays what was sealed since, from the database, before going live —
 * chain order has no holes, so nothing is skipped (entry ids can commit out of order; seqs cannot).
 * Events: `entry` (an AuditEntryView), `status` ({connected}) and a comment heartbeat every 15 s.
 */
export function liveLogResponse(request: Request, rf: ResolvedFilter, resumeFrom: string | null, guard?: StreamGuard): Response {
  const live = getLiveLog();
  return sseResponse(request, { retryMs: 3000, heartbeatMs: HEARTBEAT_MS, guard }, async ({ write, onClose }) => {
    let sentUpTo = resumeFrom ? BigInt(resumeFrom) : 0n;
    const sendEntry = (e: AuditEntryView) => {
      write(`id: ${e.seq}\nevent: entry\ndata: ${JSON.stringify(e)}\n\n`);
      sentUpTo = BigInt(e.seq!);
    };
    // Buffer live entries until the replay is written, then drop what the replay already sent.
    let buffered: AuditEntryView[] | null = [];
    const onEvent = (ev: LiveLogEvent) => {
      if (ev.kind === "status") return write(`event: status\ndata: ${JSON.stringify({ connected: ev.connected })}\n\n`);
      // The shared feed carries full entries: each reader gets its scope's view (social supervisors: masked).
      const mine = ev.entries.filter((e) => entryMatches(rf, e)).map((e) => viewForScope(rf, e));
      if (buffered) buffered.push(...mine);
      else for (const e of mine) if (BigInt(e.seq!) > sentUpTo) sendEntry(e);
    };
    onClose(live.subscribe(onEvent));
    // (subscribe() reported the connection state already; it reports every change.)
    await live.ready();
    if (resumeFrom) {
      // Missed while disconnected: replay from the chain, bounded (the page reloads beyond that).
      const missed = await listSealedSince(rf, resumeFrom, REPLAY_LIMIT);
      for (const e of missed) sendEntry(e);
      if (missed.length === REPLAY_LIMIT) write(`event: overflow\ndata: {}\n\n`);
    }
    const pending = buffered;
    buffered = null;
    for (const e of pending) if (BigInt(e.seq!) > sentUpTo) sendEntry(e);
  });
}
