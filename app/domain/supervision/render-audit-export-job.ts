import { systemActor } from "~/domain/actor";
import type { JobContext } from "~/jobs/define-job";
import { generateAuditExportDocument } from "./generate-audit-export-document";

/** Worker entry of the `renderAuditExport` job (app/domain/supervision/jobs.ts). */
export default async function renderAuditExportJob(payload: { exportId: string }, ctx: JobContext) {
  return generateAuditExportDocument(systemActor("worker:documents"), payload, { progress: ctx.progress });
}
