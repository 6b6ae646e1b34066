import { systemActor } from "~/domain/actor";
import { generateDrawRecordDocument } from "./generate-draw-record-document";

/** Worker entry of the `renderDrawRecord` job (app/jobs/definitions.ts): the staff copy, without names. */
export default async function renderDrawRecordJob(payload: { drawId: string }) {
  return generateDrawRecordDocument(systemActor("worker:documents"), payload);
}
