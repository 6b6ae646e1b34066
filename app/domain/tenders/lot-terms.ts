import { z } from "zod";
import { msg, parseMsg } from "~/domain/accounts/messages";
import { DomainError } from "~/domain/errors";
import type { EvaluationMethod } from "~/generated/prisma/enums";

/**
 * The terms of a lot as staff enter them, and their checks that need no database: lengths, amounts,
 * criteria. Statutory periods, the order of the instants and the bond ratio are the rules' (app/domain/rules)
 * on top. This file is the ONE definition of those limits: the lot form's schema
 * (app/components/tenders/lot-form-schema.ts) is built from lotTermsShape and withCriteriaRules and only
 * swaps how amounts (yuan text → fen) and instants (Beijing wall clock → instant) are read, so the browser,
 * the action and the domain refuse the same things with the same messages. Messages are i18n keys
 * ("tenders:errors.…", parameters query-string style, see ~/domain/accounts/messages). Pure: no server imports.
 */
export const LOT_LIMITS = {
  titleMax: 200,
  /** Description, qualification, notice texts. */
  longTextMax: 20_000,
  criterionNameMax: 100,
  criteriaMax: 30,
  weightMin: 1,
  weightMax: 100,
  /** 综合评估法: the weights add up to exactly this. */
  weightSum: 100,
  decryptionWindowMin: 5,
  decryptionWindowMax: 240,
  decryptionWindowDefault: 30,
} as const;

const E = (k: string, params?: Record<string, string | number>) => msg(`tenders:errors.${k}`, params);

const stripControl = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "").trim();

/** Text a user typed: trimmed, control characters (except newlines and tabs) removed. Markup is kept as text. */
export const plainText = (max: number) =>
  z
    .string()
    .transform(stripControl)
    .pipe(z.string().max(max, E("tooLong", { max })));

/** A text that must not be empty after cleaning; `empty` is the message for a missing or blank one. */
export const requiredText = (max: number, empty = E("required")) =>
  z
    .string({ error: empty })
    .transform(stripControl)
    .pipe(z.string().min(1, empty).max(max, E("tooLong", { max })));

/** Fen as bigint (or its decimal string from a form); range checks are the rules' (amountsInRange). */
export const fenField = z
  .union([z.bigint(), z.string().regex(/^-?\d{1,20}$/), z.number().int()], { error: E("amount") })
  .transform((v) => BigInt(v));

export const instantInput = z.coerce.date({ error: E("datetime") });

const L = LOT_LIMITS;

export const criterionSchema = z.object({
  name: requiredText(L.criterionNameMax, E("criterionName")),
  weight: z.coerce
    .number({ error: E("criterionWeight", { min: L.weightMin, max: L.weightMax }) })
    .int(E("criterionWeight", { min: L.weightMin, max: L.weightMax }))
    .min(L.weightMin, E("criterionWeight", { min: L.weightMin, max: L.weightMax }))
    .max(L.weightMax, E("criterionWeight", { min: L.weightMin, max: L.weightMax })),
});
export type Criterion = z.infer<typeof criterionSchema>;

const windowMsg = E("decryptionWindow", { min: L.decryptionWindowMin, max: L.decryptionWindowMax });
/** 解密时限 in minutes; required as a field (the lot terms default it, see lotTermsSchema). */
export const decryptionWindowField = z.coerce
  .number({ error: windowMsg })
  .int(windowMsg)
  .min(L.decryptionWindowMin, windowMsg)
  .max(L.decryptionWindowMax, windowMsg);

/** The fields of a lot's terms, each with its limits; the form and the domain object are built from it. */
export const lotTermsShape = {
  title: requiredText(L.titleMax),
  description: plainText(L.longTextMax).default(""),
  estimatedPriceFen: fenField,
  ceilingPriceFen: fenField,
  bondFen: fenField,
  qualification: plainText(L.longTextMax).default(""),
  evaluationMethod: z.enum(["LOWEST_PRICE", "COMPREHENSIVE"], { error: E("required") }),
  criteria: z.array(criterionSchema).max(L.criteriaMax, E("criteriaTooMany", { max: L.criteriaMax })).default([]),
  docsAvailableFrom: instantInput,
  docsAvailableTo: instantInput,
  clarificationCutoff: instantInput,
  objectionCutoff: instantInput,
  bidDeadline: instantInput,
  decryptionWindowMinutes: decryptionWindowField.default(L.decryptionWindowDefault),
};

