import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { openSecret } from "~/domain/experts/secret-box";
import { getDb, type Db } from "~/lib/db.server";
import { drawSelection, finalSeedOf } from "./draw-algorithm";
import { callMember } from "./call-member";
import { drawEntropySchema } from "./schemas";

/**
 * The supervisor present adds entropy; the draw runs at once: final seed = SHA-256(serverSeed ‖ entropy ‖
 * drawId), the documented algorithm over the pools fixed at request time, members called, backups on
 * standby. The server committed to its seed before the entropy existed, and the entropy was unknown when
 * the pools were fixed: neither side alone can steer the result.
 */
export async function addDrawEntropy(actor: Actor, raw: { drawId: string; entropy: string }, db: Db = getDb()) {
  assertCan(actor, "draw.entropy");
  const input = drawEntropySchema.parse(raw);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Draw" WHERE id = ${input.drawId}::uuid FOR UPDATE`;
      const draw = await tx.draw.findUnique({ where: { id: input.drawId }, include: { pools: { orderBy: { position: "asc" } } } });
      if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
      if (draw.status !== "AWAITING_ENTROPY") throw new DomainError("experts:errors.drawNotAwaitingEntropy", {}, 409);
      const now = new Date();
      const seed = Buffer.from(openSecret("draw-server-seed", draw.serverSeedEnc), "hex");
      const finalSeed = finalSeedOf(seed, input.entropy, draw.id);
      const { selection, words } = drawSelection(
        finalSeed,
        draw.pools.map((p) => ({ specialtyCode: p.specialtyCode, members: p.members, backups: p.backups, codes: p.codes })),
      );
      const allCodes = selection.flatMap((s) => [...s.members, ...s.backups]);
      const experts = await tx.expert.findMany({ where: { code: { in: allCodes } }, select: { id: true, code: true } });
      const idOf = new Map(experts.map((e) => [e.code, e.id]));
      const rows = selection.flatMap((s) =>
        [...s.members, ...s.backups].map((code, rank) => ({
          drawId: draw.id,
          expertId: idOf.get(code)!,
          expertCode: code,
          specialtyCode: s.specialtyCode,
          role: rank < s.members.length ? ("MEMBER" as const) : ("BACKUP" as const),
          rank,
          status: "STANDBY" as const,
        })),
      );
      await tx.drawMember.createMany({ data: rows });
      const members = await tx.drawMember.findMany({ where: { drawId: draw.id, role: "MEMBER" }, orderBy: [{ specialtyCode: "asc" }, { rank: "asc" }] });
      for (const m of members) await callMember(tx, draw, m, now, draw.replacesMemberId ?? undefined);
      await tx.draw.update({
        where: { id: draw.id },
        data: { status: "DRAWN", supervisorEntropy: input.entropy, entropyById: actor.userId, entropyAt: now, finalSeed: finalSeed.toString("hex"), drawnAt: now },
      });
      // The seed and the selection stay out of the audit detail (the live log is read before the result is
      // final); the after-digest binds them.
      await appendAudit(tx, actor, {
        action: "draw.drawn",
        entityType: "Draw",
        entityId: draw.id,
        after: { finalSeed: finalSeed.toString("hex"), selection },
        detail: { lotId: draw.lotId, seq: draw.seq, commitment: draw.commitment, members: members.length, backups: rows.length - members.length, drbgWords: words },
      });
      return { drawId: draw.id, members: members.length, backups: rows.length - members.length };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
