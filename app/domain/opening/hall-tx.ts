import { getDb, type Db, type Tx } from "~/lib/db.server";
import { publishHallEvents } from "~/domain/opening/hall-feed.server";
import { appendHallEvent, type HallEvent } from "./events";

export type Emit = (type: string, payload?: Record<string, unknown>) => Promise<HallEvent>;

/**
 * Runs a hall write in one transaction with an `emit` that appends events to the session's stream, then —
 * only after the commit — publishes them to the other app instances. A rolled-back write emits nothing.
 */
export async function hallTx<T>(
  sessionId: string,
  fn: (tx: Tx, emit: Emit) => Promise<T>,
  db: Db = getDb(),
): Promise<T> {
  const events: HallEvent[] = [];
  const result = await db.$transaction(
    async (tx) => fn(tx, async (type, payload = {}) => {
      const e = await appendHallEvent(tx, sessionId, type, payload);
      events.push(e);
      return e;
    }),
    { timeout: 30_000, maxWait: 10_000 },
  );
  await publishHallEvents(events);
  return result;
}
