import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** Jobs of the expert pool, registered in app/jobs/definitions.ts. */
const uuid = z.uuid();

/** Imports an uploaded CSV/XLSX of experts: all rows or none, progress reported. */
export const importExperts = defineJob({
  queue: "maintenance",
  name: "importExperts",
  payload: z.object({ importId: uuid }),
  jobId: (p) => `expert-import-${p.importId}`,
  attempts: 1,
  handler: () => import("./import-experts-job"),
});
