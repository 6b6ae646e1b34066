import type { JobContext } from "~/jobs/define-job";
import { fireScheduledTransition, type FirePayload } from "./fire-scheduled-transition";

/** Worker entry of the `fireTransition` job (app/jobs/definitions.ts). */
export default async function fireTransitionJob(payload: FirePayload, _ctx: JobContext) {
  return fireScheduledTransition(payload);
}
