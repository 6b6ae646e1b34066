import { systemActor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { notify } from "~/domain/notify/notify";
import type { Tx } from "~/lib/db.server";
import { appendHallEvent } from "./events";
import { moveHall } from "./hall-machine";

const SYSTEM = systemActor("opening");

/**
 * Opens the hall of a lot at its deadline instant (called by the deadline engine's OPEN_HALL handler in
 * its transaction, right after the lot moved to OPENING). Idempotent: a session that exists is returned
 * as is, so a repeated or duplicated transition job never opens a second hall. The window length is
 * copied from the lot now. Events appended here reach live viewers through the hubs' poll (the engine's
 * transaction has no after-commit hook), within a couple of seconds — nobody is in the hall yet anyway.
 */
export async function ensureOpeningSession(tx: Tx, lotId: string) {
  const existing = await tx.openingSession.findUnique({ where: { lotId } });
  if (existing) return { session: existing, created: false };
  const lot = await tx.lot.findUniqueOrThrow({ where: { id: lotId }, select: { decryptionWindowMinutes: true } });
  const [{ now }] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  await tx.openingSession.createMany({
    data: [{ lotId, decryptionWindowMinutes: lot.decryptionWindowMinutes, openedAt: now! }],
    skipDuplicates: true,
  });
  const session = await tx.openingSession.findUniqueOrThrow({ where: { lotId } });
  if (session.state !== "WAITING") return { session, created: false };
  await moveHall(tx, session.id, "WAITING", "open");
  await appendHallEvent(tx, session.id, "hall.opened", { decryptionWindowMinutes: session.decryptionWindowMinutes });
  await appendAudit(tx, SYSTEM, {
    action: "opening.opened",
    entityType: "OpeningSession",
    entityId: session.id,
    after: { lotId, state: "SIGN_IN" },
    detail: { lotId, decryptionWindowMinutes: session.decryptionWindowMinutes },
  });
  // Every organisation that obtained the documents is called to the hall (in-app, email, SMS).
  const [regs, l] = await Promise.all([
    tx.lotRegistration.findMany({ where: { lotId }, select: { bidderOrgId: true } }),
    tx.lot.findUniqueOrThrow({ where: { id: lotId }, select: { title: true, project: { select: { title: true } } } }),
  ]);
  if (regs.length > 0) {
    await notify(tx, {
      recipients: { orgIds: regs.map((r) => r.bidderOrgId), role: "BIDDER" },
      template: "opening:notify.hallOpened",
      params: { lot: `${l.project.title}（${l.title}）` },
      channels: ["inapp", "email", "sms"],
      entity: { type: "OpeningSession", id: session.id },
      link: `/hall/${lotId}`,
      dedupeKey: `hall-opened-${session.id}`,
    });
  }
  return { session: { ...session, state: "SIGN_IN" as const }, created: true };
}
