import { systemActor } from "~/domain/actor";
import { generateAwardNoticeDocument } from "./generate-award-notice-document";

/** Worker entry of the `renderAwardNotice` job. */
export default async function renderAwardNoticeJob(payload: { noticeId: string }) {
  return generateAwardNoticeDocument(systemActor("worker:documents"), payload);
}
