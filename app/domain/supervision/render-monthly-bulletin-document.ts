import type { Actor } from "~/domain/actor";
import { canonicalJson, sha256Hex } from "~/domain/audit/canonical";
import type { DocumentStamp } from "~/domain/documents/stamp";
import { getDb, type Db } from "~/lib/db.server";
import { getMonthlyFigures } from "./get-monthly-figures";
import { renderMonthlyBulletinPdf } from "./monthly-bulletin-pdf";

/** The 月度通报 of a closed month, from its figures: generation and re-render of a lost file. */
export async function renderMonthlyBulletinDocument(actor: Actor, month: string, stamp: DocumentStamp, db: Db = getDb()) {
  const figures = await getMonthlyFigures(actor, { month }, db);
  return renderMonthlyBulletinPdf({
    number: stamp.number,
    contentDigest: sha256Hex(canonicalJson({ kind: "monthly-bulletin", number: stamp.number, figures })),
    generatedAt: stamp.generatedAt,
    figures,
  });
}
