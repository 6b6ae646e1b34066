import type { Actor } from "~/domain/actor";
import { appendAudit } from "~/domain/audit/append-audit";
import { getDb } from "~/lib/db.server";
import { FieldErrors, parseOrThrow, uniqueViolationFields } from "./field-errors";
import { assertCan } from "./permissions";
import { createOrganisationSchema } from "./schemas";

const DUPLICATE = { creditCode: "accounts:errors.creditCodeTaken" };

/**
 * Creates a non-bidder organisation (the centre itself, a buyer, an agency, a supervision department):
 * bidder companies register themselves through registerCompany. Used by the system admin and the seed.
 */
export async function createOrganisation(actor: Actor, raw: unknown): Promise<{ orgId: string }> {
  assertCan(actor, "org.manage");
  const input = parseOrThrow(createOrganisationSchema, { intent: "createOrg", ...(raw as object) });
  try {
    return await getDb().$transaction(async (tx) => {
      if (await tx.organisation.findUnique({ where: { creditCode: input.creditCode } })) {
        throw new FieldErrors({ creditCode: [DUPLICATE.creditCode] }, 409);
      }
      const org = await tx.organisation.create({
        data: {
          kind: input.kind,
          name: input.name,
          creditCode: input.creditCode,
          region: input.region,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
        },
      });
      await appendAudit(tx, actor, {
        action: "org.created",
        entityType: "organisation",
        entityId: org.id,
        after: { kind: org.kind, name: org.name, creditCode: org.creditCode },
        detail: { name: org.name, kind: org.kind },
      });
      return { orgId: org.id };
    });
  } catch (e) {
    throw uniqueViolationFields(e, DUPLICATE) ?? e;
  }
}
