import type { Actor } from "~/domain/actor";
import { getDb } from "~/lib/db.server";
import { assertCan } from "./permissions";

/** Organisations an account can be created in (non-bidder), for the admin's select box. */
export async function listManagedOrganisations(actor: Actor) {
  assertCan(actor, "account.manage");
  return getDb().organisation.findMany({
    where: { kind: { not: "BIDDER" } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true },
  });
}
