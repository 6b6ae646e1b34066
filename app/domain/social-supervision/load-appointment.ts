import { DomainError } from "~/domain/errors";
import type { Tx } from "~/lib/db.server";
import { isUuid } from "~/lib/uuid";



/** The appointment, locked for the rest of the transaction (decisions on it are serialised). */
export async function loadAppointmentForUpdate(tx: Tx, id: string) {
  if (!isUuid(id)) throw new DomainError("social:errors.appointmentNotFound", {}, 404);
  await tx.$executeRaw`SELECT 1 FROM "SocialSupervisorAppointment" WHERE id = ${id}::uuid FOR UPDATE`;
  const a = await tx.socialSupervisorAppointment.findUnique({ where: { id } });
  if (!a) throw new DomainError("social:errors.appointmentNotFound", {}, 404);
  return a;
}

/** The assignment, locked. */
export async function loadAssignmentForUpdate(tx: Tx, id: string) {
  if (!isUuid(id)) throw new DomainError("social:errors.assignmentNotFound", {}, 404);
  await tx.$executeRaw`SELECT 1 FROM "SocialSupervisionAssignment" WHERE id = ${id}::uuid FOR UPDATE`;
  const a = await tx.socialSupervisionAssignment.findUnique({ where: { id } });
  if (!a) throw new DomainError("social:errors.assignmentNotFound", {}, 404);
  return a;
}

/** Required free text, trimmed and bounded; refusals name the form field. */
export function requiredText(v: unknown, field: string, min = 1, max = 2000): string {
  const s = typeof v === "string" ? v.trim() : "";
  if (s.length < min) throw new DomainError("social:errors.textRequired", { min }, 422, field);
  if (s.length > max) throw new DomainError("social:errors.tooLong", { max }, 422, field);
  return s;
}

/** Unique-violation (P2002) from Prisma or 23505 from PostgreSQL. */
export const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && ((e as { code?: string }).code === "P2002" || String((e as { message?: string }).message).includes("23505"));
