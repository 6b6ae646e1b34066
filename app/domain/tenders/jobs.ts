import { z } from "zod";
import { defineJob } from "~/jobs/define-job";

/** Jobs of the tenders area, registered in app/jobs/definitions.ts. */
const uuid = z.uuid();

/** PDF of a published announcement (招标公告, 变更公告, 澄清 …); attaches it to Announcement.documentId. */
export const renderAnnouncement = defineJob({
  queue: "documents",
  name: "renderAnnouncement",
  payload: z.object({ announcementId: uuid }),
  jobId: (p) => `announcement-pdf-${p.announcementId}`,
  attempts: 8,
  handler: () => import("./render-announcement-job"),
});
