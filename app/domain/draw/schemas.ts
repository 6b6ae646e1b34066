import { z } from "zod";

/** One schema per form, used by the route (Conform) and the domain function alike. */
export const drawSpecialtySchema = z.object({
  code: z.string().trim().regex(/^[A-C]\d{0,6}$/, "experts:errors.specialtyCode"),
  members: z.coerce.number().int().min(1).max(30),
  backups: z.coerce.number().int().min(0).max(30),
});

export const requestDrawSchema = z.object({
  lotId: z.uuid(),
  /** Whole committee, including the buyer's representatives (招标人代表) who are not drawn. */
  committeeMembers: z.coerce.number().int().min(1).max(99),
  evaluationAt: z.coerce.date(),
  evaluationPlace: z.string().trim().min(2).max(200),
  responseMinutes: z.coerce.number().int().min(5).max(10080).optional(),
  specialties: z.array(drawSpecialtySchema).min(1).max(10),
});
export type RequestDrawInput = z.input<typeof requestDrawSchema>;

/** Free text the supervisor types or reads off dice/a banknote: at least 6 characters, kept verbatim. */
export const drawEntropySchema = z.object({
  drawId: z.uuid(),
  entropy: z.string().min(6).max(200).refine((s) => s.trim().length >= 6 && !/[\u0000-\u001f]/.test(s), "experts:errors.entropy"),
});

export const respondSchema = z.object({
  memberId: z.uuid(),
  accept: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
  reason: z.string().trim().max(300).optional(),
});

export const cancelDrawSchema = z.object({ drawId: z.uuid(), reason: z.string().trim().min(4).max(300) });
