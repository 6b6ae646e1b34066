import type { JobContext } from "~/jobs/define-job";
import { closeConfirmationsOnSchedule } from "./confirm-record";

export default async function closeConfirmationsJob(payload: { sessionId: string; endsAtMs: number }, _ctx: JobContext) {
  return closeConfirmationsOnSchedule(payload);
}
