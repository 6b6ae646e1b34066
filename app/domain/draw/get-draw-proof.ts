import { DomainError } from "~/domain/errors";
import { openSecret } from "~/domain/experts/secret-box";
import { getDb, type Db } from "~/lib/db.server";
import { isResultOut } from "./draw-names";
import type { PoolSelection } from "./draw-algorithm";
import type { DrawProof } from "./verify-proof";
import { isUuid } from "~/lib/uuid";


/**
 * The public proof of a draw, for anyone (no actor): before the result is final only the commitment, the
 * pools' sizes and digests and the seats' statuses (what bidders may know); with the result (候选人公示 or
 * later; staff marking the draw final reveals nothing) also the server seed, the entropy, the final seed,
 * the canonical lists and the selection — pseudonymous codes only.
 */
export async function getDrawProof(drawId: string, db: Db = getDb()): Promise<DrawProof & { revealed: boolean; lotLabel: string; seats: { specialtyCode: string; role: string; status: string }[] }> {
  if (!isUuid(drawId)) throw new DomainError("experts:errors.drawNotFound", {}, 404);
  const draw = await db.draw.findUnique({
    where: { id: drawId },
    include: { pools: { orderBy: { position: "asc" } }, members: { orderBy: [{ specialtyCode: "asc" }, { rank: "asc" }] } },
  });
  if (!draw) throw new DomainError("experts:errors.drawNotFound", {}, 404);
  const lot = await db.lot.findUnique({ where: { id: draw.lotId }, select: { status: true, title: true, project: { select: { code: true } } } });
  const revealed = draw.drawnAt !== null && draw.status !== "CANCELLED" && isResultOut(lot?.status);
  let selection: PoolSelection[] | null = null;
  if (revealed) {
    selection = draw.pools.map((p) => {
      const picked = draw.members.filter((m) => m.specialtyCode === p.specialtyCode).sort((a, b) => a.rank - b.rank);
      return { specialtyCode: p.specialtyCode, members: picked.filter((m) => m.role === "MEMBER").map((m) => m.expertCode), backups: picked.filter((m) => m.role === "BACKUP").map((m) => m.expertCode) };
    });
  }
  return {
    drawId: draw.id,
    algorithm: draw.algorithm,
    kind: draw.kind,
    seq: draw.seq,
    status: draw.status,
    lotLabel: lot ? `${lot.project.code}（${lot.title}）` : "",
    commitment: draw.commitment,
    serverSeed: revealed ? openSecret("draw-server-seed", draw.serverSeedEnc) : null,
    entropy: revealed ? draw.supervisorEntropy : null,
    finalSeed: revealed ? draw.finalSeed : null,
    pools: draw.pools.map((p) => ({
      position: p.position, specialtyCode: p.specialtyCode, members: p.members, backups: p.backups, digest: p.digest, count: p.codes.length, codes: revealed ? p.codes : null,
    })),
    selection,
    revealed,
    seats: draw.members.map((m) => ({ specialtyCode: m.specialtyCode, role: m.role, status: m.status })),
  };
}