/** The terms without their cross-field rule (publishChange picks the fields a change notice may move). */
export const lotTermsObject = z.object(lotTermsShape);

export interface TermsProblem {
  code: string;
  field: string;
  params?: Record<string, string | number>;
}

/**
 * 综合评估法 needs named, unique criteria whose weights add up to 100; 最低价法 takes none. Every problem
 * is returned (a form shows them all); the domain throws the first.
 */
export function criteriaProblems(method: EvaluationMethod, criteria: readonly Criterion[]): TermsProblem[] {
  if (method === "LOWEST_PRICE") return criteria.length ? [{ code: "tenders:errors.criteriaNotForLowestPrice", field: "criteria" }] : [];
  if (criteria.length === 0) return [{ code: "tenders:errors.criteriaRequired", field: "criteria" }];
  const out: TermsProblem[] = [];
  if (new Set(criteria.map((c) => c.name)).size !== criteria.length) out.push({ code: "tenders:errors.criteriaDuplicate", field: "criteria" });
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  if (sum !== L.weightSum) out.push({ code: "tenders:errors.criteriaWeightSum", field: "criteria", params: { sum } });
  return out;
}

/** A terms object with the criteria rule as a refinement: each problem is an issue on its field. */
export function withCriteriaRules<T extends z.ZodType<{ evaluationMethod: EvaluationMethod; criteria: Criterion[] }>>(schema: T): T {
  return schema.superRefine((v, ctx) => {
    for (const p of criteriaProblems(v.evaluationMethod, v.criteria)) {
      ctx.addIssue({ code: "custom", path: [p.field], message: msg(p.code, p.params) });
    }
  });
}

export const lotTermsSchema = withCriteriaRules(lotTermsObject);
export type LotTermsInput = z.input<typeof lotTermsSchema>;
export type LotTerms = z.output<typeof lotTermsSchema>;

/** The key instants of a lot, in the order they come. */
export const LOT_INSTANTS = ["docsAvailableFrom", "docsAvailableTo", "clarificationCutoff", "objectionCutoff", "bidDeadline"] as const;
export type LotInstantKey = (typeof LOT_INSTANTS)[number];
/** A lot's schedule: its key instants and the decryption window after the deadline. */
export type LotSchedule = Pick<LotTerms, LotInstantKey | "decryptionWindowMinutes">;

/**
 * A schema's first issue as a DomainError on its field: the issue's own message when it is one of ours
 * ("tenders:errors.…"), else invalidField naming the field (forms validate with the same schema first).
 */
export function schemaError(error: z.ZodError): DomainError {
  const issue = error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  const { key, params } = parseMsg(issue.message);
  if (key.startsWith("tenders:errors.")) return new DomainError(key, params, 422, field);
  return new DomainError("tenders:errors.invalidField", { field }, 422, field);
}

/** The terms, or the first problem (schema or criteria) as a DomainError naming its field. */
export function parseLotTerms(input: unknown): LotTerms {
  const r = lotTermsSchema.safeParse(input);
  if (r.success) return r.data;
  throw schemaError(r.error);
}

/**
 * Checks of the terms that are not statutory rules: a positive estimate (the rules check the ranges, the
 * ceiling, the bond ratio and the order of the instants — see tender-rules.ts).
 */
export function estimateProblems(t: Pick<LotTerms, "estimatedPriceFen">): TermsProblem[] {
  return t.estimatedPriceFen <= 0n ? [{ code: "tenders:errors.estimateNotPositive", field: "estimatedPriceFen" }] : [];
}

/** Throws the first problem (with its field) as a DomainError; nothing is written. */
export function throwFirst(problems: readonly TermsProblem[]): void {
  const p = problems[0];
  if (p) throw new DomainError(p.code, p.params ?? {}, 422, p.field);
}
