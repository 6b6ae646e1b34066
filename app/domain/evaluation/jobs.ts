import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** 评标报告 PDF, once the results are computed (again after a 复核): attaches it to the session. */
export const renderEvaluationReport = defineJob({
  queue: "documents",
  name: "renderEvaluationReport",
  payload: z.object({ sessionId: z.uuid(), resultsSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  jobId: (p) => `evaluation-report-${p.sessionId}-${p.resultsSha256.slice(0, 16)}`,
  attempts: 8,
  handler: () => import("./render-evaluation-report-job"),
});
