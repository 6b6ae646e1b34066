import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";

/**
 * The expert record linked to the signed-in account — the ONLY way the self-service functions find an
 * expert: they take no expert id, so one expert can never name another's record. Locks the row (FOR
 * UPDATE) so two concurrent edits of the same profile serialise and each audit entry sees its true "before".
 */
export async function lockOwnExpert(tx: Tx, actor: Actor) {
  if (!actor.userId) throw new DomainError("experts:errors.profileNotLinked", {}, 404);
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Expert" WHERE "userId" = ${actor.userId}::uuid FOR UPDATE`;
  const id = rows[0]?.id;
  if (!id) throw new DomainError("experts:errors.profileNotLinked", {}, 404);
  return tx.expert.findUniqueOrThrow({ where: { id } });
}
