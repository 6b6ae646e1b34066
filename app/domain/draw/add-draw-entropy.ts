import { randomUUID } from "node:crypto";
import type { Actor } from "~/domain/actor";
import { assertCan } from "~/domain/accounts/permissions";
import { appendAudit } from "~/domain/audit/append-audit";
import { DomainError } from "~/domain/errors";
import { openSecret } from "~/domain/experts/secret-box";
import { recordSupervisorAttendance } from "~/domain/social-supervision/record-supervisor-attendance";
import { getDb, type Db } from "~/lib/db.server";
import { drawSelection, finalSeedOf, toHex } from "./draw-algorithm";
import { announceCalls, callNotice, respondByOf } from "./call-member";
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
      // Members are created already called (NOTIFIED, deadline set), with the experts' ids looked up by
      // code, their call notices written and the draw marked DRAWN, in one statement; it returns what the
      // calls need.
      const respondBy = respondByOf(draw, now);
      const rows = selection.flatMap((s) =>
        [...s.members, ...s.backups].map((code, rank) => {
          const member = rank < s.members.length;
          return {
            id: randomUUID(),
            expertCode: code,
            specialtyCode: s.specialtyCode,
            role: member ? ("MEMBER" as const) : ("BACKUP" as const),
            rank,
            notice: member ? callNotice(draw, s, respondBy) : null,
          };
        }),
      );
      const created = await tx.$queryRaw<{ id: string; expertId: string; userId: string | null; phone: string; email: string }[]>`
        WITH r AS (SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json)
                     AS r(id uuid, "expertCode" text, "specialtyCode" text, role text, rank int, notice json)),
             m AS (INSERT INTO "DrawMember" (id, "drawId", "expertId", "expertCode", "specialtyCode", role, rank, status, "replacesId", "notifiedAt", "respondBy")
                   SELECT r.id, ${draw.id}::uuid, e.id, r."expertCode", r."specialtyCode", r.role::"DrawMemberRole", r.rank,
                          (CASE r.role WHEN 'MEMBER' THEN 'NOTIFIED' ELSE 'STANDBY' END)::"DrawMemberStatus",
                          CASE r.role WHEN 'MEMBER' THEN ${draw.replacesMemberId}::uuid END,
                          CASE r.role WHEN 'MEMBER' THEN ${now}::timestamptz END,
                          CASE r.role WHEN 'MEMBER' THEN ${respondBy}::timestamptz END
                     FROM r JOIN "Expert" e ON e.code = r."expertCode"
                   RETURNING id, "expertId"),
             n AS (INSERT INTO "ExpertNotice" (id, "expertId", "drawMemberId", kind, params)
                   SELECT gen_random_uuid(), m."expertId", m.id, r.notice->>'kind', (r.notice->'params')::jsonb
                     FROM m JOIN r ON r.id = m.id WHERE r.notice IS NOT NULL),
             d AS (UPDATE "Draw" SET status = 'DRAWN', "supervisorEntropy" = ${input.entropy}, "entropyById" = ${actor.userId}::uuid,
                                     "entropyAt" = ${now}::timestamptz, "finalSeed" = ${toHex(finalSeed)}, "drawnAt" = ${now}::timestamptz
                    WHERE id = ${draw.id}::uuid)
        SELECT m.id::text AS id, m."expertId"::text AS "expertId", e."userId"::text AS "userId", e.phone, e.email
          FROM m JOIN "Expert" e ON e.id = m."expertId"`;
      // Every drawn code is an expert of the pool: a missing one means the data changed under the draw.
      if (created.length !== rows.length) throw new Error(`draw ${draw.id}: ${rows.length - created.length} drawn code(s) without an expert`);
      const byId = new Map(created.map((c) => [c.id, c]));
      const members = rows
        .filter((r) => r.role === "MEMBER")
        .sort((a, b) => (a.specialtyCode < b.specialtyCode ? -1 : a.specialtyCode > b.specialtyCode ? 1 : a.rank - b.rank))
        .map((r) => {
          const c = byId.get(r.id)!;
          return { id: r.id, expertId: c.expertId, specialtyCode: r.specialtyCode, contact: { userId: c.userId, phone: c.phone, email: c.email } };
        });
      await announceCalls(tx, draw, members, respondBy, { noticesWritten: true });
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
