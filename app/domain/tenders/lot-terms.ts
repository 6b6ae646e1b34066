import { z } from "zod";
import { DomainError } from "~/domain/errors";
import type { EvaluationMethod } from "~/generated/prisma/enums";

/**
 * The terms of a lot as staff enter them, and their checks that need no database: amounts, criteria and
 * the order of the key instants. Statutory periods and the bond ratio are checked by the rules
 * (app/domain/rules) on top. The same schema validates the form in the browser and the domain input.
 */

/** Fen as bigint (or its decimal string from a form); range checks are the rules' (amountsInRange). */
const fen = z.union([z.bigint(), z.string().regex(/^-?\d{1,20}$/), z.number().int()]).transform((v) => BigInt(v));

/** Text a user typed: trimmed, control characters (except newlines and tabs) removed. Markup is kept as text. */
export const plainText = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim())
    .pipe(z.string().max(max));

export const criterionSchema = z.object({
  name: plainText(100).pipe(z.string().min(1)),
  weight: z.coerce.number().int().min(1).max(100),
});
export type Criterion = z.infer<typeof criterionSchema>;

export const lotTermsSchema = z.object({
  title: plainText(200).pipe(z.string().min(1)),
  description: plainText(20_000).default(""),
  estimatedPriceFen: fen,
  ceilingPriceFen: fen,
  bondFen: fen,
  qualification: plainText(20_000).default(""),
  evaluationMethod: z.enum(["LOWEST_PRICE", "COMPREHENSIVE"]),
  criteria: z.array(criterionSchema).max(30).default([]),
  docsAvailableFrom: z.coerce.date(),
  docsAvailableTo: z.coerce.date(),
  clarificationCutoff: z.coerce.date(),
  objectionCutoff: z.coerce.date(),
  bidDeadline: z.coerce.date(),
  decryptionWindowMinutes: z.coerce.number().int().min(5).max(240).default(30),
});
export type LotTermsInput = z.input<typeof lotTermsSchema>;
export type LotTerms = z.output<typeof lotTermsSchema>;

/** Schema errors as one DomainError naming the first bad field (forms validate client-side first). */
export function parseLotTerms(input: unknown): LotTerms {
  const r = lotTermsSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  throw new DomainError("tenders:errors.invalidField", { field }, 422, field);
}

export interface TermsProblem {
  code: string;
  field: string;
  params?: Record<string, string | number>;
}

/**
 * Checks of the terms that are not statutory rules: a positive estimate (the rules check the ranges, the
 * ceiling, the bond ratio and the order of the instants — see tender-rules.ts) and the criteria.
 */
export function estimateProblems(t: Pick<LotTerms, "estimatedPriceFen">): TermsProblem[] {
  return t.estimatedPriceFen <= 0n ? [{ code: "tenders:errors.estimateNotPositive", field: "estimatedPriceFen" }] : [];
}

/** 综合评估法 needs weighted criteria summing to 100; 最低价法 takes none. */
export function criteriaProblems(method: EvaluationMethod, criteria: readonly Criterion[]): TermsProblem[] {
  if (method === "LOWEST_PRICE") return criteria.length ? [{ code: "tenders:errors.criteriaNotForLowestPrice", field: "criteria" }] : [];
  if (criteria.length === 0) return [{ code: "tenders:errors.criteriaRequired", field: "criteria" }];
  const names = new Set(criteria.map((c) => c.name));
  if (names.size !== criteria.length) return [{ code: "tenders:errors.criteriaDuplicate", field: "criteria" }];
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  return sum === 100 ? [] : [{ code: "tenders:errors.criteriaWeightSum", field: "criteria", params: { sum } }];
}

/** Throws the first problem (with its field) as a DomainError; nothing is written. */
export function throwFirst(problems: readonly TermsProblem[]): void {
  const p = problems[0];
  if (p) throw new DomainError(p.code, p.params ?? {}, 422, p.field);
}
