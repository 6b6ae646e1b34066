import { buildLotArchive } from "./build-lot-archive";

/** Worker entry of the `buildLotArchive` job. */
export default async function buildLotArchiveJob(payload: { lotId: string }) {
  return buildLotArchive(payload.lotId);
}
