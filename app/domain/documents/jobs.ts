import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** Jobs of the documents area (PDFs that are not any other area's record), registered in app/jobs/definitions.ts. */
const uuid = z.uuid();

/** 企业注册证明: PDF for a newly registered company (enqueued by registerCompany). */
export const renderRegistrationCertificate = defineJob({
  queue: "documents",
  name: "renderRegistrationCertificate",
  payload: z.object({ orgId: uuid }),
  jobId: (p) => `registration-certificate-${p.orgId}`,
  attempts: 5,
  handler: () => import("./render-registration-certificate-job"),
});

/** PDF of a daily audit checkpoint; attaches it to AuditCheckpoint.documentId (enqueued by the audit checkpoint job). */
export const renderAuditCheckpoint = defineJob({
  queue: "documents",
  name: "renderAuditCheckpoint",
  payload: z.object({ checkpointId: uuid }),
  jobId: (p) => `audit-checkpoint-pdf-${p.checkpointId}`,
  attempts: 8,
  handler: () => import("./render-audit-checkpoint-job"),
});
