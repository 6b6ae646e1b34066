import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { getDb } from "~/lib/db.server";
import { assertUuid } from "./load-lot";
import { assertStaffScope } from "./staff-scope";

/**
 * (tender workflow UI) Objections (异议/质疑) of a lot with their statutory clock (answerDueAt), for the
 * responsible staff and supervisors. The objecting organisation is shown: an objection is answered to
 * the one who raised it (unlike anonymous questions).
 */
export async function listLotObjections(actor: Actor, input: { lotId: string }) {
  assertCan(actor, "tender.read_internal");
  assertUuid(input.lotId);
  const db = getDb();
  const lot = await db.lot.findUnique({ where: { id: input.lotId }, include: { project: true } });
  if (!lot) throw new DomainError("tenders:errors.lotNotFound", {}, 404);
  await assertStaffScope(db, actor, lot.project);
  const rows = await db.objection.findMany({ where: { lotId: lot.id }, orderBy: { raisedAt: "asc" } });
  const orgs = await db.organisation.findMany({ where: { id: { in: rows.map((r) => r.orgId) } }, select: { id: true, name: true } });
  return rows.map((o) => ({
    id: o.id,
    text: o.text,
    raisedAt: o.raisedAt,
    answerDueAt: o.answerDueAt,
    answer: o.answer,
    answeredAt: o.answeredAt,
    orgName: orgs.find((x) => x.id === o.orgId)?.name ?? "",
  }));
}
