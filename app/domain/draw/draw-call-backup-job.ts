import { systemActor } from "~/domain/actor";
import { callNextBackup } from "./call-next-backup";

/** Handler of drawCallBackup (schedule queue). */
export default async function drawCallBackupJob(payload: { memberId: string }) {
  return callNextBackup(systemActor("worker:draw"), payload);
}
