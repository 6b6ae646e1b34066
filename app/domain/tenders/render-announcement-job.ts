import { systemActor } from "~/domain/actor";
import { generateAnnouncementDocument } from "./generate-announcement-document";

/** Worker entry of the `renderAnnouncement` job (app/jobs/definitions.ts). */
export default async function renderAnnouncementJob(payload: { announcementId: string }) {
  return generateAnnouncementDocument(systemActor("worker:documents"), payload);
}
