import type { JobContext } from "~/jobs/define-job";
import { closeDecryptionOnSchedule } from "./close-decryption";

export default async function closeDecryptionJob(payload: { sessionId: string; endsAtMs: number }, _ctx: JobContext) {
  return closeDecryptionOnSchedule(payload);
}
