import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb, type Db } from "~/lib/db.server";
import { drawRecordDigest, loadDrawRecord, renderDrawRecordPdf } from "./render-draw-record";

/**
 * The supervisors' sealed copy of the draw record, WITH names: rendered on request and streamed, never
 * stored (a stored file would be one more place the names could leak from). Each rendering is audited,
 * so the log shows who took a copy with names and when.
 */
export async function renderSealedDrawRecord(actor: Actor, input: { drawId: string }, db: Db = getDb()) {
  assertCan(actor, "draw.names.read");
  const data = await loadDrawRecord(db, input.drawId, true);
  const generatedAt = new Date();
  const number = `ZJCQ-S${data.seq}-${data.drawId.slice(0, 8).toUpperCase()}`;
  const bytes = await renderDrawRecordPdf(data, { number, generatedAt });
  await db.$transaction((tx) =>
    appendAudit(tx, actor, {
      action: "draw.sealed_record_rendered",
      entityType: "Draw",
      entityId: data.drawId,
      detail: { contentDigest: drawRecordDigest(data), seats: data.seats.length },
    }),
  );
  return { bytes, fileName: `${number}.pdf` };
}
