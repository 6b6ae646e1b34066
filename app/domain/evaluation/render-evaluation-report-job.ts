import { systemActor } from "~/domain/actor";
import type { JobContext } from "~/jobs/define-job";
import { generateEvaluationReport } from "./generate-evaluation-report";

export default async function renderEvaluationReportJob(payload: { sessionId: string; resultsSha256: string }, _ctx: JobContext) {
  return generateEvaluationReport(systemActor("documents"), payload);
}
