import { systemActor } from "~/domain/actor";
import { generateComplaintDecisionDocument } from "./generate-complaint-decision-document";

/** Worker entry of the `renderComplaintDecision` job (app/domain/supervision/jobs.ts). */
export default async function renderComplaintDecisionJob(payload: { complaintId: string }) {
  return generateComplaintDecisionDocument(systemActor("worker:documents"), payload);
}
