import { systemActor } from "~/domain/actor";
import { writeAuditCheckpoint } from "./write-audit-checkpoint";

/** Worker handler of the writeDailyCheckpoint job (lazily imported by its definition in ./jobs). */
export default async function runDailyCheckpoint(payload: { day?: string }) {
  const cp = await writeAuditCheckpoint(systemActor("daily-checkpoint"), { day: payload.day });
  return { checkpointId: cp.id, day: cp.day, headSeq: cp.headSeq, created: cp.created };
}
