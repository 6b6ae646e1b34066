import { systemActor } from "~/domain/actor";
import { logger } from "~/lib/logger.server";
import { sweepOrphanBidFiles } from "./sweep-orphan-bid-files";

/** Handler of sweepOrphanBidFiles (maintenance queue). */
export default async function sweepOrphanBidFilesJob() {
  const report = await sweepOrphanBidFiles(systemActor("worker:sweep"));
  if (report.removed || report.unknown) logger.info({ ...report }, "bid storage swept");
  return report;
}
