import { logger } from "~/lib/logger.server";
import { deleteExpiredUploads } from "./upload-server.server";

/** Handler of deleteExpiredUploads (maintenance queue). No actor, no audit: it touches no business record. */
export default async function deleteExpiredUploadsJob(): Promise<{ removed: number }> {
  const removed = await deleteExpiredUploads();
  if (removed > 0) logger.info({ removed }, "expired bid uploads removed");
  return { removed };
}
