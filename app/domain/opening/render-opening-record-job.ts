import { systemActor } from "~/domain/actor";
import type { JobContext } from "~/jobs/define-job";
import { generateOpeningRecord } from "./generate-opening-record";

export default async function renderOpeningRecordJob(payload: { sessionId: string }, _ctx: JobContext) {
  return generateOpeningRecord(systemActor("documents"), payload);
}
