import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { openSecret } from "~/domain/experts/secret-box";
import { recordSupervisorAttendance } from "~/domain/social-supervision/record-supervisor-attendance";
import { getDb, type Db } from "~/lib/db.server";
import { drawSelection, finalSeedOf, toHex } from "./draw-algorithm";
import { announceCalls, respondByOf } from "./call-member";
import { enqueueAvoidanceRecheck } from "./recheck-draw-avoidance";
import { drawEntropySchema } from "./schemas";

interface EntropyDrawRow {
  id: string;
  lotId: string;
  seq: number;
  status: string;
  commitment: string;
  serverSeedEnc: string;
  evaluationAt: Date;
  evaluationPlace: string;
  responseMinutes: number;
  replacesMemberId: string | null;
  requestedAt: Date;
  bidDeadline: Date;
  /** Each pool's codes joined by "\n" (codes never contain it): a JSON array of thousands costs more to build and parse. */
  pools: { specialtyCode: string; members: number; backups: number; codes: string }[];
}

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
      // Lock and read in one statement: the draw, its pools in order, and the lot's deadline.
      const [draw] = await tx.$queryRaw<EntropyDrawRow[]>`
        SELECT d.id, d."lotId", d.seq, d.status::text AS status, d.commitment, d."serverSeedEnc", d."evaluationAt", d."evaluationPlace",
               d."responseMinutes", d."replacesMemberId", d."requestedAt", l."bidDeadline",
               COALESCE((SELECT json_agg(json_build_object('specialtyCode', p."specialtyCode", 'members', p.members, 'backups', p.backups,
                                                           'codes', array_to_string(p.codes, E'\n'))
                                         ORDER BY p.position) FROM "DrawPool" p WHERE p."drawId" = d.id), '[]') AS pools
          FROM "Draw" d JOIN "Lot" l ON l.id = d."lotId"
         WHERE d.id = ${input.drawId}::uuid
           FOR UPDATE OF d`;
      if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
      if (draw.status !== "AWAITING_ENTROPY") throw new DomainError("experts:errors.drawNotAwaitingEntropy", {}, 409);
      const now = new Date();
      const seed = Buffer.from(openSecret("draw-server-seed", draw.serverSeedEnc), "hex");
      const finalSeed = finalSeedOf(seed, input.entropy, draw.id);
      const pools = draw.pools.map((p) => ({ ...p, codes: p.codes === "" ? [] : p.codes.split("\n") }));
      const { selection, words } = drawSelection(finalSeed, pools);
      const allCodes = selection.flatMap((s) => [...s.members, ...s.backups]);
      const experts = await tx.expert.findMany({ where: { code: { in: allCodes } }, select: { id: true, code: true, userId: true, phone: true, email: true } });
      const byCode = new Map(experts.map((e) => [e.code, e]));
      // Members are created already called (NOTIFIED, deadline set): one INSERT for every seat.
      const respondBy = respondByOf(draw, now);
      const rows = selection.flatMap((s) =>
        [...s.members, ...s.backups].map((code, rank) => {
          const member = rank < s.members.length;
          return {
            id: randomUUID(),
            drawId: draw.id,
            expertId: byCode.get(code)!.id,
            expertCode: code,
            specialtyCode: s.specialtyCode,
            role: member ? ("MEMBER" as const) : ("BACKUP" as const),
            rank,
            status: member ? ("NOTIFIED" as const) : ("STANDBY" as const),
            ...(member ? { notifiedAt: now, respondBy, replacesId: draw.replacesMemberId } : {}),
          };
        }),
      );
      await tx.drawMember.createMany({ data: rows });
      const members = rows
        .filter((r) => r.role === "MEMBER")
        .sort((a, b) => (a.specialtyCode < b.specialtyCode ? -1 : a.specialtyCode > b.specialtyCode ? 1 : a.rank - b.rank));
      await announceCalls(tx, draw, members.map((m) => ({ ...m, contact: byCode.get(m.expertCode)! })), respondBy);
      await tx.draw.update({
        where: { id: draw.id },
        data: { status: "DRAWN", supervisorEntropy: input.entropy, entropyById: actor.userId, entropyAt: now, finalSeed: toHex(finalSeed), drawnAt: now },
      });
      // 重大项目现场监督: the supervisor who added the entropy attended this draw.
      await recordSupervisorAttendance(tx, actor, { lotId: draw.lotId, kind: "DRAW", refId: draw.id, at: now });
      // The seed and the selection stay out of the audit detail (the live log is read before the result is
      // final); the after-digest binds them.
      await appendAudit(tx, actor, {
        action: "draw.drawn",
        entityType: "Draw",
        entityId: draw.id,
        after: { finalSeed: toHex(finalSeed), selection },
        detail: { lotId: draw.lotId, seq: draw.seq, commitment: draw.commitment, members: members.length, backups: rows.length - members.length, drbgWords: words },
      });
      // Pools fixed before the deadline, drawn after it: bidders who came later are checked now (回避复核).
      if (draw.requestedAt < draw.bidDeadline && draw.bidDeadline <= now) await enqueueAvoidanceRecheck(tx, draw.lotId, `drawn-${draw.id}`);
      return { drawId: draw.id, members: members.length, backups: rows.length - members.length };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
