import { getDb } from "~/lib/db.server";

/**
 * Handler of pruneOutbox: relayed rows are history once BullMQ has the job (and BullMQ keeps its own
 * record for a week). Undispatched rows are never touched, whatever their age.
 */
export default async function pruneOutbox(payload: { olderThanDays: number }) {
  const deleted = await getDb().$executeRaw`
    DELETE FROM "OutboxJob"
    WHERE "dispatchedAt" IS NOT NULL AND "dispatchedAt" < now() - make_interval(days => ${payload.olderThanDays})`;
  return { deleted };
}
