import { systemActor } from "~/domain/actor";
import type { JobContext } from "~/jobs/define-job";
import { runExpertImport } from "./run-expert-import";

/** Handler of importExperts (maintenance queue): progress goes to BullMQ and the ExpertImport row. */
export default async function importExpertsJob(payload: { importId: string }, ctx?: JobContext) {
  return runExpertImport(systemActor("worker:experts"), payload, { progress: ctx?.progress });
}
