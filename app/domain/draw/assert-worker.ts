import type { Actor } from "~/domain/actor";
import { DomainError } from "~/domain/errors";

/**
 * Backup calls and timeouts are the worker's alone (actor SYSTEM): no person can pick who replaces whom.
 * The permission table has no row for this on purpose — no role may hold it.
 */
export function assertWorker(actor: Actor): void {
  if (actor.role !== "SYSTEM") throw new DomainError("common:errors.forbidden", { permission: "draw.worker" }, 403);
}
